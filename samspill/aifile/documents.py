"""The AI Act file as one PDF (Typst, samspill/documents), and a ZIP of its evidence for
an inspector or the works council's expert (BetrVG § 80(3)).

The explanation desk appears only as k-masked statistics: the requests are personal data.
"""

import csv
import io
import zipfile

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.aifile import LogWarning, log_retention_warning
from samspill.aifile import selectors
from samspill.aifile.notice import chatbot_notices
from samspill.core import clock
from samspill.documents.pdf import render_pdf


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else "—"


def _section(title, *, header=(), rows=(), lines=(), warnings=()) -> dict:
    return {
        "title": title,
        "header": list(header),
        "rows": [[str(cell) for cell in row] for row in rows],
        "lines": list(lines),
        "warnings": list(warnings),
    }


def _information(project) -> dict:
    rows = [
        (
            g.group.name,
            _date(r.informed_on),
            r.get_how_display(),
            r.letter_label or "—",
            r.confirmed,
        )
        for g in selectors.information_by_group(project)
        for r in g.rounds
    ]
    gaps = selectors.worker_information_gaps(project)
    warnings = [_("Not yet informed:") + " " + ", ".join(g.name for g in gaps)] if gaps else []
    return _section(
        _("Worker information (Art. 26(7), aml § 9-2(2))"),
        header=(_("Group"), _("Informed on"), _("How"), _("Letter version"), _("Confirmed")),
        rows=rows,
        warnings=warnings,
    )


def _oversight(project) -> dict:
    rows = selectors.oversight(project)
    return _section(
        _("Human oversight (Art. 26(2))"),
        header=(_("Name"), _("Authority"), _("Training"), _("AI-literacy records")),
        rows=[
            (
                r.overseer.name,
                r.overseer.authority,
                r.overseer.training or "—",
                "; ".join(x.received for x in r.records) or "—",
            )
            for r in rows
        ],
        warnings=[
            _("%(name)s oversees the system but has no AI-literacy record.") % {"name": name}
            for name in selectors.overseers_without_literacy(rows)
        ],
    )


def _literacy(project) -> dict:
    return _section(
        _("AI-literacy register (Art. 4)"),
        header=(_("Role"), _("Person"), _("What they received"), _("When"), _("Material")),
        rows=[
            (r.role, r.person_name or "—", r.received, _date(r.received_on), r.material or "—")
            for r in selectors.literacy_records(project)
        ],
    )


def _logs(project) -> dict:
    settings = selectors.file_settings(project)
    months = settings.log_retention_months if settings else None
    warning = log_retention_warning(months)
    messages = {
        LogWarning.UNKNOWN: _(
            "How long the logs are kept is unknown. The AI Act asks for at least six months."
        ),
        LogWarning.TOO_SHORT: _(
            "The logs are kept for less than six months, the least the AI Act allows."
        ),
    }
    return _section(
        _("Logs (Art. 26(6))"),
        lines=[
            f"{_('Where they are kept')}: {(settings.log_location if settings else '') or '—'}",
            f"{_('For how long')}: {months if months is not None else '—'}",
        ],
        warnings=[messages[warning]] if warning else [],
    )


def _events(project) -> dict:
    return _section(
        _("Monitoring and suspension (Art. 26(5))"),
        header=(_("Date"), _("Kind"), _("What happened"), _("Provider informed")),
        rows=[
            (
                _date(e.occurred_on),
                e.get_kind_display(),
                e.description,
                f"{e.provider_informed_by or '—'} · {_date(e.provider_informed_on)}"
                if e.provider_informed_on
                else _("Not yet"),
            )
            for e in selectors.monitoring_events(project)
        ],
    )


def _desk(project) -> dict:
    from samspill.desk.models import Outcome
    from samspill.desk.selectors import statistics

    stats = statistics(project, masked=True)

    def shown(value):
        return "•" if value is None else value

    labels = dict(Outcome.choices)
    return _section(
        _("Explanation desk"),
        lines=[
            f"{_('Answered')}: {shown(stats.answered)}",
            f"{_('Median days to answer')}: {shown(stats.median_days)}",
        ]
        + [f"{month}: {shown(count)}" for month, count in stats.per_month.items()]
        + [f"{labels[key]}: {shown(count)}" for key, count in stats.outcomes.items()],
    )


def file_data(project) -> dict:
    answers = selectors.applicability_answers(project)
    with translation.override(project.language):
        sections = [
            _information(project),
            _oversight(project),
            _literacy(project),
            _logs(project),
            _events(project),
        ]
        if getattr(answers, "chatbot", False):
            settings = selectors.file_settings(project)
            shown = settings is not None and settings.chatbot_notice_shown
            sections.append(
                _section(
                    _("Chatbot notice (Art. 50(1))"),
                    lines=[f"{language}: {text}" for language, text in chatbot_notices(project)]
                    + [
                        _("The notice is shown in the chatbot.")
                        if shown
                        else _("Not yet confirmed that the notice is shown in the chatbot.")
                    ],
                )
            )
        if getattr(answers, "public_employer", False):
            from samspill.aifile.fria import fria_sections, public_duties

            sections += [_section(s.title, lines=s.lines or ["—"]) for s in fria_sections(project)]
            sections.append(_section(_("Registration and notification"), lines=public_duties()))
        sections.append(_desk(project))
        return {
            "meta": {
                "title": _("AI Act file"),
                "subtitle": f"{project.name} · {project.ai_tool}",
                "kind": _("AI Act file"),
                "organisation": project.name,
                "footer": _("Samspill · made %(date)s")
                % {"date": date_format(clock.today(), "DATE_FORMAT")},
                "lang": project.language,
            },
            "labels": {"empty": _("Nothing recorded yet.")},
            "sections": sections,
        }


def file_pdf(project) -> bytes:
    return render_pdf("aifile.typ", file_data(project))


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["'" + c if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c for c in map(str, row)]
        )
    return buffer.getvalue().encode("utf-8-sig")


def evidence_zip(project) -> bytes:
    """The PDF, each section as CSV, and the information letters as they were downloaded."""
    data = file_data(project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ai-act-file.pdf", file_pdf(project))
        names = ["worker-information", "oversight", "ai-literacy", "logs", "monitoring"]
        for name, section in zip(names, data["sections"], strict=False):
            if section["header"]:
                archive.writestr(f"{name}.csv", _csv(section["header"], section["rows"]))
        letters = {
            r.letter
            for g in selectors.information_by_group(project)
            for r in g.rounds
            if r.letter is not None
        }
        for letter in sorted(letters, key=lambda v: (v.draft_id, v.number)):
            archive.writestr(
                f"letters/{letter.draft.kind}-v{letter.number}.docx", bytes(letter.docx)
            )
    return buffer.getvalue()
