"""Drafts (agreement, job-security statement, information letter) as text and as DOCX."""

import io

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.comms_catalog import fill
from method.controls import control_catalog, defaults_for_clause, threshold_text
from method.legal import classify, clause_placeholders, clauses, conditions, letters
from samspill.comms.facts import project_facts
from samspill.core import clock
from samspill.documents.docx import DocxDocument
from samspill.guarantees.models import ApplicabilityCheck, DraftKind
from samspill.guarantees.services import answers_of

# Providers of the agreement's appendix: (project, clause keys) → [(clause key, line)]. The
# controls app (above this one) registers the project's own controls in its AppConfig.ready;
# without it the catalog's defaults in method/controls.py are named.
APPENDIX_LINES: list = []


def appendix_lines(project, clause_keys) -> list[tuple[str, str]]:
    if APPENDIX_LINES:
        return APPENDIX_LINES[-1](project, clause_keys)
    words = control_catalog(project.language)
    return [
        (d.clause, f"{words.controls[d.key].title}: {threshold_text(d.rule, project.language)}")
        for clause in clause_keys
        for d in defaults_for_clause(clause)
    ]


def draft_facts(project) -> dict[str, str | None]:
    facts = project_facts(project)
    with translation.override(project.language):
        return {
            "project": facts["project"],
            "tool": facts["tool"],
            "employer": facts["employer"],
            "union": facts["union"],
            "ai_will_do": facts["ai_will_do"],
            "ai_will_not_do": facts["ai_will_not_do"],
            "pilot_department": facts["pilot_department"],
            "contact": facts["contact"],
            "date": date_format(clock.today(), "DATE_FORMAT"),
        }


def fill_text(project, template: str) -> str:
    return fill(template, draft_facts(project), clause_placeholders(project.language)).text


def refill_gaps(project, text: str) -> str:
    """`text` with each gap of a fact the project now knows replaced by that fact.

    A saved draft keeps its gaps ("[employer: not named yet]") until the author asks for the
    facts filled in later; everything else in the text stays as the author left it."""
    facts = draft_facts(project)
    for key, placeholder in clause_placeholders(project.language).items():
        value = facts.get(key)
        if value and value.strip():
            text = text.replace(placeholder.gap(), value)
    return text


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
    title = fill_text(project, letter.title)  # "Job-security statement: {tool}"
    check = ApplicabilityCheck.objects.filter(project=project).first()
    if check is None:
        return title, fill_text(project, letter.text)
    # The paragraphs for high-risk tools and for Norwegian or German law, where they apply.
    answers = answers_of(check)
    return title, fill_text(project, letter.text_for(conditions(answers, classify(answers))))


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
        if draft.kind == DraftKind.AGREEMENT:
            _appendix(document, project, draft.clauses or default_clauses(project))
        document.paragraph(
            _(
                "Drafted with Samspill from the project's facts. Samspill gives guidance, not "
                "legal advice: have the final text checked before it is signed."
            )
        )
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _appendix(document, project, clause_keys) -> None:
    """Each measurable clause names its controls and thresholds, so the signed text and the
    weekly checks say the same thing (docs/controls.md)."""
    lines = appendix_lines(project, clause_keys)
    if not lines:
        return
    titles = {c.key: c.title for c in clauses(project.language)}
    document.heading(_("Appendix: how the measurable clauses are checked"), level=2)
    for clause, line in lines:
        document.bullet(f"{titles.get(clause, clause)}: {line}")
