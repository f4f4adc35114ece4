"""Pitfall diagnostics: rules over a plain snapshot of a project (DESIGN.md capability 2).

Each rule names a classic way an HR AI rollout fails and returns findings. A snapshot field
that is None is not known yet (the capability that records it may not be in use), and the
rules only judge what is known. The wording (why, how severe, how to fix) lives in the
catalog, keyed by the rule's key.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum

HR, IT, UNION, EMPLOYEES, DPO = "hr", "it", "union", "employees", "dpo"


class Severity(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


@dataclass(frozen=True)
class GroupFacts:
    id: str
    preset_key: str
    name: str
    people: int
    first_engaged: dt.date | None


@dataclass(frozen=True)
class DecisionFacts:
    title: str
    date: dt.date
    affected: tuple[str, ...]  # group ids
    heard: tuple[str, ...]  # group ids


@dataclass(frozen=True)
class ProjectSnapshot:
    groups: tuple[GroupFacts, ...]
    decisions: tuple[DecisionFacts, ...] = ()
    roi_saved: bool = False
    hours_saved_known: bool = False
    training_share: Decimal | None = None  # training cost ÷ first-year cost
    training_share_target: Decimal = Decimal("0.10")
    real_data_in_use: bool | None = None
    dpia_done: bool | None = None
    job_security_statement: bool | None = None
    open_job_security_objections: int | None = None
    integration_checked: bool | None = None
    pilot_start: dt.date | None = None

    def group(self, preset_key: str) -> GroupFacts | None:
        return next((g for g in self.groups if g.preset_key == preset_key), None)

    def by_id(self, group_id: str) -> GroupFacts | None:
        return next((g for g in self.groups if g.id == group_id), None)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    reasons: tuple[str, ...]  # which conditions fired, as catalog keys
    params: dict = field(default_factory=dict)
    group_id: str | None = None  # the group to act on, when there is one


def _heard_before(group: GroupFacts, decision: DecisionFacts) -> bool:
    return group.id in decision.heard or (
        group.first_engaged is not None and group.first_engaged <= decision.date
    )


def top_down(s: ProjectSnapshot) -> list[Finding]:
    hr = s.group(HR)
    if hr is None:
        return [Finding("top_down", Severity.HIGH, ("no_hr_group",))]
    unheard = [d for d in s.decisions if not _heard_before(hr, d)]
    if unheard:
        first = min(unheard, key=lambda d: d.date)
        return [
            Finding(
                "top_down",
                Severity.HIGH,
                ("decided_without_hr",),
                {"decision": first.title, "date": first.date},
                hr.id,
            )
        ]
    return []


def value_not_quantified(s: ProjectSnapshot) -> list[Finding]:
    reasons = []
    if not s.roi_saved:
        reasons.append("no_roi")
    elif not s.hours_saved_known:
        reasons.append("no_baseline_hours")
    return [Finding("value_not_quantified", Severity.MEDIUM, tuple(reasons))] if reasons else []


def privacy_late(s: ProjectSnapshot) -> list[Finding]:
    dpo = s.group(DPO)
    reasons = []
    if dpo is None or dpo.people == 0:
        reasons.append("no_dpo")
    if s.real_data_in_use and s.dpia_done is False:
        reasons.append("real_data_before_dpia")
    if not reasons:
        return []
    return [Finding("privacy_late", Severity.HIGH, tuple(reasons), {}, dpo.id if dpo else None)]


def job_fear_unanswered(s: ProjectSnapshot) -> list[Finding]:
    employees = s.group(EMPLOYEES)
    reasons = []
    if employees is None or employees.first_engaged is None:
        reasons.append("employees_not_engaged")
    if s.job_security_statement is False:
        reasons.append("no_job_security_statement")
    if s.open_job_security_objections:
        reasons.append("open_job_security_objections")
    if not reasons:
        return []
    params = {"count": s.open_job_security_objections or 0}
    return [
        Finding(
            "job_fear_unanswered",
            Severity.HIGH,
            tuple(reasons),
            params,
            employees.id if employees else None,
        )
    ]


def it_left_out(s: ProjectSnapshot) -> list[Finding]:
    it = s.group(IT)
    reasons = []
    if it is None or it.first_engaged is None:
        reasons.append("it_not_engaged")
    if s.integration_checked is False:
        reasons.append("no_integration_check")
    if not reasons:
        return []
    return [Finding("it_left_out", Severity.MEDIUM, tuple(reasons), {}, it.id if it else None)]


def informed_after_decision(s: ProjectSnapshot) -> list[Finding]:
    """One finding per group and decision: the group was affected but met only afterwards."""
    findings = []
    for decision in sorted(s.decisions, key=lambda d: d.date):
        for group_id in decision.affected:
            group = s.by_id(group_id)
            if group is None or _heard_before(group, decision):
                continue
            reason = "never_engaged" if group.first_engaged is None else "engaged_after"
            findings.append(
                Finding(
                    "informed_after_decision",
                    Severity.HIGH,
                    (reason,),
                    {
                        "group": group.name,
                        "decision": decision.title,
                        "date": decision.date,
                        "first_engaged": group.first_engaged,
                    },
                    group.id,
                )
            )
    return findings


def union_not_heard_before_pilot(s: ProjectSnapshot) -> list[Finding]:
    if s.pilot_start is None:
        return []
    union = s.group(UNION)
    if union is None:
        return [Finding("union_not_heard_before_pilot", Severity.HIGH, ("no_union_group",))]
    if union.first_engaged is None or union.first_engaged > s.pilot_start:
        return [
            Finding(
                "union_not_heard_before_pilot",
                Severity.HIGH,
                ("not_heard",),
                {"pilot_start": s.pilot_start},
                union.id,
            )
        ]
    return []


def training_underfunded(s: ProjectSnapshot) -> list[Finding]:
    if s.training_share is None or s.training_share >= s.training_share_target:
        return []
    return [
        Finding(
            "training_underfunded",
            Severity.MEDIUM,
            ("below_target",),
            {"share": s.training_share, "target": s.training_share_target},
        )
    ]


RULES: tuple[Callable[[ProjectSnapshot], list[Finding]], ...] = (
    top_down,
    value_not_quantified,
    privacy_late,
    job_fear_unanswered,
    it_left_out,
    informed_after_decision,
    union_not_heard_before_pilot,
    training_underfunded,
)
RULE_KEYS = tuple(rule.__name__ for rule in RULES)


def diagnose(snapshot: ProjectSnapshot) -> list[Finding]:
    """All findings, most severe first (stable within a severity, in rule order)."""
    findings = [finding for rule in RULES for finding in rule(snapshot)]
    return sorted(findings, key=lambda f: -f.severity)
