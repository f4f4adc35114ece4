"""Shared fixtures: one user per role on one project, built through the real services."""

import datetime as dt

import factory
import pytest
from django.contrib.auth import get_user_model

from method.roles import Role

PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only


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
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    return UserFactory


@pytest.fixture
def owner(db):
    return UserFactory(username="owner", first_name="Olga", last_name="Owner")


@pytest.fixture
def project(owner):
    from samspill.projects.services import project_create

    return project_create(
        actor=owner,
        name="CV screening pilot",
        ai_tool="ScreenBot",
        start_date=dt.date(2026, 9, 1),
        departments="Recruitment",
    )


@pytest.fixture
def members(project, owner):
    """{role: user} for every role, plus an outsider who is not a member."""
    from samspill.projects.services import membership_add

    users = {Role.OWNER.value: owner}
    for role in (Role.EDITOR, Role.VIEWER, Role.OBSERVER):
        user = UserFactory(username=role.value)
        membership_add(actor=owner, project=project, user=user, role=role)
        users[role.value] = user
    users["outsider"] = UserFactory(username="outsider")
    return users
