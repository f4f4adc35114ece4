"""A misconfigured sign-in environment stops the start with a message naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from samspill.accounts import auth_config

OIDC = {
    "SAMSPILL_OIDC_ISSUER": "https://login.example.org/realms/acme",
    "SAMSPILL_OIDC_CLIENT_ID": "samspill",
    "SAMSPILL_OIDC_CLIENT_SECRET": "s3cret",
}


@pytest.fixture
def env(monkeypatch):
    for name in [
        *OIDC,
        "SAMSPILL_OIDC_CLIENT_SECRET_FILE",
        "SAMSPILL_OIDC_CREATE_ACCOUNTS",
        "SAMSPILL_OIDC_ALLOWED_DOMAINS",
        "SAMSPILL_LDAP_URI",
        "SAMSPILL_LDAP_USER_SEARCH_BASE",
        "SAMSPILL_REMOTE_USER_HEADER",
        "SAMSPILL_LOCAL_LOGIN_ADMINS_ONLY",
    ]:
        monkeypatch.delenv(name, raising=False)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def refused(production: bool = False) -> str:
    with pytest.raises(ImproperlyConfigured) as error:
        auth_config.read(production)
    return str(error.value)


def test_nothing_set_means_passwords_only(env):
    config = auth_config.read(False)
    assert (config.oidc, config.ldap, config.remote_user_header) == (None, None, "")
    assert not config.sso_on


def test_a_complete_oidc_environment_is_read(env):
    env(
        **OIDC, SAMSPILL_OIDC_CREATE_ACCOUNTS="1", SAMSPILL_OIDC_ALLOWED_DOMAINS="Acme.no, @acme.se"
    )
    config = auth_config.read(True)
    assert config.oidc.issuer == "https://login.example.org/realms/acme"
    assert config.oidc.allowed_domains == ["acme.no", "acme.se"]
    assert config.oidc.name == "single sign-on"


def test_the_client_secret_comes_from_a_file(env, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    env(**{**OIDC, "SAMSPILL_OIDC_CLIENT_SECRET": ""}, SAMSPILL_OIDC_CLIENT_SECRET_FILE=str(secret))
    assert auth_config.read(False).oidc.client_secret == "from-a-file"


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("SAMSPILL_OIDC_CLIENT_ID", "SAMSPILL_OIDC_CLIENT_ID must be set"),
        ("SAMSPILL_OIDC_CLIENT_SECRET", "SAMSPILL_OIDC_CLIENT_SECRET (or SAMSPILL_OIDC_CLIENT"),
    ],
)
def test_a_missing_oidc_variable_is_named(env, missing, named):
    env(**{**OIDC, missing: ""})
    assert named in refused()


def test_an_issuer_that_is_not_a_url_is_named(env):
    env(**{**OIDC, "SAMSPILL_OIDC_ISSUER": "login.example.org"})
    assert "SAMSPILL_OIDC_ISSUER must be a URL" in refused()


def test_production_needs_https_for_the_issuer(env):
    env(**{**OIDC, "SAMSPILL_OIDC_ISSUER": "http://login.example.org"})
    assert "SAMSPILL_OIDC_ISSUER must use https" in refused(production=True)
    assert auth_config.read(False).oidc is not None


def test_just_in_time_accounts_need_allowed_domains(env):
    env(**OIDC, SAMSPILL_OIDC_CREATE_ACCOUNTS="yes")
    assert "SAMSPILL_OIDC_ALLOWED_DOMAINS must name at least one" in refused()


def test_a_bad_domain_is_named(env):
    env(**OIDC, SAMSPILL_OIDC_ALLOWED_DOMAINS="acme.no, not a domain")
    assert "SAMSPILL_OIDC_ALLOWED_DOMAINS has 'not a domain'" in refused()


def test_a_bad_boolean_is_named(env):
    env(**OIDC, SAMSPILL_OIDC_CREATE_ACCOUNTS="sometimes")
    assert "SAMSPILL_OIDC_CREATE_ACCOUNTS must be one of" in refused()


def test_oidc_settings_without_an_issuer_are_named(env):
    env(SAMSPILL_OIDC_CLIENT_ID="samspill")
    assert "SAMSPILL_OIDC_CLIENT_ID is set but SAMSPILL_OIDC_ISSUER is not" in refused()


def test_ldap_needs_a_search_base_and_a_user_placeholder(env):
    env(SAMSPILL_LDAP_URI="ldap://dc1.acme.local")
    assert "SAMSPILL_LDAP_USER_SEARCH_BASE must be set" in refused()
    env(SAMSPILL_LDAP_USER_SEARCH_BASE="dc=acme,dc=local", SAMSPILL_LDAP_USER_FILTER="(uid=x)")
    assert "SAMSPILL_LDAP_USER_FILTER must contain %(user)s" in refused()


def test_ldap_in_production_needs_tls(env):
    env(SAMSPILL_LDAP_URI="ldap://dc1.acme.local", SAMSPILL_LDAP_USER_SEARCH_BASE="dc=acme")
    assert "SAMSPILL_LDAP_URI must use ldaps" in refused(production=True)
    env(SAMSPILL_LDAP_START_TLS="1")
    assert auth_config.read(True).ldap.start_tls


def test_a_bad_proxy_header_name_is_named(env):
    env(SAMSPILL_REMOTE_USER_HEADER="X Remote User")
    assert "SAMSPILL_REMOTE_USER_HEADER must be a header name" in refused()


def test_admins_only_passwords_need_another_way_in(env):
    env(SAMSPILL_LOCAL_LOGIN_ADMINS_ONLY="1")
    assert "SAMSPILL_LOCAL_LOGIN_ADMINS_ONLY needs a way in" in refused()
