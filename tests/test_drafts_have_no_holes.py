"""No literal {placeholder} ever reaches a reader: on a page, in a DOCX or in a PDF.

Every catalog text (messages, conversation guides, objection answers, agreement clauses,
letters) and every page or document built from them is walked in English and Norwegian,
once with the project facts empty and once filled. An unknown fact must show as a named
gap ("[employer: not named yet]"); a known one as its value.
"""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from method.audiences import Audience
from method.comms_catalog import (
    fill,
    guides,
    message_drafts,
    objection_texts,
    placeholders,
)
from method.legal import clause_placeholders, clauses, letters
from samspill.comms.facts import project_facts
from samspill.guarantees import documents
from samspill.guarantees.documents import draft_facts
from samspill.guarantees.models import DraftKind
from samspill.projects.services import project_create, project_facts_update
from samspill.stakeholders.services import person_create

LITERAL = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
EMPLOYER = "Nordlys Energi AS"


def _project(owner, language: str, filled: bool):
    project = project_create(
        actor=owner,
        name="Screening" if language == "en" else "Rekruttering",
        ai_tool="TalentBot",
        start_date="2026-09-01",
        language=language,
    )
    if filled:
        project_facts_update(
            actor=owner,
            project=project,
            expected_version=project.version,
            employer_name=EMPLOYER,
            org_number="974760673",
            contact_person="Kari Nordmann, kari@example.org",
            public_employer=False,
        )
        project.refresh_from_db()
        for key, name in (("union", "Ola Tillitsvalgt"), ("dpo", "Per Vern")):
            group = project.stakeholder_groups.get(preset_key=key)
            person_create(actor=owner, project=project, group=group, name=name)
    return project


def _catalog_texts(language: str):
    for draft in message_drafts(language):
        yield draft.subject
        yield draft.body
    for guide in guides(language).values():
        yield guide.title
        yield guide.opening
        for part in (guide.cares, guide.fears, guide.arguments, guide.questions):
            yield from part
        yield guide.commitment
    for text in objection_texts(language).values():
        yield from (text.reality, text.response, text.compromise)


def _no_literal(where: str, text: str) -> None:
    found = LITERAL.findall(text)
    assert not found, f"{where}: {found}"


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("filled", [False, True], ids=["facts-empty", "facts-filled"])
def test_every_catalog_text_fills_without_a_literal_placeholder(owner, language, filled):
    project = _project(owner, language, filled)
    facts = project_facts(project)
    for text in _catalog_texts(language):
        _no_literal(text[:60], fill(text, facts, placeholders(language)).text)
    legal_facts = draft_facts(project)
    for clause in clauses(language):
        _no_literal(clause.key, fill(clause.text, legal_facts, clause_placeholders(language)).text)
    for letter in letters(language).values():
        for text in (letter.title, letter.text):
            _no_literal(letter.title, fill(text, legal_facts, clause_placeholders(language)).text)


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("filled", [False, True], ids=["facts-empty", "facts-filled"])
def test_every_draft_fills_its_title_and_body_on_the_page_and_in_the_docx(
    client, owner, language, filled
):
    project = _project(owner, language, filled)
    client.force_login(owner)
    gap = clause_placeholders(language)["employer"].gap()
    for kind in DraftKind.values:
        title, body = documents.compose(project, kind)
        _no_literal(f"{kind} title", title)
        _no_literal(f"{kind} body", body)
        assert "TalentBot" in title
        url = reverse("guarantees:draft_edit", args=[project.slug, kind])
        page = client.get(url).content.decode()
        _no_literal(f"{kind} page", page)
        response = client.post(url, {"title": title, "body": body, "action": "download"})
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
            xml = docx.read("word/document.xml").decode()
        _no_literal(f"{kind} docx", re.sub(r"<[^>]+>", "", xml))
        if kind != DraftKind.AGREEMENT:
            continue
        if filled:
            assert EMPLOYER in body and gap not in body
            assert "Ola Tillitsvalgt" in body  # the union representative from the map
        else:
            # The gap is named, highlighted and links to where the fact is filled in.
            assert gap in body
            assert reverse("projects:facts", args=[project.slug]) + "#id_employer_name" in page


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("filled", [False, True], ids=["facts-empty", "facts-filled"])
def test_messages_guides_and_the_transparency_page_show_no_literal_placeholder(
    client, owner, language, filled
):
    project = _project(owner, language, filled)
    client.force_login(owner)
    urls = [
        reverse("comms:messages", args=[project.slug]),
        reverse("objections:library", args=[project.slug]),
        reverse("guarantees:transparency_preview", args=[project.slug]),
    ] + [reverse("comms:guide", args=[project.slug, a.value]) for a in Audience]
    for url in urls:
        page = client.get(url).content.decode()
        _no_literal(url, page)
        if filled and "transparency" in url:
            assert EMPLOYER in page and "974760673" in page and "Per Vern" in page
    for audience in (Audience.UNION, Audience.EMPLOYEES):  # a PDF is slow to build
        response = client.get(reverse("comms:guide_pdf", args=[project.slug, audience.value]))
        reader = PdfReader(io.BytesIO(response.content))
        _no_literal(f"{audience} pdf", " ".join(page.extract_text() for page in reader.pages))


def test_a_gap_in_a_message_links_to_where_the_fact_is_filled_in(client, owner):
    project = _project(owner, "en", filled=False)
    client.force_login(owner)
    page = client.get(reverse("comms:guide", args=[project.slug, "leadership"])).content.decode()
    assert 'class="gap-link" href="' + reverse("business:roi", args=[project.slug]) in page


def test_filling_known_facts_into_a_saved_draft_keeps_the_authors_edits(client, owner):
    project = _project(owner, "en", filled=False)
    client.force_login(owner)
    url = reverse("guarantees:draft_edit", args=[project.slug, "job_security_statement"])
    title, body = documents.compose(project, "job_security_statement")
    gap = clause_placeholders("en")["employer"].gap()
    assert gap in body
    client.post(url, {"title": title, "body": "My own opening.\n\n" + body, "action": "save"})
    project_facts_update(actor=owner, project=project, employer_name=EMPLOYER)
    client.post(url, {"title": title, "body": "My own opening.\n\n" + body, "action": "refill"})
    saved = project.drafts.get(kind="job_security_statement")
    assert saved.body.startswith("My own opening.") and EMPLOYER in saved.body
    assert gap not in saved.body
