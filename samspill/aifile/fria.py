"""The fundamental rights impact assessment (AI Act Art. 27) for public employers, built
from what the DPIA, the decision-limits register and the AI Act file already hold, so
nothing is typed twice. A section with no source yet says so instead of inventing text."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from samspill.aifile.models import Overseer
from samspill.aifile.selectors import affected_groups


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: list[str]
    source: str


def _dpia(project):
    from samspill.dpia.models import Dpia

    return (
        Dpia.objects.filter(project=project)
        .select_related("context")
        .prefetch_related("risks", "actions")
        .first()
    )


def _context(dpia, name: str) -> str:
    context = getattr(dpia, "context", None) if dpia else None
    return getattr(context, name, "") if context else ""


def fria_sections(project) -> list[Section]:
    dpia = _dpia(project)
    use_cases = list(project.use_cases.all())
    phases = list(project.phases.order_by("start_date"))
    risks = list(dpia.risks.all()) if dpia else []
    actions = list(dpia.actions.all()) if dpia else []
    dpia_label = _("DPIA")
    period = [f"{p.title}: {p.start_date:%Y-%m-%d} – {p.end_date:%Y-%m-%d}" for p in phases] + [
        line for line in [_context(dpia, "lifecycle")] if line
    ]
    return [
        Section(
            "process",
            _("The process the system is used in (Art. 27(1)(a))"),
            [x for x in [_context(dpia, "processing") or project.ai_will_do] if x],
            dpia_label,
        ),
        Section(
            "period",
            _("Period and frequency of use (Art. 27(1)(b))"),
            period,
            _("Rollout plan"),
        ),
        Section(
            "categories",
            _("Categories of people affected (Art. 27(1)(c))"),
            [x for x in [_context(dpia, "data_subjects")] if x]
            + [g.name for g in affected_groups(project)],
            dpia_label,
        ),
        Section(
            "risks",
            _("Specific risks of harm (Art. 27(1)(d))"),
            [f"{r.title}: {r.impacts}" if r.impacts else r.title for r in risks],
            dpia_label,
        ),
        Section(
            "oversight",
            _("Human oversight measures (Art. 27(1)(e))"),
            [f"{o.name}: {o.authority}" for o in Overseer.objects.filter(project=project)]
            + [f"{u.name}: {u.overseer}" for u in use_cases],
            _("AI Act file and decision limits"),
        ),
        Section(
            "materialised",
            _("Measures if the risks materialise (Art. 27(1)(f))"),
            [a.title for a in actions]
            + [f"{u.name}: {u.stop_how}" for u in use_cases if u.stop_how],
            dpia_label,
        ),
        Section(
            "complaints",
            _("Internal governance and complaint mechanisms (Art. 27(1)(f))"),
            [f"{u.name}: {u.contest_route}" for u in use_cases]
            + [_("Requests for an explanation go to the explanation desk (Art. 86).")],
            _("Decision limits and explanation desk"),
        ),
    ]


def public_duties() -> list[str]:
    """What a public deployer must also do (Art. 26(8), 49(3) and 27(3))."""
    return [
        _(
            "Register the use in the EU database before putting the system into use "
            "(Art. 26(8), 49(3))."
        ),
        _("Notify the market surveillance authority of the assessment's results (Art. 27(3))."),
    ]
