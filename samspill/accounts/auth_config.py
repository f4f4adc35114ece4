"""How people sign in, read from the environment: OpenID Connect, LDAP, a trusted proxy
header, local passwords and two-factor login (docs/accounts.md, "Single sign-on").

settings.py calls `read()` once. Every mistake stops the start with a message naming the
variable, like the helpers in samspill/env.py. Nothing here imports a model.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from samspill.env import env_bool, env_list, env_secret, env_str

# The one OpenID Connect provider Samspill talks to; its URLs are /accounts/oidc/sso/...
OIDC_PROVIDER_ID = "sso"
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_HEADER = re.compile(r"^[A-Za-z0-9-]{1,64}$")


@dataclass(frozen=True)
class Oidc:
    issuer: str
    client_id: str
    client_secret: str
    name: str
    scopes: list[str]
    create_accounts: bool
    allowed_domains: list[str]
    groups_claim: str
    admin_groups: list[str]
    trust_email: bool


@dataclass(frozen=True)
class Ldap:
    uri: str
    bind_dn: str
    bind_password: str
    user_search_base: str
    user_filter: str
    start_tls: bool
    admin_group: str


@dataclass(frozen=True)
class AuthConfig:
    oidc: Oidc | None = None
    ldap: Ldap | None = None
    remote_user_header: str = ""
    remote_user_create: bool = False
    local_login_admins_only: bool = False
    require_2fa: bool = False
    webauthn: bool = True

    @property
    def sso_on(self) -> bool:
        return self.oidc is not None or self.ldap is not None or bool(self.remote_user_header)


def _required(name: str, why: str) -> str:
    value = env_str(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set {why}.")
    return value


def _secret_required(name: str, why: str) -> str:
    value = (env_secret(name) or "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set {why}.")
    return value


def _url(name: str, value: str, production: bool, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}; "
            f"got {value!r}."
        )
    if production and parts.scheme in ("http", "ldap") and parts.hostname not in _LOOPBACK:
        secure = "https" if parts.scheme == "http" else "ldaps (or ldap with STARTTLS)"
        if not (parts.scheme == "ldap" and env_bool("SAMSPILL_LDAP_START_TLS")):
            raise ImproperlyConfigured(
                f"{name} must use {secure} when SAMSPILL_PRODUCTION=1; got {value!r}."
            )
    return value


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _domains(name: str) -> list[str]:
    domains = [d.lower().lstrip("@") for d in env_list(name, [])]
    for domain in domains:
        if not _DOMAIN.match(domain):
            raise ImproperlyConfigured(f"{name} has {domain!r}, which is not a domain name.")
    return domains


def _oidc(production: bool) -> Oidc | None:
    issuer = env_str("SAMSPILL_OIDC_ISSUER", "").strip()
    if not issuer:
        for name in ("SAMSPILL_OIDC_CLIENT_ID", "SAMSPILL_OIDC_ALLOWED_DOMAINS"):
            if env_str(name, "").strip():
                raise ImproperlyConfigured(f"{name} is set but SAMSPILL_OIDC_ISSUER is not.")
        return None
    why = "when SAMSPILL_OIDC_ISSUER is set"
    create = env_bool("SAMSPILL_OIDC_CREATE_ACCOUNTS")
    domains = _domains("SAMSPILL_OIDC_ALLOWED_DOMAINS")
    if create and not domains:
        raise ImproperlyConfigured(
            "SAMSPILL_OIDC_ALLOWED_DOMAINS must name at least one e-mail domain when "
            "SAMSPILL_OIDC_CREATE_ACCOUNTS is on (otherwise anyone at the provider gets in)."
        )
    scopes = env_str("SAMSPILL_OIDC_SCOPES", "openid profile email").split()
    if "openid" not in scopes:
        raise ImproperlyConfigured("SAMSPILL_OIDC_SCOPES must include openid.")
    name = env_str("SAMSPILL_OIDC_NAME", "").strip() or "single sign-on"
    if len(name) > 60:
        raise ImproperlyConfigured("SAMSPILL_OIDC_NAME must be at most 60 characters.")
    return Oidc(
        issuer=_url("SAMSPILL_OIDC_ISSUER", issuer.rstrip("/"), production, ("https", "http")),
        client_id=_required("SAMSPILL_OIDC_CLIENT_ID", why),
        client_secret=_secret_required("SAMSPILL_OIDC_CLIENT_SECRET", why),
        name=name,
        scopes=scopes,
        create_accounts=create,
        allowed_domains=domains,
        groups_claim=env_str("SAMSPILL_OIDC_GROUPS_CLAIM", "groups").strip() or "groups",
        admin_groups=env_list("SAMSPILL_OIDC_ADMIN_GROUPS", []),
        trust_email=env_bool("SAMSPILL_OIDC_TRUST_EMAIL"),
    )


def _ldap(production: bool) -> Ldap | None:
    uri = env_str("SAMSPILL_LDAP_URI", "").strip()
    if not uri:
        if env_str("SAMSPILL_LDAP_USER_SEARCH_BASE", "").strip():
            raise ImproperlyConfigured(
                "SAMSPILL_LDAP_USER_SEARCH_BASE is set but SAMSPILL_LDAP_URI is not."
            )
        return None
    why = "when SAMSPILL_LDAP_URI is set"
    user_filter = env_str("SAMSPILL_LDAP_USER_FILTER", "(uid=%(user)s)").strip()
    if "%(user)s" not in user_filter:
        raise ImproperlyConfigured(
            "SAMSPILL_LDAP_USER_FILTER must contain %(user)s, where the username goes; "
            f"got {user_filter!r}."
        )
    bind_dn = env_str("SAMSPILL_LDAP_BIND_DN", "").strip()
    return Ldap(
        uri=_url("SAMSPILL_LDAP_URI", uri, production, ("ldap", "ldaps")),
        bind_dn=bind_dn,
        bind_password=(
            _secret_required("SAMSPILL_LDAP_BIND_PASSWORD", "when SAMSPILL_LDAP_BIND_DN is set")
            if bind_dn
            else ""
        ),
        user_search_base=_required("SAMSPILL_LDAP_USER_SEARCH_BASE", why),
        user_filter=user_filter,
        start_tls=env_bool("SAMSPILL_LDAP_START_TLS"),
        admin_group=env_str("SAMSPILL_LDAP_ADMIN_GROUP", "").strip(),
    )


def _remote_user_header() -> str:
    header = env_str("SAMSPILL_REMOTE_USER_HEADER", "").strip()
    if header and not _HEADER.match(header):
        raise ImproperlyConfigured(
            f"SAMSPILL_REMOTE_USER_HEADER must be a header name such as X-Remote-User; "
            f"got {header!r}."
        )
    return header


def read(production: bool) -> AuthConfig:
    config = AuthConfig(
        oidc=_oidc(production),
        ldap=_ldap(production),
        remote_user_header=_remote_user_header(),
        remote_user_create=env_bool("SAMSPILL_REMOTE_USER_CREATE"),
        local_login_admins_only=env_bool("SAMSPILL_LOCAL_LOGIN_ADMINS_ONLY"),
        require_2fa=env_bool("SAMSPILL_REQUIRE_2FA"),
        webauthn=env_bool("SAMSPILL_WEBAUTHN", True),
    )
    if config.local_login_admins_only and not config.sso_on:
        raise ImproperlyConfigured(
            "SAMSPILL_LOCAL_LOGIN_ADMINS_ONLY needs a way in for everyone else: set "
            "SAMSPILL_OIDC_ISSUER, SAMSPILL_LDAP_URI or SAMSPILL_REMOTE_USER_HEADER."
        )
    return config


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, as a Content-Security-Policy source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def header_meta_key(header: str) -> str:
    """The request.META key of an HTTP header: X-Remote-User -> HTTP_X_REMOTE_USER."""
    return "HTTP_" + header.upper().replace("-", "_")
