"""The DPIA as PDF (Typst), DOCX (python-docx) and the action plan as CSV, all in the
project's content language."""

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from method.dpia import dpia_catalog
from method.spreadsheet import write_csv
from samspill.core import clock
from samspill.documents.docx import DocxDocument
from samspill.documents.pdf import render_pdf, svg_to_png
from samspill.dpia import presenting
from samspill.dpia.selectors import DpiaData


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _items(items: list[presenting.Item]) -> list[dict]:
    return [{"label": i.label, "text": i.text.strip(), "source": i.source} for i in items]


def _rating(report: presenting.Report, rating: presenting.Rating) -> str:
    if rating.level is None:
        return _("not rated yet")
    catalog = report.catalog
    return _("severity %(severity)s, likelihood %(likelihood)s: %(level)s risk") % {
        "severity": catalog.severity[rating.severity].label.lower(),
        "likelihood": catalog.likelihood[rating.likelihood].label.lower(),
        "level": rating.label.lower(),
    }


def _risks(report: presenting.Report) -> list[dict]:
    return [
        {
            "number": str(row.number),
            "title": row.risk.title,
            "impacts": row.risk.impacts,
            "threats": row.risk.threats,
            "sources": row.risk.sources,
            "measures": row.risk.measures,
            "before": row.before.label,
            "after": row.after.label,
            "before_detail": _rating(report, row.before),
            "after_detail": _rating(report, row.after),
        }
        for row in report.risks
    ]


def _actions(report: presenting.Report) -> list[dict]:
    return [
        {
            "title": row.action.title,
            "details": row.action.details,
            "risk": str(row.risk_number) if row.risk_number else "—",
            "owner": row.action.owner or "—",
            "due": _date(row.action.due_date) or "—",
            "status": str(row.action.get_status_display()),
        }
        for row in report.actions
    ]


def _opinions(report: presenting.Report) -> list[dict]:
    return [
        {
            "title": title,
            "given": opinion.given,
            "author": opinion.author,
            "date": _date(opinion.given_on),
            "stance": str(opinion.get_stance_display()) if opinion.stance else "",
            "text": opinion.text,
        }
        for title, opinion in report.opinions
    ]


def _decision(report: presenting.Report) -> dict:
    decision = report.data.dpia.decision
    return {
        "made": bool(decision.outcome),
        "outcome": str(decision.get_outcome_display()) if decision.outcome else "",
        "conditions": decision.conditions,
        "by": decision.decided_by,
        "on": _date(decision.decided_on),
        "reasoning": decision.reasoning,
        "consultation": _("Prior consultation requested on %(date)s. %(reference)s")
        % {"date": _date(decision.consultation_on), "reference": decision.consultation_reference}
        if decision.consultation_on
        else "",
        "override": _("Goes ahead without prior consultation: %(reason)s")
        % {"reason": decision.override_reason}
        if decision.override_reason.strip()
        else "",
    }


def _labels() -> dict[str, str]:
    titles = {key: str(title) for key, title in presenting.SECTION_TITLES.items()}
    return {
        **titles,
        "criterion": _("Criterion"),
        "applies": _("Applies"),
        "yes": _("yes"),
        "no": _("no"),
        "notes": _("Notes"),
        "not_answered": _("Not answered yet."),
        "rights": _("Data subjects' rights"),
        "number": _("No."),
        "risk": _("Risk"),
        "before": _("Before measures"),
        "after": _("After measures"),
        "impacts": _("Impacts"),
        "threats": _("Threats"),
        "sources": _("Sources"),
        "measures": _("Measures"),
        "risk_map": _("Risk map"),
        "measure": _("Measure"),
        "owner": _("Owner"),
        "due": _("Due"),
        "status": _("Status"),
        "no_actions": _("No measures planned yet."),
        "given_by": _("Given by"),
        "date": _("Date"),
        "opinion": _("Opinion"),
        "not_given": _("Not given yet."),
        "outcome": _("Decision"),
        "conditions": _("Conditions"),
        "decided_by": _("Decided by"),
        "reasoning": _("Reasoning"),
        "no_decision": _("No decision recorded yet."),
    }


def dpia_document_data(project, data: DpiaData) -> dict:
    """Everything the documents say, worded in the project's content language."""
    with translation.override(project.language):
        catalog = dpia_catalog(project.language)
        report = presenting.report(data, catalog)
        screening = report.screening
        return {
            "meta": {
                "lang": project.language,
                "kind": _("Data protection impact assessment"),
                "title": project.name,
                "subtitle": f"{project.ai_tool} · {_date(clock.today())}",
                "organisation": "Samspill",
                "footer": _("DPIA · %(project)s") % {"project": project.name},
            },
            "labels": _labels(),
            "disclaimer": catalog.disclaimer,
            "method_note": _(
                "Structure after the CNIL's PIA method; screening after the EDPB guidelines "
                "(WP248). Method texts checked %(date)s."
            )
            % {"date": _date(catalog.checked_on)},
            "screening": {
                "summary": ngettext(
                    "%(count)s of the 9 EDPB criteria applies.",
                    "%(count)s of the 9 EDPB criteria apply.",
                    screening.count,
                )
                % {"count": screening.count},
                "verdict": report.verdict,
                "reasons": report.reasons,
                "criteria": [
                    {"label": criterion.label, "applies": applies}
                    for criterion, applies in report.criteria
                ],
                "notes": data.dpia.screening_notes,
                "done": data.dpia.screened_on is not None,
            },
            "context": _items(report.context),
            "principles": _items(report.principles),
            "rights": _items(report.rights),
            "risks": _risks(report),
            "maps": {"before": report.map_before, "after": report.map_after},
            "prior_consultation": _(
                "A high risk remains after the measures. Consult the data protection "
                "authority before the processing starts (GDPR Art. 36(1))."
            )
            if report.prior_consultation
            else "",
            "actions": _actions(report),
            "opinions": _opinions(report),
            "decision": _decision(report),
        }


def dpia_pdf(project, data: DpiaData) -> bytes:
    return render_pdf("dpia.typ", dpia_document_data(project, data))


def _answers(doc: DocxDocument, items: list[dict], empty: str) -> None:
    for item in items:
        doc.heading(item["label"], level=2)
        doc.paragraph(item["text"] or empty)


def dpia_docx(project, data: DpiaData) -> bytes:
    d = dpia_document_data(project, data)
    t = d["labels"]
    doc = DocxDocument(
        title=d["meta"]["title"], kind=d["meta"]["kind"], subtitle=d["meta"]["subtitle"]
    )
    doc.paragraph(d["disclaimer"])
    doc.heading(t["screening"])
    s = d["screening"]
    doc.paragraph(f"{s['verdict']} {s['summary']}")
    for reason in s["reasons"]:
        doc.bullet(reason)
    doc.table(
        [t["criterion"], t["applies"]],
        [[c["label"], t["yes"] if c["applies"] else t["no"]] for c in s["criteria"]],
    )
    if s["notes"]:
        doc.paragraph(s["notes"])
    doc.heading(t["context"])
    _answers(doc, d["context"], t["not_answered"])
    doc.heading(t["principles"])
    _answers(doc, d["principles"], t["not_answered"])
    doc.heading(t["rights"], level=2)
    _answers(doc, d["rights"], t["not_answered"])
    doc.heading(t["risks"])
    doc.table(
        [t["number"], t["risk"], t["before"], t["after"]],
        [[r["number"], r["title"], r["before"], r["after"]] for r in d["risks"]],
    )
    doc.image(svg_to_png(d["maps"]["before"], width_cm=11), caption=t["before"])
    doc.image(svg_to_png(d["maps"]["after"], width_cm=11), caption=t["after"])
    if d["prior_consultation"]:
        doc.paragraph(d["prior_consultation"])
    for r in d["risks"]:
        doc.heading(f"{r['number']}. {r['title']}", level=2)
        for key in ("impacts", "threats", "sources", "measures"):
            doc.paragraph(f"{t[key]}: {r[key] or t['not_answered']}")
        doc.paragraph(f"{t['before']}: {r['before_detail']}. {t['after']}: {r['after_detail']}.")
    doc.heading(t["actions"])
    if d["actions"]:
        doc.table(
            [t["measure"], t["risk"], t["owner"], t["due"], t["status"]],
            [[a["title"], a["risk"], a["owner"], a["due"], a["status"]] for a in d["actions"]],
        )
    else:
        doc.paragraph(t["no_actions"])
    for opinion in d["opinions"]:
        doc.heading(opinion["title"])
        if opinion["given"]:
            doc.paragraph(f"{opinion['stance']} · {opinion['author']} · {opinion['date']}")
            doc.paragraph(opinion["text"])
        else:
            doc.paragraph(t["not_given"])
    decision = d["decision"]
    doc.heading(t["decision"])
    if decision["made"]:
        rows = [
            [t["outcome"], decision["outcome"]],
            [t["decided_by"], decision["by"]],
            [t["date"], decision["on"]],
        ]
        if decision["conditions"]:
            rows.append([t["conditions"], decision["conditions"]])
        doc.table(["", ""], rows)
        doc.paragraph(decision["reasoning"])
        for line in (decision["consultation"], decision["override"]):
            if line:
                doc.paragraph(line)
    else:
        doc.paragraph(t["no_decision"])
    doc.paragraph(d["method_note"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def action_plan_csv(project, data: DpiaData) -> bytes:
    """The action plan for a spreadsheet; write_csv makes every cell inert."""
    with translation.override(project.language):
        report = presenting.report(data, dpia_catalog(project.language))
        header = [
            _("No."),
            _("Measure"),
            _("Details"),
            _("Risk"),
            _("Owner"),
            _("Due"),
            _("Status"),
        ]
        titles = {row.number: row.risk.title for row in report.risks}
        rows = [
            [
                index,
                row.action.title,
                row.action.details,
                f"{row.risk_number}. {titles[row.risk_number]}" if row.risk_number else "",
                row.action.owner,
                row.action.due_date.isoformat() if row.action.due_date else "",
                str(row.action.get_status_display()),
            ]
            for index, row in enumerate(report.actions, start=1)
        ]
    return write_csv(header, rows)
