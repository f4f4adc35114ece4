"""How controls read to people: titles, rules in words, states, the weekly history chart."""

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from method import controls as rules
from method.controls import METRICS, Comparison, Rule, State
from method.legal import clauses
from samspill.core.figures import number
from samspill.documents.markup import escape

STATE_COLOURS = {State.HOLDS: "#2f7d4f", State.BREACHED: "#b3261e", State.NO_DATA: "#c9d1d3"}


def language() -> str:
    return "nb" if get_language() == "nb" else "en"


def state_label(state: str) -> str:
    return {
        State.HOLDS: _("holds"),
        State.BREACHED: _("breached"),
        State.NO_DATA: _("no data"),
    }[State(state)]


def off_label() -> str:
    return _("turned off, not evaluated")


def rule_of(control) -> Rule:
    return Rule(control.metric, Comparison(control.comparison), control.threshold, control.period)


def rule_text(control) -> str:
    return rules.threshold_text(rule_of(control), language(), _threshold_number)


def _threshold_number(value: float) -> str:
    return number(value, 2, trim=True)


def value_text(control, value: float | None) -> str:
    if value is None:
        return "—"
    unit = METRICS[control.metric].unit
    if unit == "percent":
        return f"{number(value, 1, trim=True)} %"
    if unit == "ratio":
        return number(value, 2)
    return number(value)


def control_title(control) -> str:
    if control.key:
        return rules.control_catalog(language()).controls[control.key].title
    return control.title


def control_promise(control) -> str:
    if control.key:
        return rules.control_catalog(language()).controls[control.key].promise
    return _("An owner's own control.")


def clause_titles() -> dict[str, str]:
    return {clause.key: clause.title for clause in clauses(language())}


def metric_choices() -> list[tuple[str, str]]:
    words = rules.control_catalog(language())
    return [(key, words.metrics[key]) for key in METRICS]


def comparison_choices() -> list[tuple[str, str]]:
    words = rules.control_catalog(language())
    return [(c.value, f"{rules.SYMBOL[c]} {words.comparisons[c.value]}") for c in Comparison]


def history_chart(control, weeks, *, cell: int = 9, gap: int = 2) -> str:
    """The weekly verdicts as a strip of squares (green holds, red breached, grey no data),
    oldest left; plain SVG attributes so Typst draws it in the PDF too."""
    title = _("%(control)s, week by week") % {"control": control_title(control)}
    width = max(len(weeks), 1) * (cell + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {cell}" '
        f'width="{width}" height="{cell}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, week in enumerate(weeks):
        label = f"{date_format(week.week, 'SHORT_DATE_FORMAT')}: {state_label(week.state)}"
        if week.value is not None:
            label += f" ({value_text(control, week.value)})"
        parts.append(
            f'<rect x="{index * (cell + gap)}" y="0" width="{cell}" height="{cell}" '
            f'fill="{STATE_COLOURS[State(week.state)]}"><title>{escape(label)}</title></rect>'
        )
    parts.append("</svg>")
    return "".join(parts)
