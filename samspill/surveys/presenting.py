"""What the results and list pages show, built from the masked results only."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.surveys import OTHER, CellResult, survey_questions, themes
from samspill.core.figures import number, percent
from samspill.objections.models import Category
from samspill.surveys import charts
from samspill.surveys.models import Survey
from samspill.surveys.selectors import arrivals, nps_trend, results_of


@dataclass(frozen=True, slots=True)
class StatementRow:
    label: str
    count: int
    agree: str  # "62 %"
    bar: str


@dataclass(frozen=True, slots=True)
class CellView:
    label: str
    masked: bool
    count: int | None
    nps: str
    promoters: int | None
    passives: int | None
    detractors: int | None
    statements: list[StatementRow]


def _nps_text(value: float | None) -> str:
    return number(value, sign=True)


def _cell(label: str, cell: CellResult, survey: Survey, texts: dict, likert_labels) -> CellView:
    if cell.masked or cell.nps is None:
        return CellView(label, True, None, "", None, None, None, [])
    rows = []
    for key in survey.statements:
        result = cell.likert.get(key)
        if result is None or not result.count:
            continue
        rows.append(
            StatementRow(
                texts.get(key, key),
                result.count,
                percent(result.agree_share),
                charts.likert_bar(result.distribution, likert_labels),
            )
        )
    return CellView(
        label,
        False,
        cell.count,
        _nps_text(cell.nps.score),
        cell.nps.promoters,
        cell.nps.passives,
        cell.nps.detractors,
        rows,
    )


def category_label(key: str) -> str:
    if key == OTHER:
        return _("Other comments")
    return str(Category(key).label)


def results_view(survey: Survey, labels: dict[int, str]) -> dict:
    catalog = survey_questions(survey.language)
    texts = {q.key: q.text for q in catalog.questions}
    results = results_of(survey, labels)
    cells = {cell.key: cell for cell in results.cells}
    counts = arrivals(survey)
    arrived = counts.arrived
    audiences = [
        _cell(label, cells[label], survey, texts, catalog.likert_labels)
        if label in cells
        # Answers, none released yet: shown like a masked cell, "fewer than k".
        else CellView(label, True, None, "", None, None, None, [])
        if arrived.get(label)
        else CellView(label, False, 0, "—", 0, 0, 0, [])
        for label in sorted(labels.values())
    ]
    overall = _cell(_("All audiences"), results.overall, survey, texts, catalog.likert_labels)
    comment_themes = []
    if not results.overall.masked:
        # Overall only: per audience as well would let the overall list minus the shown
        # audiences' lists reveal what a masked audience wrote.
        comments = [t for values in results.overall.texts.values() for t in values]
        comment_themes = themes(comments, language=survey.language, examples=50)
    _per_audience, waiting = counts.waiting_shown(sorted(labels.values()), survey.k)
    return {
        "results": results,
        # None: the count is not shown (fewer than k answers in all), as on the detail page.
        "waiting": waiting,
        "overall": overall,
        "audiences": audiences,
        "any_masked": any(a.masked for a in audiences),
        "themes": [(category_label(t.category), t) for t in comment_themes],
        "likert_labels": list(zip(catalog.likert_labels, charts.LIKERT_COLOURS, strict=True)),
    }


def trend_view(project) -> dict | None:
    points = nps_trend(project)
    if not points:
        return None
    labels = sorted({label for p in points for label in p.cells})
    x_labels = [date_format(p.day, "SHORT_DATE_FORMAT") for p in points]
    series = [(_("All audiences"), [p.overall.score if p.overall else None for p in points])]
    for label in labels:
        values = []
        for p in points:
            cell = p.cells.get(label)
            values.append(cell.score if cell else None)
        series.append((label, values))
    rows = []
    for p in points:
        rows.append(
            {
                "survey": p.survey,
                "overall": _nps_text(p.overall.score) if p.overall else None,
                "cells": [
                    (_nps_text(p.cells[label].score) if p.cells[label] else None)
                    if label in p.cells
                    else ""
                    for label in labels
                ],
            }
        )
    return {
        "labels": labels,
        "rows": rows,
        "chart": charts.trend_chart(x_labels, series, _("NPS per survey")),
        "drawable": any(v is not None for _name, values in series for v in values),
    }


def statement_texts(survey: Survey) -> list[str]:
    texts = {q.key: q.text for q in survey_questions(survey.language).questions}
    return [texts.get(key, key) for key in survey.statements]
