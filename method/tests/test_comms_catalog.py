import contextlib
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.audiences import Audience
from method.catalog import CATALOG_DIR, LANGUAGES, CatalogError
from method.comms_catalog import (
    CHANNELS,
    FACT_KEYS,
    Placeholder,
    TemplateFieldError,
    fill,
    guides,
    load_guides,
    load_message_drafts,
    load_objection_texts,
    load_placeholders,
    message_drafts,
    objection_texts,
    placeholders,
    template_fields,
)
from method.objections import ObjectionCategory

# --- the shipped catalogs ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_define_exactly_the_facts_in_order(language):
    assert tuple(placeholders(language)) == FACT_KEYS


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_objection_category_has_a_text(language):
    texts = objection_texts(language)
    assert list(texts) == list(ObjectionCategory)
    assert all(texts[c].category is c for c in ObjectionCategory)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_audience_has_a_draft_and_a_guide(language):
    drafts = message_drafts(language)
    assert {d.audience for d in drafts} == set(Audience)
    assert set(guides(language)) == set(Audience)
    for audience in (Audience.LEADERSHIP, Audience.UNION, Audience.EMPLOYEES):
        assert sum(d.audience is audience for d in drafts) >= 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_draft_bodies_are_between_80_and_200_words(language):
    for draft in message_drafts(language):
        assert draft.channel in CHANNELS
        assert 80 <= len(draft.body.split()) <= 200, draft.key


@pytest.mark.parametrize("language", LANGUAGES)
def test_guides_have_the_agreed_lengths(language):
    for guide in guides(language).values():
        assert 3 <= len(guide.cares) <= 5, guide.audience
        assert 2 <= len(guide.fears) <= 4, guide.audience
        assert 3 <= len(guide.arguments) <= 5, guide.audience
        assert 3 <= len(guide.questions) <= 5, guide.audience
        assert 2 <= len(guide.objections) <= 4, guide.audience


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_numbers_reach_leadership(language):
    guide = guides(language)[Audience.LEADERSHIP]
    used = {name for argument in guide.arguments for name in template_fields(argument)}
    assert {"hours_saved_per_year", "annual_benefit", "payback_month"} <= used


def fields(text: str) -> set[str]:
    return set(template_fields(text))


def test_languages_agree_on_placeholders():
    assert list(placeholders("en")) == list(placeholders("nb"))


def test_languages_agree_on_drafts():
    english, norwegian = message_drafts("en"), message_drafts("nb")
    assert [(d.key, d.audience, d.channel) for d in english] == [
        (d.key, d.audience, d.channel) for d in norwegian
    ]
    for en, nb in zip(english, norwegian, strict=True):
        assert fields(en.subject) == fields(nb.subject), en.key
        assert fields(en.body) == fields(nb.body), en.key
        assert en.body != nb.body


def test_languages_agree_on_guides():
    english, norwegian = guides("en"), guides("nb")
    assert list(english) == list(norwegian)
    for audience, en in english.items():
        nb = norwegian[audience]
        assert en.objections == nb.objections
        assert fields(en.opening) == fields(nb.opening)
        assert fields(en.commitment) == fields(nb.commitment)
        for name in ("cares", "fears", "arguments", "questions"):
            en_items, nb_items = getattr(en, name), getattr(nb, name)
            assert [fields(t) for t in en_items] == [fields(t) for t in nb_items], (audience, name)
        assert en.title != nb.title


def test_languages_agree_on_objection_texts():
    english, norwegian = objection_texts("en"), objection_texts("nb")
    for category, en in english.items():
        nb = norwegian[category]
        for name in ("reality", "response", "compromise"):
            assert fields(getattr(en, name)) == fields(getattr(nb, name)), (category, name)
        assert en.title != nb.title


def test_cached_loaders_return_the_same_object():
    assert message_drafts("nb") is message_drafts("nb")
    assert guides("en") is guides("en")


# --- fill ---------------------------------------------------------------------------------

PLACEHOLDERS = {
    "tool": Placeholder("tool", "AI tool", "not named yet"),
    "payback_month": Placeholder("payback_month", "payback month", "not calculated yet"),
    "contact": Placeholder("contact", "project lead", "not named yet"),
}


def test_fill_substitutes_known_facts():
    filled = fill(
        "{tool} pays back by {payback_month}.",
        {"tool": "Sift", "payback_month": "month 9"},
        PLACEHOLDERS,
    )
    assert filled.text == "Sift pays back by month 9."
    assert filled.missing == ()


def test_missing_facts_show_label_and_reason_in_both_languages():
    assert (
        fill("{payback_month}", {}, placeholders("en")).text
        == "[payback month: not calculated yet]"
    )
    assert (
        fill("{payback_month}", {"payback_month": None}, placeholders("nb")).text
        == "[tilbakebetalingsmåned: ikke beregnet ennå]"
    )


def test_missing_is_in_order_of_first_appearance_without_duplicates():
    template = "{payback_month} {tool} {payback_month} {contact} {tool}"
    filled = fill(template, {"tool": "", "contact": "  \n", "payback_month": None}, PLACEHOLDERS)
    assert filled.missing == ("payback_month", "tool", "contact")
    assert filled.text.count("[payback month: not calculated yet]") == 2


def test_braces_inside_values_stay_literal():
    facts = {"tool": "{contact} {0} {{x}} {", "contact": "Kari"}
    filled = fill("{tool} / {contact}", facts, PLACEHOLDERS)
    assert filled.text == "{contact} {0} {{x}} { / Kari"


def test_doubled_braces_are_literal_braces():
    assert fill("{{tool}} is {tool}", {"tool": "Sift"}, PLACEHOLDERS).text == "{tool} is Sift"


def test_unknown_field_names_the_field():
    with pytest.raises(TemplateFieldError, match=r"Unknown placeholder \{salary\}") as info:
        fill("Pay: {salary}", {}, PLACEHOLDERS)
    assert info.value.field == "salary"


@pytest.mark.parametrize("template", ["{unclosed", "closing } only", "{tool", "{tool!}"])
def test_malformed_braces_are_refused(template):
    with pytest.raises(TemplateFieldError, match="Malformed braces") as info:
        fill(template, {"tool": "Sift"}, PLACEHOLDERS)
    assert info.value.field is None


@pytest.mark.parametrize(
    ("template", "field"),
    [("{tool.name}", "tool.name"), ("{tool[0]}", "tool[0]"), ("{}", "{}"), ("{0}", "0")],
)
def test_attribute_index_and_positional_fields_are_refused(template, field):
    with pytest.raises(TemplateFieldError, match="not allowed") as info:
        fill(template, {"tool": "Sift"}, PLACEHOLDERS)
    assert info.value.field == field


@pytest.mark.parametrize("template", ["{tool:>10}", "{tool!r}"])
def test_format_specs_and_conversions_are_refused(template):
    with pytest.raises(TemplateFieldError, match="may not carry a format"):
        fill(template, {"tool": "Sift"}, PLACEHOLDERS)


def test_template_fields_lists_each_name_once():
    assert template_fields("{b} {{a}} {a} {b}") == ("b", "a")
    with pytest.raises(TemplateFieldError):
        template_fields("{x}", known=("a",))


def test_a_shipped_draft_fills_completely_with_every_fact():
    facts = {key: f"<{key}>" for key in FACT_KEYS}
    for language in LANGUAGES:
        for draft in message_drafts(language):
            filled = fill(draft.body, facts, placeholders(language))
            assert filled.missing == ()
            assert "{" not in filled.text and "[" not in filled.text


EVERY_FACT = " | ".join(f"{{{key}}}" for key in FACT_KEYS)
# Short texts keep generation cheap on a busy machine; what fill() must survive is the
# characters (braces, brackets, blanks), not the length.
fact_values = st.dictionaries(
    st.sampled_from(FACT_KEYS),
    st.one_of(st.none(), st.text(max_size=12)),
    max_size=len(FACT_KEYS),
)


@given(fact_values)
def test_fill_never_raises_and_keeps_every_value(facts):
    filled = fill(EVERY_FACT, facts, placeholders("en"))
    present = {k: v for k, v in facts.items() if v is not None and v.strip()}
    for value in present.values():
        assert value in filled.text
    assert filled.missing == tuple(k for k in FACT_KEYS if k not in present)


@given(st.sampled_from(message_drafts("nb")), fact_values)
def test_fill_handles_any_values_in_shipped_drafts(draft, facts):
    filled = fill(draft.body, facts, placeholders("nb"))
    for key in template_fields(draft.body):
        value = facts.get(key)
        if value is not None and value.strip():
            assert value in filled.text
        else:
            assert key in filled.missing


@given(st.text(alphabet=st.sampled_from("{}ab ")))
def test_fill_raises_only_template_errors(template):
    with contextlib.suppress(TemplateFieldError):
        fill(template, {"tool": "Sift"}, PLACEHOLDERS)


# --- broken catalog files ----------------------------------------------------------------


def broken(tmp_path: Path, name: str, change) -> Path:
    """A copy of the shipped English catalog with one file changed by ``change(text)``."""
    shutil.copytree(CATALOG_DIR / "en", tmp_path / "en")
    path = tmp_path / "en" / f"{name}.toml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def drop_item(table: str, marker: str):
    """Remove the one [[table]] item that contains ``marker``."""

    def change(text: str) -> str:
        head, *items = text.split(f"\n[[{table}]]\n")
        kept = [item for item in items if marker not in item]
        assert len(kept) == len(items) - 1
        return head + "".join(f"\n[[{table}]]\n{item}" for item in kept)

    return change


def replace(old: str, new: str, count: int = 1):
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, count)

    return change


def test_the_copied_catalog_loads(tmp_path):
    directory = broken(tmp_path, "messages", lambda text: text)
    assert load_message_drafts("en", directory=directory) == message_drafts("en")
    assert load_guides("en", directory=directory) == guides("en")


@pytest.mark.parametrize(
    ("name", "change", "error"),
    [
        ("messages", replace('audience = "dpo"', 'audience = "ceo"'), r"'ceo' is not one of"),
        ("messages", replace("{tool}", "{salary}"), r"Unknown placeholder \{salary\}"),
        ("messages", replace("{tool}", "{tool:>5}"), r"may not carry a format"),
        ("messages", replace("{tool}", "{tool"), r"Malformed braces"),
        ("messages", replace('channel = "email"', 'channel = "fax"'), r"channel 'fax'"),
        (
            "messages",
            replace('key = "leadership_progress"', 'key = "leadership_business_case"'),
            r"'leadership_business_case' appears twice",
        ),
        (
            "messages",
            drop_item("message", 'key = "partners_cooperation"'),
            r"no message draft for partners",
        ),
        (
            "messages",
            replace('title = "Progress update"', 'titel = "x"'),
            r"unknown field\(s\) titel",
        ),
        ("messages", replace('subject = "{project}: where we stand"', "subject = 3"), r"'subject'"),
        (
            "objections",
            drop_item("objection", 'key = "workload"'),
            r"no objection text for workload",
        ),
        ("objections", replace('key = "cost"', 'key = "privacy"'), r"'privacy' appears twice"),
        ("objections", replace('key = "cost"', 'key = "weather"'), r"'weather' is not one of"),
        ("objections", replace("{integration}", "{budget}"), r"Unknown placeholder \{budget\}"),
        (
            "guides",
            drop_item("guide", 'audience = "partners"'),
            r"no conversation guide for partners",
        ),
        (
            "guides",
            replace('"Being replaced",', '"Being replaced", 7,'),
            r"'fears' must be a non-empty",
        ),
        ("guides", replace('objections = ["cost"', 'objections = ["money"'), r"'money' is not one"),
        ("guides", replace('objections = ["cost"', 'objections = ["complexity"'), r"appears twice"),
        ("guides", replace('objections = ["cost", ', "objections = [1, "), r"list of keys"),
        ("guides", replace("{integration}", "{vpn}"), r"Unknown placeholder \{vpn\}"),
        (
            "placeholders",
            drop_item("placeholder", 'key = "training"'),
            r"no placeholder for training",
        ),
        (
            "placeholders",
            replace('key = "tool"', 'key = "budget"'),
            r"'budget' is not a project fact",
        ),
        ("placeholders", replace('key = "tool"', 'key = "project"'), r"'project' appears twice"),
        ("placeholders", replace("[[placeholder]]", "[[placeholder]"), r"not valid TOML"),
    ],
)
def test_a_broken_file_is_named(tmp_path, name, change, error):
    directory = broken(tmp_path, name, change)
    loader = {
        "messages": load_message_drafts,
        "objections": load_objection_texts,
        "guides": load_guides,
        "placeholders": load_placeholders,
    }[name]
    with pytest.raises(CatalogError, match=rf"{name}\.toml") as info:
        loader("en", directory=directory)
    assert re.search(error, str(info.value)), str(info.value)


def test_a_string_where_a_list_belongs_names_the_field(tmp_path):
    def change(text: str) -> str:
        start = text.index("fears = [")
        end = text.index("]", start) + 1
        return text[:start] + 'fears = "Paying for a tool nobody uses"' + text[end:]

    with pytest.raises(
        CatalogError, match=r"guides\.toml, guide 1: 'fears' must be a non-empty list"
    ):
        load_guides("en", directory=broken(tmp_path, "guides", change))


def test_a_missing_file_is_named(tmp_path):
    (tmp_path / "en").mkdir()
    with pytest.raises(CatalogError, match=r"objections\.toml is missing"):
        load_objection_texts("en", directory=tmp_path)
