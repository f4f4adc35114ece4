"""The demo project: an AI CV-screening rollout at a fictional Norwegian services firm.

Its content lives in en.toml and nb.toml beside this file. It includes one decision
taken before the union representatives were heard, so the diagnostics have something
real to find.
"""

import datetime as dt
import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from method.comms_catalog import message_drafts
from method.roles import Role
from samspill.business.services import business_case_save
from samspill.comms import services as comms_services
from samspill.core import clock
from samspill.kpis import demo as kpis_demo
from samspill.objections import services as objection_services
from samspill.projects import services as project_services
from samspill.projects.models import Project
from samspill.rollout import services as rollout_services
from samspill.stakeholders import services as stakeholder_services
from samspill.surveys import demo as surveys_demo
from samspill.trust import services as trust_services

DEMO_SLUG = "demo"
DEMO_PASSWORD = "samspill-demo"  # noqa: S105 - a published demo login, not a secret
DEMO_USERS = [
    # username, first name, last name, role in the demo project
    ("demo", "Ingrid", "Berg", Role.OWNER),
    ("team", "Hege", "Moen", Role.EDITOR),
    ("leader", "Kari", "Lunde", Role.VIEWER),
    ("union", "Per", "Solberg", Role.OBSERVER),
]


def _content(language: str) -> dict:
    with (Path(__file__).parent / f"{language}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _demo_users():
    user_model = get_user_model()
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, _created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = (user, role)
    return users


@transaction.atomic
def demo_load(*, language: str = "en", reset: bool = False) -> tuple[Project, bool]:
    """Load the demo project; returns (project, created). Existing data is kept unless reset."""
    existing = Project.objects.filter(slug=DEMO_SLUG).first()
    users = _demo_users()
    owner = users["demo"][0]
    if existing and not reset:
        return existing, False
    if existing:
        project_services.project_delete(actor=owner, project=existing)

    content = _content(language)
    start = clock.today() - dt.timedelta(days=21)
    project = project_services.project_create(
        actor=owner, start_date=start, language=language, slug=DEMO_SLUG, **content["project"]
    )
    for username, (user, role) in users.items():
        if username != "demo":
            project_services.membership_add(actor=owner, project=project, user=user, role=role)

    groups = {g.preset_key: g for g in project.stakeholder_groups.all()}
    people = {}
    for item in content["person"]:
        fields = {k: v for k, v in item.items() if k != "group"}
        people[item["name"]] = stakeholder_services.person_create(
            actor=owner,
            project=project,
            group=groups[item["group"]],
            stance_date=start + dt.timedelta(days=1),
            **fields,
        )
    for item in content["stance_change"]:
        person = people[item["name"]]
        people[item["name"]] = stakeholder_services.person_change_stance(
            actor=owner,
            person=person,
            expected_version=person.version,
            stance=item["stance"],
            reason=item["reason"],
            day=start + dt.timedelta(days=item["day"]),
        )
    for item in content["engagement"]:
        stakeholder_services.engagement_create(
            actor=owner,
            project=project,
            date=start + dt.timedelta(days=item["day"]),
            kind=item["kind"],
            topic=item["topic"],
            outcome=item["outcome"],
            follow_ups=item["follow_ups"],
            groups=[groups[k] for k in item["groups"]],
            people=[people[n] for n in item["people"]],
        )
    for item in content["decision"]:
        stakeholder_services.decision_create(
            actor=owner,
            project=project,
            date=start + dt.timedelta(days=item["day"]),
            title=item["title"],
            details=item["details"],
            decided_by=item["decided_by"],
            affected_groups=[groups[k] for k in item["affected"]],
            heard_groups=[groups[k] for k in item["heard"]],
        )
    business_case_save(
        actor=owner, project=project, expected_version=None, **content["business_case"]
    )
    for status in ("done", "in_progress"):
        for item in project.checklist_items.filter(key__in=content["checklist"][status]):
            trust_services.item_update(
                actor=owner, item=item, expected_version=item.version, status=status, owner=owner
            )
    # The weeks already behind us: their milestones are done and were told to those involved.
    told = [groups[key] for key in ("leadership", "hr", "it")]
    for milestone in project.milestones.filter(due_date__lt=clock.today()):
        rollout_services.milestone_update(
            actor=owner,
            milestone=milestone,
            expected_version=milestone.version,
            done=True,
            communicated=True,
            communicated_to=told,
        )
    _communication(project, owner, start, content, groups, people)
    kpis_demo.demo_seed(project=project, owner=owner, language=language)
    surveys_demo.demo_seed(project=project, owner=owner, language=language)
    return project, True


def _communication(project, owner, start, content, groups, people) -> None:
    """Messages from the catalog's drafts, the calendar, and the objections raised so far."""
    drafts = {draft.key: draft for draft in message_drafts(project.language)}
    messages = {}
    for item in content["message"]:
        draft = drafts[item["draft"]]
        messages[draft.key] = comms_services.message_create(
            actor=owner,
            project=project,
            draft_key=draft.key,
            audience=draft.audience.value,
            title=draft.title,
            subject=draft.subject,
            body=draft.body,
        )
    for item in content["communication"]:
        comms_services.communication_create(
            actor=owner,
            project=project,
            title=item["title"],
            date=start + dt.timedelta(days=item["day"]),
            channel=item["channel"],
            status=item["status"],
            owner=owner,
            message=messages.get(item.get("message")),
            groups=[groups[k] for k in item["groups"]],
        )
    for item in content["objection"]:
        objection = objection_services.objection_log(
            actor=owner,
            project=project,
            text=item["text"],
            raised_on=start + dt.timedelta(days=item["day"]),
            person=people[item["person"]],
            occasion=item["occasion"],
        )
        if item["status"] != "open":
            objection_services.objection_update(
                actor=owner,
                objection=objection,
                expected_version=objection.version,
                status=item["status"],
                answer=item["answer"],
            )
