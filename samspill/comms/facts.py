"""The project's own facts that messages, guides and answers are filled with.

They come from the project facts (Settings → Project facts) and, where a fact is left
empty there, from the stakeholder map: the people of the union and DPO groups.

Each value is a finished string in the project's content language, or None when the
project does not know it yet; method.comms_catalog.fill shows those as visible gaps.
"""

from django.utils import translation
from django.utils.formats import date_format

from method.roi import calculate
from samspill.business.models import BusinessCaseInputs
from samspill.business.presenting import amount, number, payback
from samspill.projects.models import Membership
from samspill.trust.models import ChecklistItem, Status, Step

ROI_FACTS = (
    "hours_saved_per_year",
    "annual_benefit",
    "one_off_cost",
    "payback_month",
    "fte_equivalent",
)


def _phrase(text: str) -> str | None:
    """Free text as a phrase to slot into a sentence: trimmed, without its final full stop."""
    return text.strip().rstrip(".").strip() or None


def _first_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else None


def _phase_start(project, key: str) -> str | None:
    phase = project.phases.filter(key=key).order_by("start_date").first()
    return date_format(phase.start_date, "DATE_FORMAT") if phase else None


def _roi_facts(project) -> dict[str, str | None]:
    inputs = BusinessCaseInputs.objects.filter(project=project).first()
    if inputs is None:
        return dict.fromkeys(ROI_FACTS)
    result = calculate(inputs.roi_inputs())
    currency = inputs.currency
    return {
        "hours_saved_per_year": number(result.hours_saved_per_year, 0),
        "annual_benefit": amount(result.annual_benefit, currency),
        "one_off_cost": amount(inputs.roi_inputs().one_off_cost, currency),
        "payback_month": payback(result.payback_month, inputs.horizon_months),
        "fte_equivalent": number(result.fte_equivalent, 2),
    }


def _checklist_facts(project) -> dict[str, str | None]:
    done = ChecklistItem.objects.filter(project=project, status=Status.DONE)
    # The Security step's promises; the integration check is a fact for IT, not a guarantee.
    guarantees = [
        item.title
        for item in done
        if item.step == Step.SECURITY and item.key != "integration_check"
    ]
    integration = next((item for item in done if item.key == "integration_check"), None)
    return {
        "guarantees": "; ".join(guarantees) or None,
        "integration": _phrase(integration.evidence_note or integration.title)
        if integration
        else None,
    }


def _training(project) -> str | None:
    sessions = list(project.training_sessions.order_by("date"))
    if not sessions:
        return None
    return "; ".join(
        f"{session.title} ({date_format(session.date, 'DATE_FORMAT')})" for session in sessions[:4]
    )


def _map_groups(project) -> dict:
    """The union and DPO groups with their people, in two queries, when a fact needs them."""
    if project.employee_representatives.strip() and project.dpo.strip():
        return {}
    groups = project.stakeholder_groups.filter(preset_key__in=("union", "dpo"))
    return {g.preset_key: g for g in groups.prefetch_related("people")}


def _people(groups: dict, key: str) -> list:
    group = groups.get(key)
    return sorted(group.people.all(), key=lambda p: p.name) if group else []


def _named(person) -> str:
    return f"{person.name} ({person.title})" if person.title else person.name


def _union(project, groups: dict) -> str | None:
    """The project fact, else the people of the union / works council group on the map."""
    if project.employee_representatives.strip():
        return project.employee_representatives.strip()
    people = _people(groups, "union")
    if not people:
        return None
    return f"{', '.join(p.name for p in people[:4])} ({groups['union'].name})"


def _dpo(project, groups: dict) -> str | None:
    if project.dpo.strip():
        return project.dpo.strip()
    people = _people(groups, "dpo")
    if not people:
        return None
    person = people[0]
    return f"{_named(person)}, {person.email}" if person.email else _named(person)


def _contact(project) -> str | None:
    if project.contact_person.strip():
        return project.contact_person.strip()
    owner = (
        Membership.objects.filter(project=project, role="owner")
        .select_related("user")
        .order_by("created_at")
        .first()
    )
    if owner is None:
        return None
    return owner.user.get_full_name() or owner.user.get_username()


def project_facts(project) -> dict[str, str | None]:
    groups = _map_groups(project)
    with translation.override(project.language):
        return {
            "project": project.name,
            "tool": project.ai_tool,
            "ai_will_do": _phrase(project.ai_will_do),
            "ai_will_not_do": _phrase(project.ai_will_not_do),
            "pilot_department": _first_line(project.departments),
            "pilot_start": _phase_start(project, "pilot"),
            "full_rollout": _phase_start(project, "rollout"),
            **_roi_facts(project),
            **_checklist_facts(project),
            "training": _training(project),
            "contact": _contact(project),
            "employer": project.employer_name.strip() or None,
            "union": _union(project, groups),
            "dpo": _dpo(project, groups),
        }
