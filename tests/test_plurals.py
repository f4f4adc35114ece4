"""Every text where a number meets a noun reads right for 1 and for 2, in English and Norwegian.

The pluralised strings are the .po entries with a plural form (ngettext and
{% blocktranslate count %}) and the method catalog's {one, other} texts. Each is rendered
with 1 and with 2 in both languages, its placeholders filled with the number.
"""

import re

import polib
import pytest
from django.utils import translation
from django.utils.translation import ngettext, npgettext

from method.catalog import Plural, load_pitfalls
from samspill.core.management.commands.compiletranslations import translation_files

NAMED = re.compile(r"%\((\w+)\)[sd]")


def _plural_entries():
    seen = {}
    for path in translation_files():
        for entry in polib.pofile(str(path)):
            if entry.msgid_plural and not entry.obsolete:
                seen[(entry.msgctxt, entry.msgid)] = entry
    return list(seen.values())


ENTRIES = _plural_entries()


def _render(entry, count: int) -> str:
    if entry.msgctxt:
        text = npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
    else:
        text = ngettext(entry.msgid, entry.msgid_plural, count)
    return text % {name: count for name in NAMED.findall(text)} if NAMED.search(text) else text


def test_there_are_pluralised_strings_to_check():
    assert len(ENTRIES) > 20


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.msgid[:60])
def test_each_pluralised_string_renders_for_one_and_two(entry):
    assert entry.msgstr_plural.get(0) and entry.msgstr_plural.get(1), "a Norwegian form is missing"
    for language in ("en", "nb"):
        with translation.override(language):
            one, two = _render(entry, 1), _render(entry, 2)
        assert one != two, (language, one)
        for text in (one, two):
            assert "%(" not in text and "{" not in text, (language, text)
    with translation.override("en"):
        assert _render(entry, 1) == entry.msgid % {n: 1 for n in NAMED.findall(entry.msgid)}
    with translation.override("nb"):
        expected = entry.msgstr_plural[0]
        assert _render(entry, 1) == expected % {n: 1 for n in NAMED.findall(expected)}


CATALOG_PLURALS = [
    (language, rule, reason, text)
    for language in ("en", "nb")
    for rule, pitfall in load_pitfalls(language).items()
    for reason, text in pitfall.reasons.items()
    if isinstance(text, Plural)
]


def test_the_catalog_has_pluralised_texts_in_both_languages():
    languages = {language for language, *_ in CATALOG_PLURALS}
    assert languages == {"en", "nb"}


@pytest.mark.parametrize(
    ("language", "rule", "reason", "text"), CATALOG_PLURALS, ids=lambda v: str(v)[:30]
)
def test_each_catalog_plural_reads_right_for_one_and_two(language, rule, reason, text):
    one, two = text.form(1).format(count=1), text.form(2).format(count=2)
    assert one.startswith("1 ") and two.startswith("2 ")
    assert one[2:] != two[2:]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 job-security objection is still open.", "2 job-security objections are"]),
        ("nb", ["1 innvending om jobbsikkerhet er fortsatt åpen.", "2 innvendinger"]),
    ],
)
def test_open_job_security_objections_are_counted_in_words_that_agree(language, expected):
    text = load_pitfalls(language)["job_fear_unanswered"].reasons["open_job_security_objections"]
    assert text.form(1).format(count=1) == expected[0]
    assert text.form(2).format(count=2).startswith(expected[1])


# Where a count meets a noun without ngettext or {% blocktranslate count %}. A template
# {{ variable }} or a Python %(name)s right before one of these nouns needs a plural form,
# unless the number can never be 1 (ALWAYS_SEVERAL: name and noun, each with its reason).
COUNTED_NOUNS = (
    "minutes|hours|days|weeks|months|years|cases|people|answers|problems|values|events|"
    "messages|rows|lines|items|objections|members|accounts|suggestions|times"
)
ALWAYS_SEVERAL = {
    # an anonymity threshold: at least method.surveys.K_MINIMUM (3), the pilot's 5
    ("k", "cases"),
    ("k", "people"),
    ("k", "answers"),
    ("count", "times"),  # "this column appears N times": a duplicate, so 2 or more
    ("count", "accounts"),  # shown only when more accounts match than the page lists
    ("n", "cases"),  # "about N cases per group needed": a sample size, dozens at least
    ("limit", "rows"),  # limits of the import, in the thousands
    ("limit", "events"),
    ("limit", "problems"),
    ("max", "days"),  # "A token lasts from 1 to N days": N is the longest lifetime, 2 or more
}
TEMPLATE_UNCOUNTED = re.compile(
    r"\{% blocktranslate(?![^%]*\bcount\b)[^%]*%\}(?:(?!\{% endblocktranslate).)*?"
    rf"\{{\{{ ?(\w+) ?\}}\}} ({COUNTED_NOUNS})\b",
    re.S,
)
PYTHON_UNCOUNTED = re.compile(
    r"(?<![n\w])(?:_|gettext|gettext_lazy)\(\s*((?:\"[^\"]*\"\s*)+)\)", re.S
)
PYTHON_COUNT = re.compile(rf"%\((\w+)\)s ({COUNTED_NOUNS})\b")


def _sources(pattern: str):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "samspill"
    return [p for p in root.rglob(pattern) if "tests" not in p.parts]


def test_no_template_puts_a_count_before_a_noun_without_a_plural_form():
    found = []
    for path in _sources("*.html"):
        for match in TEMPLATE_UNCOUNTED.finditer(path.read_text(encoding="utf-8")):
            if (match.group(1), match.group(2)) not in ALWAYS_SEVERAL:
                found.append(f"{path.name}: {{{{ {match.group(1)} }}}} {match.group(2)}")
    assert found == []


def test_no_python_message_puts_a_count_before_a_noun_without_ngettext():
    found = []
    for path in _sources("*.py"):
        for call in PYTHON_UNCOUNTED.finditer(path.read_text(encoding="utf-8")):
            text = "".join(re.findall(r"\"([^\"]*)\"", call.group(1)))
            for name, noun in PYTHON_COUNT.findall(text):
                if (name, noun) not in ALWAYS_SEVERAL:
                    found.append(f"{path.name}: %({name})s {noun}")
    assert found == []


@pytest.mark.parametrize(
    ("value", "places", "count"),
    [(1, 0, 1), (2, 0, 2), (0, 0, 0), (1.4, 0, 1), (1.0, 1, 2), (2.5, 1, 2), (None, 0, 2)],
)
def test_plural_count_picks_the_form_for_the_number_as_shown(value, places, count):
    from samspill.core.figures import plural_count

    assert plural_count(value, places) == count


@pytest.mark.parametrize(
    ("language", "compared", "expected"),
    [
        ("en", 1, "Of 1 compared case, people"),
        ("en", 2, "Of 2 compared cases, people"),
        ("nb", 1, "Av 1 sammenlignet sak gjorde"),
        ("nb", 2, "Av 2 sammenlignede saker gjorde"),
    ],
)
def test_the_pilot_reports_compared_cases_agree_with_their_number(language, compared, expected):
    from django.template.loader import get_template

    source = get_template("pilot/report.html").template.source
    start = source.index("{% blocktranslate count counter=c.compared_cases")
    snippet = source[start : source.index("{% endblocktranslate %}", start) + 23]
    from django.template import Context, Template

    context = {
        "c": {"compared_cases": compared, "overrides_to_reject": 0, "overrides_to_advance": 0}
    }
    with translation.override(language):
        text = Template("{% load i18n figures %}" + snippet).render(Context(context))
    assert text.startswith(expected), text


@pytest.mark.parametrize(
    ("language", "minutes", "expected"),
    [
        ("en", 1, "1 minute saved per case"),
        ("en", 1.04, "1.0 minutes saved per case"),
        ("nb", 1, "1 minutt spart per sak"),
        ("nb", 2.5, "2,5 minutter spart per sak"),
    ],
)
def test_the_roi_pages_measured_minutes_agree_with_their_number(language, minutes, expected):
    from django.template import Context, Template
    from django.template.loader import get_template

    source = get_template("business/roi.html").template.source
    start = source.index("{% blocktranslate count counter=measured.minutes.estimate")
    snippet = source[start : source.index("{% endblocktranslate %}", start) + 23]
    places = 0 if minutes == 1 else 1
    snippet = snippet.replace("plural_count:1", f"plural_count:{places}").replace(
        "estimate|number:1", f"estimate|number:{places}"
    )
    measured = {"minutes": {"estimate": minutes, "low": 0.5, "high": 3}}
    with translation.override(language):
        text = Template("{% load i18n figures %}" + snippet).render(Context({"measured": measured}))
    assert text.startswith(expected), text


@pytest.mark.parametrize(
    ("language", "minutes", "expected"),
    [
        ("en", 1, "Try again in 1 minute,"),
        ("en", 30, "Try again in 30 minutes,"),
        ("nb", 1, "Prøv igjen om 1 minutt,"),
        ("nb", 30, "Prøv igjen om 30 minutter,"),
    ],
)
def test_the_log_in_pause_counts_its_minutes(rf, language, minutes, expected):
    from datetime import timedelta

    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        page = render_to_string(
            "registration/locked_out.html",
            {"cooloff_timedelta": timedelta(minutes=minutes)},
            request=request,
        )
    assert expected in page
