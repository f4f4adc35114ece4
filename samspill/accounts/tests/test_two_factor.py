"""Two-factor login (allauth.mfa) behind Samspill's own login page: TOTP with recovery
codes, the rate limit on codes, and the site setting that requires it."""

import dataclasses

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from conftest import PASSWORD, UserFactory
from samspill.accounts import site


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def log_in(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def confirm_password(client) -> None:
    """allauth asks for the password again before a second factor is added or removed."""
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(asked["Location"], {"password": PASSWORD})
    assert response.status_code == 302


def activate_totp(client) -> str:
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302, response.content[:500]
    return secret


def signed_in(client):
    return client.get(reverse("projects:list")).wsgi_request.user


@pytest.fixture
def with_totp(client, owner, pinned_clock):
    """The owner, with TOTP set up, signed out again; a code is never accepted twice, so
    the clock moves on a minute."""
    assert log_in(client, "owner").status_code == 302
    secret = activate_totp(client)
    client.logout()
    pinned_clock.shift(60)
    return secret


def test_totp_setup_shows_a_qr_code_and_the_key(client, owner):
    log_in(client, "owner")
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    body = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert client.session[SECRET_SESSION_KEY] in body


def test_a_wrong_code_does_not_activate_totp(client, owner):
    log_in(client, "owner")
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=owner).exists()


def test_totp_setup_makes_recovery_codes(client, owner):
    log_in(client, "owner")
    activate_totp(client)
    types = set(Authenticator.objects.filter(user=owner).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_the_password_alone_no_longer_signs_in(client, with_totp):
    response = log_in(client, "owner")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client).is_authenticated


def test_the_password_and_a_code_sign_in(client, owner, with_totp):
    log_in(client, "owner")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(with_totp)})
    assert response.status_code == 302
    assert signed_in(client) == owner


def test_a_recovery_code_signs_in_once(client, owner, with_totp):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes(
        Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    log_in(client, "owner")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert signed_in(client) == owner
    client.logout()
    log_in(client, "owner")
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200
    assert not signed_in(client).is_authenticated


def test_guessing_codes_is_rate_limited(client, with_totp):
    """Five wrong codes for an account in five minutes, then even the right code is
    refused: a million codes cannot be tried."""
    log_in(client, "owner")
    wrong = f"{(int(current_code(with_totp)) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert "Incorrect code." in response.content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"code": current_code(with_totp)})
    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert not signed_in(client).is_authenticated


def test_the_limit_holds_across_new_login_attempts(client, with_totp):
    """Starting the login again does not reset the count: it is kept per account."""
    wrong = f"{(int(current_code(with_totp)) + 1) % 1_000_000:06d}"
    for _attempt in range(5):
        log_in(client, "owner")
        client.post(reverse("mfa_authenticate"), {"code": wrong})
    log_in(client, "owner")
    refused = client.post(reverse("mfa_authenticate"), {"code": current_code(with_totp)})
    assert "Too many failed login attempts" in refused.content.decode()
    assert not signed_in(client).is_authenticated


def test_two_factor_pages_are_in_norwegian(client, owner):
    log_in(client, "owner")
    client.cookies["samspill_language"] = "nb"
    body = client.get(reverse("mfa_index")).content.decode()
    assert "Tofaktorautentisering" in body or "tofaktor" in body.lower()


# --- SAMSPILL_REQUIRE_2FA


@pytest.fixture
def required(settings):
    settings.AUTH = dataclasses.replace(settings.AUTH, require_2fa=True)


def test_an_owner_without_two_factor_is_sent_to_set_it_up(client, owner, project, required):
    log_in(client, "owner")
    response = client.get(project.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    activate_totp(client)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_a_site_admin_without_two_factor_is_sent_to_set_it_up(client, db, required):
    admin = UserFactory(username="admin")
    site.site_admin_grant(actor=None, user=admin)
    log_in(client, "admin")
    assert client.get(reverse("accounts:site_users"))["Location"] == reverse("mfa_activate_totp")


def test_a_viewer_is_not_asked_for_two_factor(client, members, project, required):
    log_in(client, "viewer")
    assert client.get(project.get_absolute_url()).status_code == 200


def test_an_sso_owner_is_not_asked_for_two_factor(client, owner, project, required):
    owner.set_unusable_password()
    owner.save()
    client.force_login(owner)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_without_the_setting_nobody_is_sent_to_set_it_up(client, owner, project):
    log_in(client, "owner")
    assert client.get(project.get_absolute_url()).status_code == 200


def test_the_totp_key_is_stored_encrypted_and_survives_a_key_rotation(
    client, owner, settings, with_totp
):
    from cryptography.fernet import InvalidToken

    from samspill.accounts.mfa import MFAAdapter

    stored = Authenticator.objects.get(user=owner, type=Authenticator.Type.TOTP).data["secret"]
    assert with_totp not in stored
    assert MFAAdapter().decrypt(stored) == with_totp

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert MFAAdapter().decrypt(stored) == with_totp
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidToken):
        MFAAdapter().decrypt(stored)
