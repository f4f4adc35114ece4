"""The pitfall diagnostics for a project: a snapshot for method/diagnostics.py, and findings
worded for people, each with the link to where it is fixed."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from method.catalog import Plural, pitfalls
from method.diagnostics import (
    DecisionFacts,
    Finding,
    GroupFacts,
    ProjectSnapshot,
    Severity,
    diagnose,
)
from method.objections import ObjectionCategory
from samspill.business.models import BusinessCaseInputs
from samspill.core import clock
from samspill.core.figures import percent
from samspill.dpia.selectors import dpia_done
from samspill.objections.selectors import open_count
from samspill.rollout.selectors import pilot_start
from samspill.stakeholders.models import StakeholderGroup

# Checklist items whose status the rules read.
CHECKLIST_FACTS = ("processing_documented", "job_security_statement", "integration_check")

# Where each finding is fixed: (URL name, whether the page takes ?group=).
FIX_LINKS = {
    "top_down": ("stakeholders:engagement_create", True),
    "value_not_quantified": ("business:roi", False),
    "privacy_late": ("stakeholders:person_create", True),
    "job_fear_unanswered": ("stakeholders:engagement_create", True),
    "it_left_out": ("stakeholders:engagement_create", True),
    "informed_after_decision": ("stakeholders:engagement_create", True),
    "union_not_heard_before_pilot": ("stakeholders:engagement_create", True),
    "training_underfunded": ("business:roi", False),
}


def project_snapshot(project) -> ProjectSnapshot:
    groups = (
        StakeholderGroup.objects.filter(project=project)
        .annotate(people_count=Count("people", distinct=True), first=Min("engagements__date"))
        .order_by("position")
    )
    decisions = project.decisions.prefetch_related("affected_groups", "heard_groups")
    case = BusinessCaseInputs.objects.filter(project=project).first()
    done = set(
        project.checklist_items.filter(status="done", key__in=CHECKLIST_FACTS).values_list(
            "key", flat=True
        )
    )
    pilot = pilot_start(project)
    return ProjectSnapshot(
        groups=tuple(
            GroupFacts(str(g.uuid), g.preset_key, g.name, g.people_count, g.first) for g in groups
        ),
        decisions=tuple(
            DecisionFacts(
                d.title,
                d.date,
                tuple(str(g.uuid) for g in d.affected_groups.all()),
                tuple(str(g.uuid) for g in d.heard_groups.all()),
            )
            for d in decisions
        ),
        roi_saved=case is not None,
        hours_saved_known=bool(case and (case.hours_saved_per_week or case.hours_saved_per_year)),
        training_share=case.training_share() if case else None,
        pilot_start=pilot,
        # The pilot is where real data comes in; the prototype runs on anonymised data.
        real_data_in_use=pilot is not None and clock.today() >= pilot,
        # Done when the TRUST item is, or when the DPIA helper records a decision to go ahead.
        dpia_done="processing_documented" in done or bool(dpia_done(project)),
        job_security_statement="job_security_statement" in done,
        integration_checked="integration_check" in done,
        open_job_security_objections=open_count(project, ObjectionCategory.JOB_SECURITY),
        training_share_target=(
            Decimal(str(case.training_share_target_pct)) / 100 if case else Decimal("0.10")
        ),
    )


@dataclass(frozen=True)
class ShownFinding:
    rule: str
    severity: Severity
    title: str
    reasons: list[str]
    why: str
    fix: str
    fix_url: str

    @property
    def severity_label(self) -> str:
        return {
            Severity.HIGH: _("serious"),
            Severity.MEDIUM: _("important"),
            Severity.LOW: _("minor"),
        }[self.severity]


def _param(value, places: int = 0) -> str:
    if hasattr(value, "year"):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return percent(value, places)
    return str(value)


def _params(finding: Finding) -> dict[str, str]:
    params = {key: _param(value) for key, value in finding.params.items()}
    share, target = finding.params.get("share"), finding.params.get("target")
    # Rounded, a share just under its target can read as the target itself ("training is
    # 10 %; the target is at least 10 %"): show the share with as many places as it takes.
    places = 0
    while None not in (share, target) and share != target and params["share"] == params["target"]:
        places += 1
        params["share"], params["target"] = _param(share, places), _param(target, places)
    if places:
        params["target"] = _param(target)
    return params


def _reason(template: str | Plural, finding: Finding, params: dict[str, str]) -> str:
    """A reason's text; one with a number takes its singular or plural form by that number."""
    if isinstance(template, Plural):
        template = template.form(finding.params.get("count"))
    return template.format(**params)


def _fix_url(project, finding: Finding) -> str:
    url_name, takes_group = FIX_LINKS[finding.rule]
    url = reverse(url_name, args=[project.slug])
    return f"{url}?group={finding.group_id}" if takes_group and finding.group_id else url


def project_findings(project) -> list[ShownFinding]:
    texts = pitfalls("nb" if get_language() == "nb" else "en")
    shown = []
    for finding in diagnose(project_snapshot(project)):
        text = texts[finding.rule]
        params = _params(finding)
        shown.append(
            ShownFinding(
                rule=finding.rule,
                severity=finding.severity,
                title=text.title,
                reasons=[
                    _reason(text.reasons[reason], finding, params) for reason in finding.reasons
                ],
                why=text.why,
                fix=text.fix,
                fix_url=_fix_url(project, finding),
            )
        )
    return shown
