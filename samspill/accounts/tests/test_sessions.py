"""Sessions read with their account: one query instead of two, and nothing about who is
signed in changes (samspill/accounts/sessions)."""

import importlib

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samspill.accounts import site
from samspill.accounts.models import Session, SiteAccount
from samspill.accounts.sessions import account_read_with_session

ENGINES = ["samspill.accounts.sessions.db", "samspill.accounts.sessions.cached_db"]


def _user_reads(queries) -> list[str]:
    """The queries that read the account table, the session's own included."""
    return [q["sql"] for q in queries if '"auth_user"' in q["sql"]]


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    settings.SESSION_ENGINE = request.param
    return request.param


def test_a_signed_in_request_reads_session_and_account_in_one_query(client, members, engine):
    viewer = members["viewer"]
    client.force_login(viewer)
    if engine.endswith("cached_db"):
        from django.core.cache import cache

        cache.clear()  # the database copy is what a cache miss reads
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    assert response.wsgi_request.user == viewer
    reads = _user_reads(queries.captured_queries)
    assert len(reads) == 1 and '"accounts_session"' in reads[0]
    assert not any('"django_session"' in q["sql"] for q in queries.captured_queries)


def test_the_session_row_names_its_account_and_signing_out_clears_it(client, members):
    viewer = members["viewer"]
    client.force_login(viewer)
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).user_id == viewer.pk
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    anonymous = client.get(reverse("login"))  # a fresh session names no account
    assert anonymous.status_code == 200
    assert not Session.objects.filter(user=viewer).exists()


def test_a_changed_password_still_ends_other_sessions(client, members, engine):
    """Django's session hash check runs on the row read with the session."""
    viewer = members["viewer"]
    client.force_login(viewer)
    viewer.set_password("a-new-password-nobody-knows")
    viewer.save()
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_a_deactivated_account_read_with_its_session_is_refused(client, members, engine):
    viewer = members["viewer"]
    client.force_login(viewer)
    type(viewer).objects.filter(pk=viewer.pk).update(is_active=False)
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_column_never_decides_who_is_signed_in(client, members, owner):
    """A row whose column names another account (tampered, or stale) signs in the account
    the session's data names, read by its own query, never the column's."""
    viewer = members["viewer"]
    client.force_login(viewer)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(user=owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:list"))
    assert response.wsgi_request.user == viewer
    assert len(_user_reads(queries.captured_queries)) == 2  # the session's, then the account


def test_an_account_without_a_site_account_row_reads_no_more(client, members):
    viewer = members["viewer"]
    SiteAccount.objects.filter(user=viewer).delete()
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    assert len(_user_reads(queries.captured_queries)) == 1
    assert not site.is_site_admin(response.wsgi_request.user)


def test_the_account_read_with_a_session_stays_inside_its_request(client, members):
    viewer = members["viewer"]
    client.force_login(viewer)
    client.get(reverse("projects:list"))
    assert account_read_with_session(viewer.pk) is None


def test_deleting_an_account_deletes_its_sessions(client, make_user):
    leaving = make_user(username="leaving")
    client.force_login(leaving)
    assert Session.objects.filter(user=leaving).exists()
    leaving.delete()
    assert not Session.objects.exists()
    assert client.get(reverse("projects:list")).status_code == 302


def test_a_session_whose_account_is_gone_is_anonymous(client, make_user):
    gone = make_user(username="gone")
    client.force_login(gone)
    # Deleted behind the ORM's back: the column dangles (no database constraint).
    type(gone).objects.filter(pk=gone.pk)._raw_delete(connection.alias)
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _historical_apps():
    """The models as migration 0004 sees them, without running any migration."""
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state(("accounts", "0004_session")).apps


def test_the_upgrade_moves_live_sessions_and_empties_the_old_table(client, members, make_user):
    """Migration 0004 copies Django's own live session rows, with their account, and
    leaves none behind that a later sign-out could miss."""
    viewer = members["viewer"]
    stale = make_user(username="stale")
    old = DjangoSessionStore()
    old[SESSION_KEY] = str(viewer.pk)
    old["_auth_user_backend"] = "samspill.accounts.backends.ModelBackend"
    old["_auth_user_hash"] = viewer.get_session_auth_hash()
    old.create()
    expired = DjangoSessionStore()
    expired[SESSION_KEY] = str(stale.pk)
    expired.create()
    DjangoSession.objects.filter(session_key=expired.session_key).update(
        expire_date="2000-01-01T00:00:00Z"
    )
    gone = DjangoSessionStore()
    gone[SESSION_KEY] = "987654"  # an account that no longer exists
    gone.create()
    DjangoSession.objects.create(
        session_key="x" * 32, session_data="not signed data", expire_date="2100-01-01T00:00:00Z"
    )
    migration = importlib.import_module("samspill.accounts.migrations.0004_session")
    migration.keep_signed_in(_historical_apps(), None)

    assert Session.objects.get(session_key=old.session_key).user_id == viewer.pk
    assert Session.objects.get(session_key=gone.session_key).user_id is None
    assert Session.objects.get(session_key="x" * 32).user_id is None
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert not DjangoSession.objects.exists()
    client.cookies["sessionid"] = old.session_key
    response = client.get(reverse("projects:list"))
    assert response.status_code == 200 and response.wsgi_request.user == viewer


def test_signing_in_through_the_login_page_names_the_account_under_a_new_key(client, members):
    from conftest import PASSWORD

    viewer = members["viewer"]
    client.get(reverse("login"))
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302
    key = client.cookies["sessionid"].value
    assert key != before
    assert Session.objects.get(session_key=key).user_id == viewer.pk
    assert client.get(reverse("projects:list")).wsgi_request.user == viewer


def test_signing_in_as_someone_else_in_the_same_browser_moves_the_column(client, members):
    client.force_login(members["viewer"])
    client.force_login(members["editor"])  # Django's login(): another account flushes
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).user_id == members["editor"].pk
    assert Session.objects.filter(user=members["viewer"]).count() == 0
    assert client.get(reverse("projects:list")).wsgi_request.user == members["editor"]


def test_a_second_look_at_the_user_in_the_same_request_reads_the_account_afresh(rf, members):
    """The row read with the session serves the first look only: after a password change
    and update_session_auth_hash in the same request, the user is still signed in."""
    from django.contrib.auth import login, update_session_auth_hash
    from django.contrib.sessions.middleware import SessionMiddleware

    from samspill.accounts import sessions

    viewer = members["viewer"]
    request = rf.get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    login(request, viewer, backend="samspill.accounts.backends.ModelBackend")
    request.session.save()
    key = request.session.session_key

    again = rf.get("/")
    again.COOKIES["sessionid"] = key
    SessionMiddleware(lambda r: None).process_request(again)
    user = sessions.get_user(again)
    assert user == viewer
    changed = type(viewer).objects.get(pk=viewer.pk)  # as a password form loads it
    changed.set_password("a-new-password-nobody-knows")
    changed.save()
    again.user = changed
    update_session_auth_hash(again, changed)
    del again._cached_user
    assert sessions.get_user(again) == viewer


def test_an_asynchronous_save_names_the_account_too(members):
    import asyncio

    from samspill.accounts.sessions.db import SessionStore

    viewer = members["viewer"]
    store = SessionStore(session_key="k" * 32)
    store._session_cache = {SESSION_KEY: str(viewer.pk)}  # loaded: no read, no thread
    row = asyncio.run(store.acreate_model_instance(store._session_cache))
    assert row.user_id == viewer.pk


def test_cached_sessions_ignore_what_djangos_own_store_cached(client, members, settings):
    """Before the upgrade Django's cached_db store kept sessions under its own prefix; this
    store reads the database copy instead of such an entry."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    settings.SESSION_ENGINE = "samspill.accounts.sessions.cached_db"
    client.force_login(members["viewer"])
    key = client.cookies["sessionid"].value
    cache.set(KEY_PREFIX + key, {SESSION_KEY: str(members["owner"].pk)})
    cache.delete("samspill.accounts.sessions.cached_db" + key)
    response = client.get(reverse("projects:list"))
    assert response.wsgi_request.user == members["viewer"]
