"""Pages for people who are not members speak the project's language, with a visible switch."""

import re

from django.urls import reverse

from samspill.guarantees.models import TransparencyPage
from samspill.guarantees.services import transparency_page
from samspill.projects.services import project_create


def _norwegian_project(owner):
    return project_create(
        actor=owner,
        name="Rekruttering",
        ai_tool="TalentBot",
        start_date="2026-09-01",
        language="nb",
    )


def _open_page(project) -> TransparencyPage:
    page = transparency_page(project)
    TransparencyPage.objects.filter(pk=page.pk).update(link_enabled=True)
    page.refresh_from_db()
    return page


def test_a_norwegian_projects_transparency_page_is_norwegian_to_an_english_browser(client, owner):
    page = _open_page(_norwegian_project(owner))
    url = reverse("guarantees:public", args=[page.token])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb">' in body and "Hva KI-en gjør" in body
    assert 'href="?lang=en"' in body  # the switch is on the page
    english = client.get(url + "?lang=en", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert '<html lang="en">' in english and "What the AI does" in english


def test_an_unknown_language_choice_falls_back_to_the_projects(client, owner):
    page = _open_page(_norwegian_project(owner))
    url = reverse("guarantees:public", args=[page.token]) + "?lang=xx"
    assert '<html lang="nb">' in client.get(url).content.decode()


def test_members_keep_their_own_interface_language_on_the_preview(client, owner):
    project = _norwegian_project(owner)
    client.force_login(owner)
    client.cookies["samspill_language"] = "en"
    body = client.get(reverse("guarantees:transparency_preview", args=[project.slug]))
    assert '<html lang="en">' in body.content.decode()


def test_a_new_survey_in_a_norwegian_project_asks_norwegian_questions(client, owner):
    project = _norwegian_project(owner)
    client.force_login(owner)
    client.cookies["samspill_language"] = "en"
    body = client.get(reverse("surveys:create", args=[project.slug])).content.decode()
    selected = re.search(r'<option value="(\w+)" selected>', body.split('id="id_language"')[1])
    assert selected and selected.group(1) == "nb"
