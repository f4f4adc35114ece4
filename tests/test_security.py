import os
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from samspill.comms.services import communication_create, message_create
from samspill.guarantees.services import transparency_page, transparency_update, use_case_create
from samspill.objections.services import entry_create, objection_log, objection_update
from samspill.projects.services import membership_add, project_update
from samspill.stakeholders.services import (
    decision_create,
    engagement_create,
    group_update,
    person_change_stance,
    person_create,
)

XSS = "<script>alert(1)</script>"


def member_pages(project):
    person = project.people.first()
    group = project.stakeholder_groups.first()
    stakeholder_pages = [
        reverse(name, args=[project.slug])
        for name in (
            "stakeholders:map",
            "stakeholders:people",
            "stakeholders:person_create",
            "stakeholders:engagements",
            "stakeholders:engagement_create",
            "stakeholders:decisions",
            "stakeholders:decision_create",
            "stakeholders:import",
            "stakeholders:group_create",
            "business:roi",
            "rollout:plan",
            "rollout:milestone_create",
            "trust:checklists",
            "trust:training",
            "trust:item_create",
            "comms:calendar",
            "comms:communication_create",
            "comms:messages",
            "comms:message_create",
            "comms:guides",
            "comms:consistency",
            "objections:list",
            "objections:log",
            "objections:library",
            "objections:entry_create",
            "pilot:report",
            "pilot:import",
            "guarantees:overview",
            "guarantees:applicability",
            "guarantees:limits",
            "guarantees:limit_create",
            "guarantees:transparency_settings",
            "guarantees:transparency_preview",
            "dpia:overview",
            "transfer:history",
        )
    ] + [reverse("stakeholders:map", args=[project.slug]) + "?show=groups"]
    if person:
        stakeholder_pages += [
            reverse("stakeholders:person", args=[project.slug, person.uuid]),
            reverse("stakeholders:person_edit", args=[project.slug, person.uuid]),
        ]
    stakeholder_pages.append(reverse("stakeholders:group_edit", args=[project.slug, group.uuid]))
    stakeholder_pages.append(reverse("comms:guide", args=[project.slug, "union"]))
    for message in project.messages.all():
        stakeholder_pages += [
            reverse("comms:message", args=[project.slug, message.uuid]),
            reverse("comms:message_edit", args=[project.slug, message.uuid]),
        ]
    for communication in project.communications.all():
        stakeholder_pages.append(
            reverse("comms:communication_edit", args=[project.slug, communication.uuid])
        )
    for objection in project.objections.all():
        stakeholder_pages += [
            reverse("objections:detail", args=[project.slug, objection.uuid]),
            reverse("objections:answer", args=[project.slug, objection.uuid]),
        ]
    for use_case in project.use_cases.all():
        stakeholder_pages.append(
            reverse("guarantees:limit_edit", args=[project.slug, use_case.uuid])
        )
    stakeholder_pages += [
        reverse("guarantees:draft_edit", args=[project.slug, kind])
        for kind in ("agreement", "job_security_statement", "employee_information")
    ]
    stakeholder_pages.append(reverse("transfer:import"))
    for entry in project.arsenal_entries.all():
        stakeholder_pages.append(reverse("objections:entry_edit", args=[project.slug, entry.uuid]))
    return [
        *stakeholder_pages,
        reverse("projects:list"),
        reverse("projects:create"),
        reverse("projects:detail", args=[project.slug]),
        reverse("projects:members", args=[project.slug]),
        reverse("projects:settings", args=[project.slug]),
        reverse("audit:trail", args=[project.slug]),
        reverse("password_change"),
        reverse("password_change_done"),
    ]


@pytest.fixture
def hostile_project(project, owner, make_user):
    """A project whose every user-supplied text is a script tag."""
    project_update(
        actor=owner,
        project=project,
        expected_version=1,
        name=XSS,
        ai_tool=XSS,
        ai_will_do=XSS,
        ai_will_not_do=XSS,
        departments=XSS,
    )
    project.refresh_from_db()
    hostile_user = make_user(username="hostile", first_name=XSS, last_name=XSS)
    membership_add(actor=owner, project=project, user=hostile_user, role="viewer")
    group = project.stakeholder_groups.first()
    group_update(actor=owner, group=group, expected_version=1, name=XSS, concern=XSS, notes=XSS)
    person = person_create(
        actor=owner,
        project=project,
        group=group,
        name=XSS,
        title=XSS,
        notes=XSS,
        stance_date=project.start_date,
    )
    person_change_stance(actor=owner, person=person, expected_version=1, stance=2, reason=XSS)
    engagement_create(
        actor=owner,
        project=project,
        date=project.start_date,
        kind="meeting",
        topic=XSS,
        outcome=XSS,
        follow_ups=XSS,
        groups=[group],
        people=[person],
    )
    decision_create(
        actor=owner,
        project=project,
        date=project.start_date,
        title=XSS,
        decided_by=XSS,
        details=XSS,
        affected_groups=[group],
        heard_groups=[group],
    )
    message = message_create(
        actor=owner, project=project, audience="union", title=XSS, subject=XSS, body=XSS
    )
    communication_create(
        actor=owner,
        project=project,
        title=XSS,
        date=project.start_date,
        channel="email",
        status="done",
        notes=XSS,
        message=message,
        groups=[group],
    )
    objection = objection_log(
        actor=owner,
        project=project,
        text=XSS + " will we lose our jobs?",
        raised_on=project.start_date,
        person=person,
        occasion=XSS,
    )
    objection_update(
        actor=owner, objection=objection, expected_version=1, status="answered", answer=XSS
    )
    use_case_create(
        actor=owner,
        project=project,
        name=XSS,
        ai_alone=XSS,
        ai_suggests=XSS,
        human_decides=XSS,
        overseer=XSS,
        contest_route=XSS,
    )
    page = transparency_page(project)
    transparency_update(actor=owner, page=page, expected_version=1, data_used=XSS, questions_to=XSS)
    entry_create(
        actor=owner,
        project=project,
        category="cost",
        title=XSS,
        reality=XSS,
        response=XSS,
        compromise=XSS,
    )
    return project


def test_user_text_is_shown_literally_on_every_page(client, hostile_project, owner):
    client.force_login(owner)
    for url in member_pages(hostile_project):
        body = client.get(url).content.decode()
        assert XSS not in body, url
    detail = client.get(reverse("projects:detail", args=[hostile_project.slug])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_forms_without_a_csrf_token_are_refused(project, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(
        reverse("projects:member_add", args=[project.slug]), {"user": "x", "role": "viewer"}
    )
    assert response.status_code == 403


def test_every_form_carries_a_csrf_token(client, project, owner):
    client.force_login(owner)
    for url in member_pages(project):
        body = client.get(url).content.decode()
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", body, flags=re.S):
            assert "csrfmiddlewaretoken" in form, url


def test_login_is_rate_limited(client, owner, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "owner", "password": "wrong"})
    response = client.post(url, {"username": "owner", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_with_the_right_password(client, owner):
    response = client.post(
        reverse("login"), {"username": "owner", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


OUTSIDE_URL = re.compile(r"""(?:https?:)?//(?!127\.0\.0\.1|localhost|\[::1\]|testserver)[\w.-]+""")


def test_no_page_refers_to_an_outside_host(client, project, owner):
    pages = [reverse("login")]
    client.force_login(owner)
    pages += member_pages(project)
    for url in pages:
        body = client.get(url).content.decode()
        for attribute in re.findall(r"""(?:src|href|action)=["']([^"']+)""", body):
            assert not OUTSIDE_URL.match(attribute), (url, attribute)
        # The SVG namespace is an identifier, not a request.
        assert not re.search(r"https?://(?!127\.0\.0\.1|localhost|www\.w3\.org/2000/svg)", body), (
            url
        )


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "SAMSPILL_PRODUCTION": "1",
        "SAMSPILL_SECRET_KEY": "x" * 20 + "a-long-random-secret-from-the-environment-1234567890",
        "SAMSPILL_ALLOWED_HOSTS": "samspill.example.org",
        "SAMSPILL_VAR_DIR": str(tmp_path),
        # Configured, not contacted: the check reads settings only.
        "SAMSPILL_REDIS_URL": "redis://127.0.0.1:6390/0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, never in deployment
    result = subprocess.run(
        [sys.executable, "-m", "samspill.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    # Without a shared cache, rate limits count per process: the deploy check says so.
    del env["SAMSPILL_REDIS_URL"]
    result = subprocess.run(
        [sys.executable, "-m", "samspill.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "samspill.W001" in result.stderr and "per process" in result.stderr


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {**os.environ, "SAMSPILL_PRODUCTION": "1", "SAMSPILL_VAR_DIR": str(tmp_path)}
    env.pop("SAMSPILL_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "samspill.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SAMSPILL_SECRET_KEY" in result.stderr
