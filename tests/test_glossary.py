"""The glossary's forbidden variants appear in no translation or catalog file (docs/glossary.md)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from samspill.core.management.commands.compiletranslations import translation_files

ROOT = Path(settings.BASE_DIR)
GLOSSARY = ROOT / "docs/glossary.md"
CATALOG = ROOT / "method/catalog"


def _forbidden() -> dict[str, list[str]]:
    """Language → the forbidden variants (regular expressions on words), from the table."""
    found: dict[str, list[str]] = {"nb": [], "en": []}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("English", "---"):
            continue
        for language, cell in (("nb", cells[3]), ("en", cells[4])):
            found[language] += re.findall(r"`([^`]+)`", cell)
    return found


FORBIDDEN = _forbidden()


def _texts(language: str):
    """(where, text) for every translated or catalog text in `language`."""
    for path in translation_files():
        for entry in polib.pofile(str(path)):
            if language == "nb":
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
            else:
                texts = [entry.msgid, entry.msgid_plural]
            for text in texts:
                if text:
                    yield f"{path.relative_to(ROOT)}: {entry.msgid[:50]!r}", text
    for path in sorted((CATALOG / language).glob("*.toml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            yield f"{path.relative_to(ROOT)}:{number}", line


def test_the_glossary_names_forbidden_variants_in_both_languages():
    assert len(FORBIDDEN["nb"]) >= 8 and FORBIDDEN["en"]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_forbidden_variant_is_used(language):
    patterns = [re.compile(rf"\b{p}\b", re.IGNORECASE) for p in FORBIDDEN[language]]
    hits = [
        f"{where}: {found.group(0)!r}"
        for where, text in _texts(language)
        for pattern in patterns
        if (found := pattern.search(text))
    ]
    assert hits == []


def test_the_check_catches_a_forbidden_variant():
    pattern = re.compile(r"\bporten\b", re.IGNORECASE)
    assert pattern.search("Neste Porten åpner") and not pattern.search("Rapporten er klar")
