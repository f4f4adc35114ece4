"""Anonymous pulse surveys: NPS, acceptance statements, free-text themes and k-anonymity.

NPS (Reichheld, "The One Number You Need to Grow", HBR 2003): "How likely is it that you
would recommend …?" on 0–10. Promoters answer 9–10, detractors 0–6, and the score is the
percentage of promoters minus the percentage of detractors, from −100 to 100. Acceptance
statements ("I understand what the AI does") use a five-point Likert scale, 1 strongly
disagree to 5 strongly agree. The question texts live in catalog/<lang>/survey_questions.toml.

Answers name no respondent, only an audience and a day, so a cell's size is the most
answers any one question got there: a lower bound on the people who answered. A cell (an
audience, or a week or month) under k shows nothing, and complementary suppression keeps
it from being rebuilt as the total minus the shown cells; see `masked_breakdown`.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from method.catalog import CATALOG_DIR, LANGUAGES, CatalogError, _read, _text
from method.figures import machine_decimal
from method.objection_matcher import match
from method.objections import ObjectionCategory
from method.pilot import suppressed, week_start

K_DEFAULT = 5
K_MINIMUM = 3  # below this, two people who know their own answers learn the third's
NPS, LIKERT, TEXT = "nps", "likert", "text"
KINDS = (NPS, LIKERT, TEXT)
LIKERT_POINTS = 5
BY = ("audience", "period")
PERIODS = ("week", "month")
OTHER = "other"
# A top suggestion at 0.7 is right about four times in five (objection_matcher.calibrate);
# praise that shares words with a concern ("saves me time" → workload) scores lower.
MIN_THEME_SCORE = 0.7
THEME_EXAMPLES = 3
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")


# Catalog


@dataclass(frozen=True, slots=True)
class SurveyQuestion:
    key: str
    kind: str  # nps | likert | text
    text: str


@dataclass(frozen=True, slots=True)
class SurveyCatalog:
    questions: tuple[SurveyQuestion, ...]
    likert_labels: tuple[str, ...]  # the labels of 1 … 5
    nps_low: str  # the label under 0
    nps_high: str  # the label under 10

    @property
    def nps_key(self) -> str:
        return next(question.key for question in self.questions if question.kind == NPS)


def load_survey_questions(language: str, *, directory: Path = CATALOG_DIR) -> SurveyCatalog:
    """The survey templates of one language: exactly one NPS question, keys unique."""
    name = f"{language}/survey_questions.toml"
    data = _read(language, "survey_questions", directory)
    items = data.get("question")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{name}: no [[question]] items.")
    questions: list[SurveyQuestion] = []
    for index, item in enumerate(items, start=1):
        where = f"{name}, question {index}"
        if not isinstance(item, dict):
            raise CatalogError(f"{where}: must be a table.")
        key = _text(item, "key", where)
        if not _KEY.match(key):
            raise CatalogError(f"{where}: key {key!r} must be lower-case letters, digits and _.")
        if any(question.key == key for question in questions):
            raise CatalogError(f"{where}: key {key!r} appears twice.")
        kind = _text(item, "kind", where)
        if kind not in KINDS:
            raise CatalogError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}.")
        questions.append(SurveyQuestion(key, kind, _text(item, "text", where)))
    nps_questions = sum(1 for question in questions if question.kind == NPS)
    if nps_questions != 1:
        raise CatalogError(f"{name}: needs exactly one nps question, not {nps_questions}.")
    scale = data.get("scale")
    if not isinstance(scale, dict):
        raise CatalogError(f"{name}: [scale] is missing.")
    labels = scale.get("likert")
    if not isinstance(labels, list) or len(labels) != LIKERT_POINTS:
        raise CatalogError(f"{name}, [scale]: likert must list {LIKERT_POINTS} labels.")
    return SurveyCatalog(
        questions=tuple(questions),
        likert_labels=tuple(
            _text({"likert": label}, "likert", f"{name}, [scale] label {point}")
            for point, label in enumerate(labels, start=1)
        ),
        nps_low=_text(scale, "nps_low", f"{name}, [scale]"),
        nps_high=_text(scale, "nps_high", f"{name}, [scale]"),
    )


def load_survey_catalogs(*, directory: Path = CATALOG_DIR) -> dict[str, SurveyCatalog]:
    """Every language's templates; they must agree on keys, kinds and order, because a
    project's survey is one set of questions answered in either language."""
    catalogs = {
        language: load_survey_questions(language, directory=directory) for language in LANGUAGES
    }
    first, *others = LANGUAGES
    reference = [(question.key, question.kind) for question in catalogs[first].questions]
    for language in others:
        if [(q.key, q.kind) for q in catalogs[language].questions] != reference:
            raise CatalogError(
                f"{language}/survey_questions.toml: keys, kinds or order differ from {first}'s."
            )
    return catalogs


@cache
def _shipped_catalogs() -> dict[str, SurveyCatalog]:
    return load_survey_catalogs()


def survey_questions(language: str) -> SurveyCatalog:
    """Cached templates from the shipped catalog."""
    if language not in LANGUAGES:
        raise CatalogError(f"Unknown catalog language {language!r}; expected one of {LANGUAGES}.")
    return _shipped_catalogs()[language]


# Scores


@dataclass(frozen=True, slots=True)
class NpsResult:
    count: int
    promoters: int  # 9–10
    passives: int  # 7–8
    detractors: int  # 0–6
    score: float | None  # % promoters − % detractors, −100 … 100; None without answers


@dataclass(frozen=True, slots=True)
class LikertResult:
    count: int
    distribution: dict[int, int]  # every point 1 … 5, zeros included
    mean: float | None
    agree_share: float | None  # share answering 4 or 5


def _whole(value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}, not {value!r}.")
    return value


def nps(scores: Iterable[int]) -> NpsResult:
    """Net Promoter Score of the answers to the NPS question, and only that question."""
    tally = Counter(_whole(score, 0, 10, "An NPS answer") for score in scores)
    count = tally.total()
    promoters = tally[9] + tally[10]
    detractors = sum(tally[score] for score in range(7))
    score = 100 * (promoters - detractors) / count if count else None
    return NpsResult(count, promoters, count - promoters - detractors, detractors, score)


def likert(answers: Iterable[int]) -> LikertResult:
    tally = Counter(_whole(answer, 1, LIKERT_POINTS, "A Likert answer") for answer in answers)
    count = tally.total()
    if not count:
        return LikertResult(0, dict.fromkeys(range(1, LIKERT_POINTS + 1), 0), None, None)
    return LikertResult(
        count=count,
        distribution={point: tally[point] for point in range(1, LIKERT_POINTS + 1)},
        mean=sum(point * n for point, n in tally.items()) / count,
        agree_share=(tally[4] + tally[5]) / count,
    )


# k-anonymity


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < K_MINIMUM:
        raise ValueError(f"k must be a whole number of at least {K_MINIMUM}, not {k!r}.")


def _suppressed[G](sizes: Mapping[G, tuple[int, ...]], k: int) -> frozenset[G]:
    """method.pilot.suppressed, closing one gap it leaves. The first base is the cell size.

    A listed cell holds at least one answer, so when m masked cells hold m answers together,
    the published total says each holds one. That needs k or more masked cells of one (they
    pool to k, so suppressed stops), and masking one more shown cell breaks it. With no
    shown cell left it stays: the total then reveals that each had one answer, never what
    it was.
    """
    masked = set(suppressed(sizes, k))
    if len(masked) > 1 and sum(sizes[group][0] for group in masked) == len(masked):
        shown = [group for group in sizes if group not in masked and sizes[group][0]]
        if shown:
            masked.add(min(shown, key=lambda group: (sizes[group][0], group)))
    return frozenset(masked)


def masked_breakdown[G](counts: Mapping[G, int], k: int = K_DEFAULT) -> frozenset[G]:
    """The cells of a one-dimensional breakdown (audiences in a period, or the periods of
    one audience) to mask, when the breakdown is published with its total.

    Primary suppression masks cells with 1 … k-1 answers; complementary suppression then
    masks the smallest shown cells until the total minus the shown cells gives no masked
    cell alone: at least two are masked, together holding k or more answers and more than
    one per masked cell (see `_suppressed` for the one exception). A total under k is itself
    masked, and then so is every non-empty cell. A cell with no answers is shown as 0: it
    describes nobody.
    """
    _check_k(k)
    for key, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"The count of {key!r} must be a whole number ≥ 0, not {count!r}.")
    return _suppressed({key: (count,) for key, count in counts.items()}, k)


# Releases: what an owner sees moves only in batches of at least k answers


def release_due(waiting: int, k: int = K_DEFAULT) -> bool:
    """Whether an audience's answers that no owner has seen yet are now released together.

    Every figure shown is computed from released answers only, and a release adds at least
    k answers to its audience, so comparing results before and after a release shows the
    sum of k or more answers, never one. An answer that arrives waits for k - 1 others.
    """
    _check_k(k)
    if isinstance(waiting, bool) or not isinstance(waiting, int) or waiting < 0:
        raise ValueError(f"waiting must be a whole number ≥ 0, not {waiting!r}.")
    return waiting >= k


def pooled_at_close[G](waiting: Mapping[G, int], k: int = K_DEFAULT) -> frozenset[G]:
    """At close, the audiences whose last answers (each fewer than k, or the audience
    would have been released already) join the overall row only, as one batch.

    They are pooled only when they hold k or more together: the overall row then moves by
    at least k answers, and no audience's figures move at all, so neither difference gives
    away a remainder that its audience alone could not release. Under k together they stay
    unreleased for good; releasing them would move the overall row by fewer than k.
    """
    _check_k(k)
    for key, count in waiting.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"The count of {key!r} must be a whole number ≥ 0, not {count!r}.")
    left = {key: count for key, count in waiting.items() if count}
    return frozenset(left) if sum(left.values()) >= k else frozenset()


# Results per audience or period


@dataclass(frozen=True, slots=True)
class Answer:
    audience: str  # a stakeholder group or a department
    day: date  # coarsened to the day by the caller
    question: str
    value: int | str  # 0–10 for the NPS question, 1–5 for a statement, text otherwise


@dataclass(frozen=True, slots=True)
class CellResult:
    key: str | date | None  # the audience, or the period's first day; None for the overall row
    count: int | None  # the most answers one question got; None when masked
    nps: NpsResult | None
    likert: dict[str, LikertResult]  # by question; empty when masked
    texts: dict[str, tuple[str, ...]]  # by question, sorted; empty when masked
    masked: bool


@dataclass(frozen=True, slots=True)
class Results:
    by: str  # audience | period
    period: str  # week | month
    k: int
    nps_key: str
    likert_keys: tuple[str, ...]
    text_keys: tuple[str, ...]
    cells: tuple[CellResult, ...]
    overall: CellResult


def period_start(day: date, period: str) -> date:
    """The Monday of the ISO week, or the first of the month."""
    if period == "week":
        return week_start(day)
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}.")


def _kind(answer: Answer, nps_key: str) -> str:
    if not isinstance(answer.audience, str) or not answer.audience.strip():
        raise ValueError("Every answer needs an audience.")
    if isinstance(answer.day, datetime) or not isinstance(answer.day, date):
        raise ValueError("An answer's day must be a date; times are dropped before this point.")
    if not isinstance(answer.question, str) or not answer.question:
        raise ValueError("Every answer needs a question key.")
    if isinstance(answer.value, str):
        if answer.question == nps_key:
            raise ValueError("The NPS question takes a score from 0 to 10, not text.")
        return TEXT
    if answer.question == nps_key:
        _whole(answer.value, 0, 10, "An NPS answer")
        return NPS
    _whole(answer.value, 1, LIKERT_POINTS, f"An answer to {answer.question!r}")
    return LIKERT


_Values = dict[str, list]


def _group(
    answers: Iterable[Answer], nps_key: str, by: str, period: str
) -> tuple[dict[str | date, _Values], dict[str, str]]:
    cells: dict[str | date, _Values] = defaultdict(lambda: defaultdict(list))
    kinds: dict[str, str] = {}
    for answer in answers:
        kind = _kind(answer, nps_key)
        if kinds.setdefault(answer.question, kind) != kind:
            raise ValueError(f"Question {answer.question!r} has both scores and texts.")
        value = answer.value.strip() if kind == TEXT else answer.value
        if kind == TEXT and not value:
            continue  # an empty box is no answer
        key = answer.audience if by == "audience" else period_start(answer.day, period)
        cells[key][answer.question].append(value)
    return cells, kinds


def _bases(values: _Values, scored: tuple[str, ...]) -> tuple[int, ...]:
    """Cell size first, then the answers to each scored question: every number shown rests
    on one of them, so each must reach k (or be 0)."""
    return (max(map(len, values.values()), default=0), *(len(values.get(q, ())) for q in scored))


@dataclass(frozen=True, slots=True)
class _Shape:
    nps_key: str
    likert_keys: tuple[str, ...]
    text_keys: tuple[str, ...]


def _cell(
    key: str | date | None, values: _Values, count: int, shape: _Shape, masked: bool
) -> CellResult:
    if masked:
        return CellResult(key, None, None, {}, {}, True)
    return CellResult(
        key=key,
        count=count,
        nps=nps(values.get(shape.nps_key, ())),
        likert={q: likert(values.get(q, ())) for q in shape.likert_keys},
        # Sorted, so the order of arrival, which can hint at who wrote what, is not kept.
        texts={q: tuple(sorted(values.get(q, ()), key=str.casefold)) for q in shape.text_keys},
        masked=False,
    )


def survey_results(
    answers: Iterable[Answer],
    *,
    nps_key: str,
    k: int = K_DEFAULT,
    by: str = "audience",
    period: str = "month",
    pooled: Iterable[Answer] = (),
) -> Results:
    """Scores per audience (pass the answers of one period) or per period (pass one
    audience's answers), with the overall row, masked as `masked_breakdown` describes.
    `pooled` answers count in the overall row only (the release at close, see
    `pooled_at_close`).

    The overall row is masked only when it rests on fewer than k answers. Each breakdown is
    safe with its own total; two breakdowns that share cells (a month's audiences and an
    audience's months) need one mask over both, which this does not compute.
    """
    _check_k(k)
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}.")
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}.")
    if not isinstance(nps_key, str) or not nps_key:
        raise ValueError("nps_key must name the NPS question.")
    cells, kinds = _group(answers, nps_key, by, period)
    extra, extra_kinds = _group(pooled, nps_key, by, period)
    for question, kind in extra_kinds.items():
        if kinds.setdefault(question, kind) != kind:
            raise ValueError(f"Question {question!r} has both scores and texts.")
    likert_keys = tuple(sorted(q for q, kind in kinds.items() if kind == LIKERT))
    text_keys = tuple(sorted(q for q, kind in kinds.items() if kind == TEXT))
    scored = (nps_key, *likert_keys)
    sizes = {key: _bases(values, scored) for key, values in cells.items()}
    masked = _suppressed(sizes, k)
    overall: _Values = defaultdict(list)
    for values in (*cells.values(), *extra.values()):
        for question, items in values.items():
            overall[question].extend(items)
    # Cells are disjoint, so their sizes add up to a lower bound on everyone who answered.
    total = sum(size[0] for size in sizes.values())
    total += sum(_bases(values, scored)[0] for values in extra.values())
    overall_bases = (total, *(len(overall.get(q, ())) for q in scored))
    overall_masked = total < k or any(0 < n < k for n in overall_bases)
    shape = _Shape(nps_key, likert_keys, text_keys)
    return Results(
        by=by,
        period=period,
        k=k,
        nps_key=nps_key,
        likert_keys=likert_keys,
        text_keys=text_keys,
        cells=tuple(
            _cell(key, cells[key], sizes[key][0], shape, key in masked) for key in sorted(cells)
        ),
        overall=_cell(None, overall, total, shape, overall_masked),
    )


# Free-text themes


@dataclass(frozen=True, slots=True)
class Theme:
    category: str  # an ObjectionCategory value, or "other"
    count: int
    examples: tuple[str, ...]


def themes(
    texts: Iterable[str],
    *,
    min_score: float = MIN_THEME_SCORE,
    language: str | None = None,
    examples: int = THEME_EXAMPLES,
) -> list[Theme]:
    """Free texts grouped by the objection category they match best, most frequent first and
    "other" last. A text whose best match scores under `min_score` goes to "other".

    Call it only on the texts of a shown cell: the examples are quoted as written.
    """
    if not 0 <= min_score <= 1:
        raise ValueError("min_score must be between 0 and 1.")
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 0:
        raise ValueError("examples must be a whole number ≥ 0.")
    grouped: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        if not isinstance(text, str):
            raise ValueError(f"A free text must be a string, not {text!r}.")
        text = text.strip()
        if not text:
            continue
        best = match(text, language=language, limit=1)
        fits = best and best[0].score >= min_score
        grouped[best[0].category.value if fits else OTHER].append(text)
    order = {category.value: index for index, category in enumerate(ObjectionCategory)}
    ranked = sorted(
        grouped.items(),
        key=lambda item: (item[0] == OTHER, -len(item[1]), order.get(item[0], len(order))),
    )
    return [Theme(category, len(items), tuple(items[:examples])) for category, items in ranked]


# Export


def result_rows(results: Results) -> tuple[list[str], list[list]]:
    """Header and rows for method.spreadsheet.write_csv / write_xlsx: aggregates only, no
    free text, and a masked row's numbers are empty."""
    header = ["row", results.by, "masked", "answers", "nps", "promoters", "passives", "detractors"]
    for key in results.likert_keys:
        header += [f"{key}_count", f"{key}_mean", f"{key}_agree_share"]
        header += [f"{key}_{point}" for point in range(1, LIKERT_POINTS + 1)]
    rows = [_row("cell", cell, results.likert_keys) for cell in results.cells]
    rows.append(_row("overall", results.overall, results.likert_keys))
    return header, rows


def _number(value: float | None) -> Decimal | str:
    return "" if value is None else machine_decimal(value, 4)


def _row(level: str, cell: CellResult, likert_keys: tuple[str, ...]) -> list:
    key = cell.key.isoformat() if isinstance(cell.key, date) else cell.key or ""
    width = 5 + len(likert_keys) * (3 + LIKERT_POINTS)
    if cell.masked or cell.nps is None:
        return [level, key, True, *[""] * width]
    row: list = [level, key, False, cell.count, _number(cell.nps.score)]
    row += [cell.nps.promoters, cell.nps.passives, cell.nps.detractors]
    for question in likert_keys:
        result = cell.likert[question]
        row += [result.count, _number(result.mean), _number(result.agree_share)]
        row += [result.distribution[point] for point in range(1, LIKERT_POINTS + 1)]
    return row


# Aggregates the database has already counted


def nps_from_tally(tally: Mapping[int, int]) -> NpsResult:
    """`nps` over {score: how many}, for callers that count in the database."""
    scores = Counter()
    for score, count in tally.items():
        _whole(score, 0, 10, "An NPS answer")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"The count of score {score!r} must be a whole number ≥ 0.")
        scores[score] += count
    count = scores.total()
    promoters = scores[9] + scores[10]
    detractors = sum(scores[score] for score in range(7))
    score = 100 * (promoters - detractors) / count if count else None
    return NpsResult(count, promoters, count - promoters - detractors, detractors, score)


def nps_breakdown[G](
    tallies: Mapping[G, Mapping[int, int]],
    k: int = K_DEFAULT,
    pooled: Mapping[int, int] | None = None,
) -> tuple[dict[G, NpsResult | None], NpsResult | None]:
    """NPS per cell and overall from score tallies, masked as `survey_results` masks them
    when every answer has an NPS score: a masked cell or an overall under k is None.
    `pooled` counts in the overall only, as in `survey_results`."""
    counts = {key: sum(tally.values()) for key, tally in tallies.items()}
    masked = masked_breakdown(counts, k)
    cells = {key: None if key in masked else nps_from_tally(t) for key, t in tallies.items()}
    overall: Counter = Counter(pooled or {})
    for tally in tallies.values():
        overall.update(tally)
    total = overall.total()
    return cells, (nps_from_tally(overall) if total >= k else None)


def shown_counts[G](
    counts: Mapping[G, int], k: int = K_DEFAULT
) -> tuple[dict[G, int | None], int | None]:
    """Answer counts per cell as an owner may see them while a survey runs: a masked cell
    is None, and so is a total under k."""
    masked = masked_breakdown(counts, k)
    total = sum(counts.values())
    return (
        {key: None if key in masked else count for key, count in counts.items()},
        total if total >= k or total == 0 else None,
    )
