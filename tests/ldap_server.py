"""A real OpenLDAP directory for the tests: Debian's `slapd` (packages slapd, ldap-utils)
started on a free loopback port with its configuration and data in a temporary folder,
and stopped after. One place for it, used by the LDAP tests and any later ones.

Without slapd the tests that need it are skipped with the reason, unless
SAMSPILL_REQUIRE_SLAPD=1 (CI sets it): then they fail, so CI cannot pass without them.
"""

import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.servers import _wait_for_port, free_port

SUFFIX = "dc=samspill,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "directory-admin-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
_SCHEMAS = ("core", "cosine", "inetorgperson", "nis")


def slapd_binary() -> str | None:
    return shutil.which("slapd") or next(
        (p for p in ("/usr/sbin/slapd", "/usr/local/sbin/slapd") if Path(p).exists()), None
    )


def require_slapd() -> str:
    binary = slapd_binary()
    reason = None
    if binary is None:
        reason = "slapd is not installed (apt-get install slapd ldap-utils)"
    elif importlib.util.find_spec("django_auth_ldap") is None:
        # python-ldap builds from source against libldap's headers: the optional "ldap" extra.
        reason = "django-auth-ldap is not installed (pip install -e '.[ldap]')"
    if reason:
        if os.environ.get("SAMSPILL_REQUIRE_SLAPD") == "1":
            pytest.fail(f"{reason}, and SAMSPILL_REQUIRE_SLAPD=1 requires it")
        pytest.skip(reason)
    return binary


def _config(folder: Path) -> str:
    schemas = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in _SCHEMAS)
    return f"""{schemas}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORD}
directory {folder}/data
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
"""


class LdapServer:
    def __init__(self):
        self.port = free_port()
        self.folder: Path | None = None
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def start(self) -> "LdapServer":
        binary = require_slapd()
        self.folder = Path(tempfile.mkdtemp(prefix="samspill-slapd-"))
        (self.folder / "data").mkdir()
        conf = self.folder / "slapd.conf"
        conf.write_text(_config(self.folder), encoding="utf-8")
        # -d 0: stay in the foreground (so the test owns the process), log nothing.
        self.process = subprocess.Popen(
            [binary, "-f", str(conf), "-h", f"{self.uri}/", "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for_port(self.port, self.process, seconds=20)
        except RuntimeError as error:
            stderr = self.process.stderr.read().decode(errors="replace")
            raise RuntimeError(f"{error}: {stderr[-2000:]}") from None
        self._add_base()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _connection(self):
        import ldap

        connection = ldap.initialize(self.uri)
        connection.simple_bind_s(ADMIN_DN, ADMIN_PASSWORD)
        return connection

    def _add(self, dn: str, attributes: dict[str, list[str]]) -> None:
        from ldap import modlist

        connection = self._connection()
        try:
            encoded = {k: [v.encode() for v in values] for k, values in attributes.items()}
            connection.add_s(dn, modlist.addModlist(encoded))
        finally:
            connection.unbind_s()

    def _add_base(self) -> None:
        self._add(SUFFIX, {"objectClass": ["dcObject", "organization"], "o": ["Samspill"]})
        for dn, name in ((PEOPLE, "people"), (GROUPS, "groups")):
            self._add(dn, {"objectClass": ["organizationalUnit"], "ou": [name]})

    def add_person(self, uid: str, password: str, *, given: str, surname: str, mail: str) -> str:
        dn = f"uid={uid},{PEOPLE}"
        self._add(
            dn,
            {
                "objectClass": ["inetOrgPerson"],
                "uid": [uid],
                "cn": [f"{given} {surname}"],
                "givenName": [given],
                "sn": [surname],
                "mail": [mail],
                "userPassword": [password],
            },
        )
        return dn

    def add_group(self, name: str, members: list[str]) -> str:
        dn = f"cn={name},{GROUPS}"
        self._add(dn, {"objectClass": ["groupOfNames"], "cn": [name], "member": members})
        return dn
