"""The project dashboard: everything the overview shows, in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from method.aifile import WORKER_INFORMED
from method.diagnostics import Severity
from method.readiness import FAIRNESS_CLEAR, UNION_HEARD
from method.trend import sparkline_points
from samspill.controls.selectors import breach_counts_of
from samspill.core import clock
from samspill.desk.selectors import due_counts
from samspill.kpis.selectors import below_target
from samspill.overview.diagnostics import ShownFinding, project_findings
from samspill.overview.trust import trust_overview
from samspill.projects import selectors
from samspill.projects.models import Project
from samspill.rollout.selectors import upcoming_milestones
from samspill.stakeholders.selectors import build_group_figures
from samspill.surveys.selectors import release_marker_of


@dataclass(frozen=True)
class Action:
    text: str
    url: str
    kind: str  # "warning", "gate", "milestone", "start"


def _gate_action(project, gate, items_by_key, union) -> Action | None:
    for key in gate.result.missing:
        if key == UNION_HEARD:
            url = reverse("stakeholders:engagement_create", args=[project.slug])
            return Action(
                _("Hear the union representatives before “%(phase)s”.")
                % {"phase": gate.phase.title},
                f"{url}?group={union.uuid}" if union else url,
                "gate",
            )
        if key == WORKER_INFORMED:
            return Action(
                _("Before “%(phase)s”: inform every affected group (AI Act Art. 26(7)).")
                % {"phase": gate.phase.title},
                reverse("aifile:file", args=[project.slug]) + "#information",
                "gate",
            )
        if key == FAIRNESS_CLEAR:
            return Action(
                _("Before “%(phase)s”: look into the pilot's fairness flag.")
                % {"phase": gate.phase.title},
                reverse("pilot:report", args=[project.slug]),
                "gate",
            )
        item = items_by_key.get(key)
        if item is not None:
            return Action(
                _("Before “%(phase)s”: %(item)s.")
                % {"phase": gate.phase.title, "item": item.title},
                reverse("trust:item_edit", args=[project.slug, item.uuid]),
                "gate",
            )
    return None


def next_actions(
    project, findings: list[ShownFinding], trust, milestones, today, union=None
) -> list[Action]:
    """The three most useful things to do now: serious warnings, then what blocks the next
    gate, then milestones that are due but untold, then the rest."""
    actions: list[Action] = []
    serious = [f for f in findings if f.severity is Severity.HIGH]
    # At most two warnings first, so what blocks the next gate always gets a place.
    actions += [Action(f"{f.title}: {f.reasons[0]}", f.fix_url, "warning") for f in serious[:2]]
    gate = trust.next_gate
    if gate is not None and gate.phase is not None:
        items_by_key = {i.key: i for _key, _label, items, _s in trust.steps for i in items if i.key}
        if action := _gate_action(project, gate, items_by_key, union):
            actions.append(action)
    for milestone in milestones:
        if not milestone.communicated and milestone.due_date <= today + dt.timedelta(days=7):
            actions.append(
                Action(
                    _("Tell people about “%(milestone)s”.") % {"milestone": milestone.title},
                    reverse("rollout:milestone_edit", args=[project.slug, milestone.uuid]),
                    "milestone",
                )
            )
    actions += [
        Action(f"{f.title}: {f.reasons[0]}", f.fix_url, "warning")
        for f in findings
        if f.severity is not Severity.HIGH
    ]
    return actions[:3]


def _union(data):
    return next((s.group for s in data.groups if s.group.preset_key == "union"), None)


def dashboard(project) -> dict:
    """Everything the dashboard shows from audited data and released survey answers: the
    view renders it once per project version and number of released answers
    (audit/readcache.py: cached_partials), so this runs on a cold cache only."""
    today = clock.today()
    language = "nb" if get_language() == "nb" else "en"
    findings = project_findings(project)
    trust = trust_overview(project, language=language)
    milestones = upcoming_milestones(project, today=today)
    # The map's figures per group, never the grid of people.
    data = build_group_figures(project, today)
    for summary in data.groups:
        summary.sparkline = sparkline_points(summary.trend, low=-2, high=2, width=120, height=24)
    return {
        "counts": selectors.project_counts(project),
        "map": data,
        "findings": findings,
        "trust": trust,
        "milestones": milestones,
        # The union group comes from the map already loaded: a query here only when the
        # next gate waits for the union would make the page's cost depend on the date.
        "actions": next_actions(project, findings, trust, milestones, today, union=_union(data)),
        "open_objections": sum(summary.open_objections for summary in data.groups),
        "kpis_below": below_target(project),
    }


def live_counts(project) -> dict:
    """What the dashboard reads on every view, none of which moves the project's version:
    released survey answers (part of the cache key), explanation requests from the public
    desk and control breaches from the weekly evaluation. Two queries: the desk's due
    states need each request's deadline."""
    figures = (
        Project.objects.filter(pk=project.pk)
        .values(
            released=release_marker_of(OuterRef("pk")),
            **breach_counts_of(OuterRef("pk"), clock.today()),
        )
        .get()
    )
    return {
        "released": figures["released"],
        # Counts only: the requests themselves are for owners and their handlers.
        "desk_due": due_counts(project),
        # The agreement's controls (samspill/controls): breaches this week, unanswered ones.
        "control_breaches": {k: figures[k] for k in ("breached", "unanswered")},
    }
