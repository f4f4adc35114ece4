"""The DPIA as the page and the documents show it: one reading, so both always agree.

Call inside translation.override(...) for the documents; the page uses the interface
language. Method texts (criteria, questions, scales) come from the catalog of that language;
what people wrote, including the seeded risks, is shown as stored.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method import dpia as rules
from method.catalog import LANGUAGES
from samspill.dpia.charts import MapLabels, MapPoint, risk_map
from samspill.dpia.models import Action, Opinion, OpinionKind, Risk
from samspill.dpia.selectors import DpiaData

SECTION_TITLES = {
    "screening": gettext_lazy("Screening"),
    "context": gettext_lazy("Context"),
    "principles": gettext_lazy("Fundamental principles"),
    "risks": gettext_lazy("Risks"),
    "actions": gettext_lazy("Action plan"),
    OpinionKind.DPO.value: gettext_lazy("Opinion of the data protection officer"),
    OpinionKind.REPRESENTATIVES.value: gettext_lazy("Opinion of the employee representatives"),
    "decision": gettext_lazy("Decision"),
}
STATUS_LABELS = {
    rules.Completion.NOT_STARTED: gettext_lazy("not started"),
    rules.Completion.IN_PROGRESS: gettext_lazy("in progress"),
    rules.Completion.COMPLETE: gettext_lazy("complete"),
}


def active_catalog() -> rules.DpiaCatalog:
    """The catalog in the active language, falling back to English."""
    language = (translation.get_language() or "en").split("-")[0]
    return rules.dpia_catalog(language if language in LANGUAGES else "en")


STATUS_BADGES = {
    rules.Completion.NOT_STARTED: "badge-muted",
    rules.Completion.IN_PROGRESS: "badge-warn",
    rules.Completion.COMPLETE: "badge-ok",
}
LEVEL_BADGES = {
    rules.RiskLevel.LOW: "badge-ok",
    rules.RiskLevel.MEDIUM: "badge-warn",
    rules.RiskLevel.HIGH: "badge-bad",
    rules.RiskLevel.VERY_HIGH: "badge-bad",
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    status: rules.Completion

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class Rating:
    severity: int | None
    likelihood: int | None
    level: rules.RiskLevel | None
    label: str  # the level's name, or "—" while not rated

    @property
    def badge(self) -> str:
        return LEVEL_BADGES[self.level] if self.level else "badge-muted"


@dataclass(frozen=True)
class RiskRow:
    number: int
    risk: Risk
    before: Rating
    after: Rating

    @property
    def level_before(self) -> rules.RiskLevel | None:
        return self.before.level

    @property
    def level_after(self) -> rules.RiskLevel | None:
        return self.after.level


@dataclass(frozen=True)
class ActionRow:
    action: Action
    risk_number: int | None


@dataclass(frozen=True)
class Report:
    data: DpiaData
    catalog: rules.DpiaCatalog
    screening: rules.Screening
    criteria: list[tuple[rules.Criterion, bool]]
    sections: list[Section]
    context: list[Item]
    principles: list[Item]
    rights: list[Item]
    risks: list[RiskRow]
    actions: list[ActionRow]
    opinions: list[tuple[str, Opinion]]
    map_before: str
    map_after: str
    prior_consultation: bool

    @property
    def verdict(self) -> str:
        return self.catalog.screening["required" if self.screening.required else "not_required"]

    @property
    def reasons(self) -> list[str]:
        return [self.catalog.screening[reason] for reason in self.screening.reasons]


def _rating(pair: tuple[int | None, int | None], catalog: rules.DpiaCatalog) -> Rating:
    level = None if None in pair else rules.risk_level(*pair)
    return Rating(*pair, level, catalog.risk_levels[level] if level else "—")


def _opinion_status(opinion: Opinion) -> rules.Completion:
    if opinion.given:
        return rules.Completion.COMPLETE
    started = opinion.stance or opinion.text.strip() or opinion.author.strip()
    return rules.Completion.IN_PROGRESS if started else rules.Completion.NOT_STARTED


def _filled(obj, keys) -> int:
    return sum(1 for key in keys if getattr(obj, key).strip())


def _sections(data: DpiaData, rows: list[RiskRow]) -> list[Section]:
    dpia = data.dpia
    statuses = {
        "screening": rules.Completion.COMPLETE
        if dpia.screened_on
        else rules.Completion.NOT_STARTED,
        "context": rules.completion(
            _filled(dpia.context, rules.CONTEXT_KEYS), len(rules.CONTEXT_KEYS)
        ),
        "principles": rules.completion(
            _filled(dpia.principles, rules.PRINCIPLE_KEYS + rules.RIGHT_KEYS),
            len(rules.PRINCIPLE_KEYS + rules.RIGHT_KEYS),
        ),
        "risks": rules.completion(
            sum(1 for row in rows if row.level_before and row.level_after), len(rows)
        ),
        "actions": rules.completion(
            sum(1 for action in data.actions if action.owner.strip() and action.due_date),
            len(data.actions),
        ),
        **{kind: _opinion_status(opinion) for kind, opinion in data.opinions.items()},
        "decision": rules.Completion.COMPLETE
        if dpia.decision.outcome
        else rules.Completion.NOT_STARTED,
    }
    return [Section(key, str(title), statuses[key]) for key, title in SECTION_TITLES.items()]


def _map_labels(catalog: rules.DpiaCatalog, title: str) -> MapLabels:
    return MapLabels(
        title=title,
        severity=_("Severity"),
        likelihood=_("Likelihood"),
        levels={n: text.label for n, text in catalog.severity.items()},
        zones=catalog.risk_levels,
    )


def _maps(rows: list[RiskRow], catalog: rules.DpiaCatalog) -> tuple[str, str]:
    drawn = []
    for stage, title in (("before", _("Before measures")), ("after", _("After measures"))):
        points = [
            MapPoint(row.number, row.risk.title, *getattr(row.risk, stage))
            for row in rows
            if None not in getattr(row.risk, stage)
        ]
        drawn.append(risk_map(points, _map_labels(catalog, title)))
    return drawn[0], drawn[1]


def report(data: DpiaData, catalog: rules.DpiaCatalog) -> Report:
    dpia = data.dpia
    rows = [
        RiskRow(number, risk, _rating(risk.before, catalog), _rating(risk.after, catalog))
        for number, risk in enumerate(data.risks, start=1)
    ]
    numbers = {row.risk.pk: row.number for row in rows}
    before, after = _maps(rows, catalog)
    return Report(
        data=data,
        catalog=catalog,
        screening=rules.screening(set(dpia.criteria)),
        criteria=[(item, key in dpia.criteria) for key, item in catalog.criteria.items()],
        sections=_sections(data, rows),
        context=[Item(p.label, getattr(dpia.context, k)) for k, p in catalog.context.items()],
        principles=[
            Item(p.label, getattr(dpia.principles, k), p.source)
            for k, p in catalog.principles.items()
        ],
        rights=[
            Item(p.label, getattr(dpia.principles, k), p.source) for k, p in catalog.rights.items()
        ],
        risks=rows,
        actions=[ActionRow(a, numbers.get(a.risk_id)) for a in data.actions],
        opinions=[
            (str(SECTION_TITLES[kind]), data.opinions[kind])
            for kind in OpinionKind
            if kind in data.opinions
        ],
        map_before=before,
        map_after=after,
        prior_consultation=rules.needs_prior_consultation(
            [row.level_after for row in rows if row.level_after]
        ),
    )
