import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD


def _ask(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def _link(message) -> str:
    return re.search(r"https://samspill\.example(/\S+)", message.body).group(1)


def test_login_page_links_to_the_reset(client):
    body = client.get(reverse("login")).content.decode()
    assert reverse("accounts:password_reset") in body


def test_a_known_address_gets_a_link_that_sets_a_new_password(client, owner):
    response = _ask(client, "owner@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.org"]
    assert "owner" in message.body  # the username, in case it was forgotten too
    link = _link(message)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password("a fresh long passphrase")


def test_a_reset_link_works_only_once(client, owner):
    _ask(client, "owner@example.org")
    link = _link(mail.outbox[0])
    page = client.get(link, follow=True)
    new = {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"}
    client.post(page.redirect_chain[-1][0], new)
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This reset link does not work" in again.content.decode()


def test_a_made_up_reset_link_gets_a_clear_page(client, owner):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "abc-123"]), follow=True
    )
    assert response.status_code == 200
    assert "This reset link does not work" in response.content.decode()


def test_known_and_unknown_addresses_get_the_same_answer(client, owner):
    """Account enumeration: the answer to a known address and to an unknown one is the
    same redirect to the same page; only the owner of the address learns more."""
    known = _ask(client, "owner@example.org")
    unknown = _ask(client, "nobody@example.org")
    malformed_but_close = _ask(client, "OWNER@example.org ")
    assert known.status_code == unknown.status_code == malformed_but_close.status_code == 302
    assert known["Location"] == unknown["Location"] == malformed_but_close["Location"]
    done = client.get(known["Location"]).content.decode()
    assert "If the address belongs to an account here" in done
    assert [m.to for m in mail.outbox] == [["owner@example.org"], ["owner@example.org"]]


def test_a_bad_address_is_a_form_error_not_a_crash(client, db):
    response = _ask(client, "not an address")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not mail.outbox


def test_the_reset_is_rate_limited_without_saying_so(client, owner):
    for _ in range(10):
        _ask(client, "owner@example.org")
    response = _ask(client, "owner@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 10


def test_without_email_the_page_says_so_and_sends_nothing(client, owner, settings):
    settings.MAILERS = {}
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "This server has no e-mail set up" in page
    response = _ask(client, "owner@example.org")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not mail.outbox


def test_the_reset_pages_speak_norwegian(client, owner):
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    body = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Nullstill passordet ditt" in body
    _ask(client, "owner@example.org")
    assert "Noen har bedt om" in mail.outbox[0].body


@pytest.mark.parametrize("email", ["owner@example.org", "nobody@example.org"])
def test_an_inactive_account_gets_no_mail_and_the_same_page(client, owner, email):
    owner.is_active = False
    owner.save()
    response = _ask(client, email)
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not mail.outbox


def test_changing_the_password_needs_the_old_one(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a fresh long passphrase",
            "new_password2": "a fresh long passphrase",
        },
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
