"""Shared fixtures: one user per role on one project, built through the real services.

Every test but the browser tests runs on a pinned clock, so a result never depends on the
day the suite runs; `tests/test_any_date.py` walks the date-sensitive pages across a spread
of dates. Property tests use the hypothesis profile named by HYPOTHESIS_PROFILE ("ci" by
default): no deadline and no health check that a slow or busy machine can trip.
"""

import datetime as dt
import os
import zoneinfo

import factory
import pytest
import time_machine
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings

from method.roles import Role

PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only

# A weekday some weeks into the test project's plan (it starts 2026-09-01), mid-morning in
# the installation's time zone so that neither UTC nor Oslo is near midnight.
PINNED_NOW = dt.datetime(2026, 10, 14, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))

# Generation speed depends on the machine's load; the examples' strength does not.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_clock: run on the real clock instead of the pinned one"
    )
    config.addinivalue_line(
        "markers", "long: a single test of a minute or more, started first (see below)"
    )


def pytest_collection_modifyitems(config, items):
    """The few single tests that take a minute or more start first: pytest-xdist hands out
    tests in collection order, and one of them collected last kept a core busy after the
    other had finished. The order within each group is kept."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def pinned_clock(request):
    """Pin the clock to PINNED_NOW (ticking on from there, so durations still pass).

    Browser tests keep the real clock: Chromium judges cookie expiry by its own."""
    if request.node.get_closest_marker("e2e") or request.node.get_closest_marker("real_clock"):
        yield None
        return
    with time_machine.travel(PINNED_NOW, tick=True) as traveller:
        yield traveller


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


@pytest.fixture(autouse=True)
def english_by_default():
    # A request in Norwegian leaves the language active in the thread; start every test clean.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def immediate_jobs(settings):
    # Background jobs (samspill/notify/jobs.py) run at once, inside the test; the worker
    # test (samspill/notify/tests/test_worker_process.py) puts the database backend back.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    return UserFactory


@pytest.fixture
def owner(request, db):
    if "shared_project" in request.fixturenames:
        return _fresh(request.getfixturevalue("shared_project")["members"]["owner"])
    return UserFactory(username="owner", first_name="Olga", last_name="Owner")


@pytest.fixture
def project(request, owner):
    if "shared_project" in request.fixturenames:
        return _fresh(request.getfixturevalue("shared_project")["project"])
    return _make_project(owner)


def _make_project(owner):
    from samspill.projects.services import project_create

    return project_create(
        actor=owner,
        name="CV screening pilot",
        ai_tool="ScreenBot",
        start_date=dt.date(2026, 9, 1),
        departments="Recruitment",
    )


def _fresh(row):
    """A test's own copy of a shared row, so what it changes in memory stays with it."""
    return type(row).objects.get(pk=row.pk)


@pytest.fixture
def members(request, project, owner):
    """{role: user} for every role, plus an outsider who is not a member."""
    if "shared_project" in request.fixturenames:
        shared = request.getfixturevalue("shared_project")["members"]
        return {role: _fresh(user) for role, user in shared.items()}
    return _add_members(project, owner)


def _add_members(project, owner) -> dict:
    from samspill.projects.services import membership_add

    users = {Role.OWNER.value: owner}
    for role in (Role.EDITOR, Role.VIEWER, Role.OBSERVER):
        user = UserFactory(username=role.value)
        membership_add(actor=owner, project=project, user=user, role=role)
        users[role.value] = user
    users["outsider"] = UserFactory(username="outsider")
    return users


@pytest.fixture(scope="module")
def shared_project(django_db_setup, django_db_blocker):
    """`owner`, `project` and `members` built once for a module that uses this fixture
    (`pytestmark = pytest.mark.usefixtures("shared_project")`, so that it is set up before
    each test's transaction):
    the big matrices (1,600 and 300 cases), whose tests only send requests, spent most of
    each test building the project through its services.

    As Django's TestCase.setUpTestData: the rows are made inside a transaction that stays
    open for the module and is rolled back after it; each test runs in a savepoint inside
    it (pytest-django's `db`), so what a test writes is gone before the next one, and each
    test gets its own copies of the rows (`_fresh`)."""
    from django.db import transaction

    with django_db_blocker.unblock(), time_machine.travel(PINNED_NOW, tick=False):
        outer = transaction.atomic()
        outer.__enter__()
        owner = UserFactory(username="owner", first_name="Olga", last_name="Owner")
        project = _make_project(owner)
        users = _add_members(project, owner)
    try:
        yield {"project": project, "members": users}
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
