from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "samspill/locale/nb/LC_MESSAGES/django.po"


def test_every_message_has_a_norwegian_translation():
    catalog = polib.pofile(str(PO_FILE))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    assert len(catalog) > 100


def test_switching_language_translates_the_interface(client, project, owner):
    client.force_login(owner)
    page = reverse("projects:detail", args=[project.slug])
    assert "Where the groups stand" in client.get(page).content.decode()
    response = client.post(reverse("set_language"), {"language": "nb", "next": page})
    assert response.status_code == 302
    body = client.get(page).content.decode()
    assert "Hvor gruppene står" in body
    assert '<html lang="nb">' in body


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "1 Sep 2026"), ("nb", "1. september 2026")]
)
def test_dates_follow_the_language(client, project, owner, language, expected):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert expected in client.get(reverse("projects:detail", args=[project.slug])).content.decode()


def test_norwegian_project_content_comes_from_the_norwegian_presets(client, owner):
    from samspill.projects.services import project_create

    project = project_create(
        actor=owner, name="Pilot", ai_tool="Bot", start_date="2026-10-01", language="nb"
    )
    client.force_login(owner)
    body = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "Personvernombud" in body
