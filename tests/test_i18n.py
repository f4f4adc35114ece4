from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from samspill.core.management.commands.compiletranslations import translation_files

PO_FILE = Path(settings.BASE_DIR) / "samspill/locale/nb/LC_MESSAGES/django.po"


def test_every_message_has_a_norwegian_translation():
    assert len(polib.pofile(str(PO_FILE))) > 100
    for po_path in translation_files():
        catalog = polib.pofile(str(po_path))
        assert catalog.untranslated_entries() == [], po_path
        assert catalog.fuzzy_entries() == [], po_path


def test_no_message_is_translated_in_two_files():
    """An app's own .po holds its new messages; a second copy elsewhere would win silently."""
    seen: dict[tuple[str, str], Path] = {}
    for po_path in translation_files():
        language = po_path.parts[-3]
        for entry in polib.pofile(str(po_path)):
            key = (language, entry.msgctxt or "", entry.msgid)
            assert key not in seen, f"{entry.msgid!r} in {seen.get(key)} and {po_path}"
            seen[key] = po_path


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
