"""Drafts (agreement, job-security statement, information letter) as text and as DOCX."""

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.comms_catalog import fill
from method.legal import classify, clause_placeholders, clauses, conditions, letters
from samspill.comms.facts import project_facts
from samspill.core import clock
from samspill.documents.docx import DocxDocument
from samspill.guarantees.models import ApplicabilityCheck, DraftKind
from samspill.guarantees.services import answers_of


def draft_facts(project) -> dict[str, str | None]:
    facts = project_facts(project)
    with translation.override(project.language):
        return {
            "project": facts["project"],
            "tool": facts["tool"],
            "employer": None,  # the company's legal name: Samspill does not know it
            "union": None,
            "ai_will_do": facts["ai_will_do"],
            "ai_will_not_do": facts["ai_will_not_do"],
            "pilot_department": facts["pilot_department"],
            "contact": facts["contact"],
            "date": date_format(clock.today(), "DATE_FORMAT"),
        }


def fill_text(project, template: str) -> str:
    return fill(template, draft_facts(project), clause_placeholders(project.language)).text


def clause_choices(project) -> list[tuple[str, str]]:
    return [(c.key, c.title) for c in clauses(project.language)]


def default_clauses(project) -> list[str]:
    return [c.key for c in clauses(project.language) if c.default]


def compose(project, kind: str, chosen: list[str] | None = None) -> tuple[str, str]:
    """(title, body) of a new draft, filled with the project's facts."""
    if kind == DraftKind.AGREEMENT:
        chosen = default_clauses(project) if chosen is None else chosen
        parts = [
            f"{clause.title}\n\n{fill_text(project, clause.text)}"
            for clause in clauses(project.language)
            if clause.key in chosen
        ]
        with translation.override(project.language):
            title = _("Agreement on the use of AI: %(tool)s") % {"tool": project.ai_tool}
        return title, "\n\n\n".join(parts)
    letter = letters(project.language)[kind]
    check = ApplicabilityCheck.objects.filter(project=project).first()
    if check is None:
        return letter.title, fill_text(project, letter.text)
    # The paragraphs for high-risk tools and for Norwegian or German law, where they apply.
    answers = answers_of(check)
    return letter.title, fill_text(project, letter.text_for(conditions(answers, classify(answers))))


def draft_docx(project, draft) -> bytes:
    """Blank lines separate paragraphs; a short line followed by a blank one is a heading."""
    with translation.override(project.language):
        document = DocxDocument(
            title=draft.title,
            kind=draft.get_kind_display(),
            subtitle=f"{project.name} · {date_format(clock.today(), 'DATE_FORMAT')}",
        )
        blocks = [b.strip() for b in draft.body.replace("\r\n", "\n").split("\n\n") if b.strip()]
        for block in blocks:
            if "\n" not in block and len(block) < 80 and not block.endswith((".", ":", ";")):
                document.heading(block, level=2)
            else:
                for line in block.split("\n"):
                    if line.lstrip().startswith(("- ", "• ")):
                        document.bullet(line.lstrip()[2:])
                    else:
                        document.paragraph(line)
        document.paragraph(
            _(
                "Drafted with Samspill from the project's facts. Samspill gives guidance, not "
                "legal advice: have the final text checked before it is signed."
            )
        )
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
