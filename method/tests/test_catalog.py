from pathlib import Path

import pytest

from method.catalog import (
    LANGUAGES,
    CatalogError,
    DecisionWeight,
    load_rollout_phases,
    load_stakeholder_presets,
    rollout_phases,
    stakeholder_presets,
)

STANDARD_GROUPS = {"leadership", "hr", "it", "union", "employees", "partners", "dpo"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_standard_groups(language):
    presets = stakeholder_presets(language)
    assert {p.key for p in presets} == STANDARD_GROUPS


def test_languages_agree_on_keys_order_and_weights():
    english, norwegian = stakeholder_presets("en"), stakeholder_presets("nb")
    assert [(p.key, p.decision_weight) for p in english] == [
        (p.key, p.decision_weight) for p in norwegian
    ]
    assert [p.name for p in english] != [p.name for p in norwegian]


def test_method_weights_follow_the_article_table():
    weights = {p.key: p.decision_weight for p in stakeholder_presets("en")}
    assert weights["leadership"] is DecisionWeight.VETO
    assert weights["hr"] is DecisionWeight.DAILY_USE
    assert weights["it"] is DecisionWeight.IMPLEMENTATION
    assert weights["union"] is DecisionWeight.CO_DETERMINATION


def write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "stakeholder_groups.toml").write_text(body, encoding="utf-8")
    return tmp_path


GOOD = """
[[group]]
key = "hr"
name = "HR"
motivation = "m"
concern = "c"
decision_weight = "daily_use"
description = "d"
"""


def test_a_valid_file_loads(tmp_path):
    presets = load_stakeholder_presets("en", directory=write(tmp_path, GOOD))
    assert presets[0].name == "HR"


def test_unknown_language_is_refused():
    with pytest.raises(CatalogError, match="Unknown catalog language 'de'"):
        load_stakeholder_presets("de")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(CatalogError, match="is missing"):
        load_stakeholder_presets("en", directory=tmp_path)


def test_invalid_toml_is_named(tmp_path):
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_stakeholder_presets("en", directory=write(tmp_path, "[[group]\nkey="))


def test_unknown_decision_weight_names_the_item(tmp_path):
    body = GOOD.replace('"daily_use"', '"emperor"')
    with pytest.raises(CatalogError, match=r"group 1: decision_weight 'emperor' is not one of"):
        load_stakeholder_presets("en", directory=write(tmp_path, body))


def test_empty_text_is_refused(tmp_path):
    with pytest.raises(CatalogError, match="'concern' must be a non-empty text"):
        load_stakeholder_presets("en", directory=write(tmp_path, GOOD.replace('"c"', '"  "')))


def test_duplicate_keys_are_refused(tmp_path):
    with pytest.raises(CatalogError, match="key 'hr' appears twice"):
        load_stakeholder_presets("en", directory=write(tmp_path, GOOD + GOOD))


def test_a_file_without_groups_is_refused(tmp_path):
    with pytest.raises(CatalogError, match="no \\[\\[group\\]\\] items"):
        load_stakeholder_presets("en", directory=write(tmp_path, "title = 'x'\n"))


def test_rollout_template_is_twelve_weeks_in_four_phases_in_both_languages():
    for language in LANGUAGES:
        phases = rollout_phases(language)
        assert [(p.key, p.first_week, p.last_week) for p in phases] == [
            ("workshops", 1, 2),
            ("prototype", 3, 4),
            ("pilot", 5, 8),
            ("rollout", 9, 12),
        ]


def test_overlapping_phases_are_refused(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "rollout.toml").write_text(
        """
[[phase]]
key = "a"
first_week = 1
last_week = 4
title = "A"
description = "a"

[[phase]]
key = "b"
first_week = 3
last_week = 5
title = "B"
description = "b"
""",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="phase 2: starts before the previous phase ends"):
        load_rollout_phases("en", directory=tmp_path)


def test_backwards_weeks_are_refused(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "rollout.toml").write_text(
        '[[phase]]\nkey = "a"\nfirst_week = 4\nlast_week = 2\ntitle = "A"\ndescription = "a"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="first ≤ last"):
        load_rollout_phases("en", directory=tmp_path)
