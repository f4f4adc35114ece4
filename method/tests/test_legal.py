import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from method.catalog import CATALOG_DIR, LANGUAGES, CatalogError
from method.comms_catalog import fill, template_fields
from method.legal import (
    LETTER_KEYS,
    PLACEHOLDERS,
    REASON_KEYS,
    Answers,
    ObligationStatus,
    RiskClass,
    classify,
    clause_placeholders,
    clauses,
    conditions,
    explain,
    gate_for,
    legal_items,
    letters,
    load_clauses,
    load_legal_items,
    load_letters,
    load_reason_texts,
    obligations,
    reason_texts,
)
from method.legal_catalog import stale_items

TODAY = date(2026, 12, 3)
TEXT_FIELDS = ("title", "summary", "action", "source")


def answers(**changes) -> Answers:
    """A Norwegian CV-screening tool that ranks applicants; change what a test needs."""
    base = Answers(
        country="NO",
        employees=120,
        purpose="recruitment",
        scores_people=True,
        decides_alone=False,
        emotion_recognition=False,
        affects_employees=False,
        monitors_employees=False,
    )
    return replace(base, **changes)


def keys(found) -> list[str]:
    return [obligation.item.key for obligation in found]


def status(found, key: str) -> ObligationStatus:
    return next(o.status for o in found if o.item.key == key)


# ── The catalog ──────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_item_shows_its_source_dates_and_texts(language):
    for item in legal_items(language).values():
        for field in TEXT_FIELDS:
            assert getattr(item, field).strip(), (item.key, field)
        assert item.jurisdiction in ("EU", "NO", "DE")
        assert item.kind in ("obligation", "good_practice")
        assert isinstance(item.applies_from, date)
        assert item.checked_on.year >= 2026, (item.key, item.checked_on)


def _latest_commit_day() -> date | None:
    """The committer date of HEAD, or None outside a git checkout."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        found = subprocess.run(  # noqa: S603 (fixed arguments)
            [git, "log", "-1", "--format=%cs"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = found.stdout.strip()
    return date.fromisoformat(text) if text else None


def test_no_legal_item_was_last_checked_more_than_a_year_before_the_latest_commit():
    """A reminder to re-check the law, not a clock in the code.

    The reference is the date of the latest commit, not today: the suite runs on a pinned
    clock, CI also runs it with the process clock moved to 2041, and neither may make this
    test fail at random. A commit date is fixed for a given tree, so the test gives the
    same answer on every run of the same code, and it turns red for the first commit made
    more than 12 months after an item was checked (for December 2026: from December
    2027). Then: read the sources again (LEGAL-NOTES, docs/law.md), fix what changed and
    set checked_on to the day of the check. Outside a git checkout (an unpacked release)
    there is no commit to compare with, and the test says so instead of passing.
    """
    reference = _latest_commit_day()
    if reference is None:
        pytest.skip("not a git checkout: no commit date to compare the checks with")
    for language in LANGUAGES:
        stale = stale_items(legal_items(language).values(), reference)
        assert not stale, (
            f"{language}/legal.toml: {', '.join(i.key for i in stale)} last checked more than "
            f"12 months before the latest commit ({reference}). Re-check the law."
        )


def test_a_check_goes_stale_twelve_months_later_whatever_the_clock():
    items = list(legal_items("en").values())
    checked = max(item.checked_on for item in items)
    a_year_on = date(checked.year + 1, checked.month, checked.day)
    assert not stale_items(items, checked)
    assert not stale_items(items, a_year_on - timedelta(days=1))
    newest = [
        i for i in stale_items(items, a_year_on + timedelta(days=1)) if i.checked_on == checked
    ]
    assert newest, "an item checked in December 2026 is stale after December 2027"
    old = replace(items[0], checked_on=date(2025, 1, 1))
    assert stale_items([old], TODAY) == [old]


def test_languages_have_the_same_items_and_metadata():
    english, norwegian = legal_items("en"), legal_items("nb")
    assert list(english) == list(norwegian)
    blank = dict.fromkeys(TEXT_FIELDS, "")
    for key, item in english.items():
        assert replace(item, **blank) == replace(norwegian[key], **blank), key
        assert item.title != norwegian[key].title, key


def test_the_catalog_covers_the_researched_sources():
    expected = {
        "ai_act_art_5_1_f",
        "ai_act_art_4",
        *(f"ai_act_art_26_{n}" for n in (1, 2, 4, 5, 6, 7, 11)),
        "ai_act_art_27",
        "ai_act_art_86",
        "gdpr_art_35",
        "gdpr_art_22",
        "gdpr_art_13_14",
        "gdpr_art_30",
        "gdpr_art_88",
        "no_aml_9_1",
        "no_aml_9_2",
        "no_aml_9_2_inform",
        "no_aml_9_2_evaluate",
        "no_aml_8_1_8_2",
        "no_aml_4_2",
        "no_aml_7_2",
        "no_hovedavtalen_ix",
        "de_betrvg_87_1_6",
        "de_betrvg_90_1_3",
        "de_betrvg_95_2a",
        "de_betrvg_80_3",
    }
    assert expected <= set(legal_items("en"))


def test_dates_follow_the_research():
    items = legal_items("en")
    assert items["ai_act_art_4"].applies_from == date(2025, 2, 2)
    assert items["ai_act_art_5_1_f"].applies_from == date(2025, 2, 2)
    assert items["ai_act_art_5_1_f"].blocking
    assert items["ai_act_art_5_1_g"].applies_from == date(2025, 2, 2)
    assert items["ai_act_art_5_1_g"].blocking
    assert items["ai_act_art_50"].applies_from == date(2026, 8, 2)
    assert not items["ai_act_art_50"].verify
    assert items["gdpr_art_35"].applies_from == date(2018, 5, 25)
    assert items["gdpr_art_35"].applies_from_no == date(2018, 7, 20)
    assert items["ai_act_art_27"].kind == "obligation"
    assert items["ai_act_art_27_good_practice"].kind == "good_practice"
    assert items["no_hovedavtalen_ix"].kind == "good_practice"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_omnibus_dates_are_fixed_by_regulation_2026_1744(language):
    """Issue 18, point 1: Art. 26 and 27 from 2 Dec 2027, cited, and no longer unconfirmed."""
    items = legal_items(language)
    dated = [key for key in items if key.startswith(("ai_act_art_26_", "ai_act_art_27"))]
    assert len(dated) >= 10
    for key in dated:
        item = items[key]
        assert item.applies_from == date(2027, 12, 2), key
        assert not item.verify, key
        text = f"{item.source} {item.summary}"
        assert "2026/1744" in text, key
        for unsure in ("to be confirmed", "still to be confirmed", "må bekreftes", "omnibus"):
            assert unsure not in text.lower(), (key, unsure)


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_4_is_a_duty_to_support_literacy_and_4a_is_there(language):
    items = legal_items(language)
    art4 = items["ai_act_art_4"]
    assert "2026/1744" in art4.source
    assert ("must make sure" not in art4.summary) and ("må sørge for" not in art4.summary)
    assert ("measures" in art4.summary) if language == "en" else ("tiltak" in art4.summary)
    assert "4a" in items["ai_act_art_4a"].source


def test_article_86_applies_from_august_2026_to_verify():
    art86 = legal_items("en")["ai_act_art_86"]
    assert art86.applies_from == date(2026, 8, 2)
    assert art86.verify
    tool = answers(country="DE")
    before = obligations(tool, today=date(2026, 8, 1), language="en")
    on_the_day = obligations(tool, today=date(2026, 8, 2), language="en")
    assert status(before, "ai_act_art_86") is ObligationStatus.VERIFY
    assert status(on_the_day, "ai_act_art_86") is ObligationStatus.APPLIES
    # The high-risk duties it builds on still come later.
    assert status(on_the_day, "ai_act_art_26_7") is ObligationStatus.PREPARE_NOW


def test_every_ai_act_item_is_expected_in_norway():
    for key, item in legal_items("en").items():
        assert (item.status_no == "expected") == key.startswith("ai_act_"), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_has_a_text(language):
    assert set(reason_texts(language)) == set(REASON_KEYS)


# ── Classification ───────────────────────────────────────────────────────────────────────


def test_a_cv_screening_tool_is_high_risk_under_4a_with_a_profiling_note():
    found = classify(answers())
    assert found.risk_class is RiskClass.HIGH_RISK_4A
    assert found.reasons == ("purpose_recruitment", "profiling")
    assert found.profiling_note


def test_a_performance_monitoring_tool_is_high_risk_under_4b():
    found = classify(answers(country="DE", purpose="performance_monitoring", scores_people=False))
    assert found.risk_class is RiskClass.HIGH_RISK_4B
    # Evaluating performance is profiling (GDPR Art. 4(4)) even without a score shown.
    assert found.reasons == ("purpose_performance_monitoring", "profiling")
    assert found.profiling_note


def test_a_work_decisions_tool_without_scores_may_use_the_derogation():
    found = classify(answers(purpose="work_decisions", scores_people=False))
    assert found.reasons[-1] == "derogation_possible" and not found.profiling_note


@pytest.mark.parametrize("purpose", ["work_decisions", "task_allocation"])
def test_decisions_about_workers_are_4b(purpose):
    assert classify(answers(purpose=purpose)).risk_class is RiskClass.HIGH_RISK_4B


def test_an_assistant_that_monitors_employees_is_4b():
    found = classify(answers(purpose="hr_assistant", scores_people=False, monitors_employees=True))
    assert found.risk_class is RiskClass.HIGH_RISK_4B
    assert found.reasons[0] == "monitors_employees"


def test_emotion_recognition_is_prohibited_and_explains_what_remains():
    found = classify(answers(emotion_recognition=True))
    assert found.risk_class is RiskClass.PROHIBITED
    assert found.reasons[:2] == ("emotion_recognition", "purpose_recruitment")


def test_an_hr_chatbot_is_not_high_risk():
    found = classify(answers(purpose="hr_assistant", scores_people=False))
    assert found.risk_class is RiskClass.NOT_HIGH_RISK
    assert found.reasons == ("no_annex_iii",)


def test_other_tools_that_score_people_follow_whom_they_score():
    workers = classify(answers(purpose="other", affects_employees=True))
    applicants = classify(answers(purpose="other", affects_employees=False))
    assert (workers.risk_class, workers.reasons[0]) == (RiskClass.HIGH_RISK_4B, "scores_workers")
    assert (applicants.risk_class, applicants.reasons[0]) == (
        RiskClass.HIGH_RISK_4A,
        "scores_applicants",
    )
    assert workers.profiling_note and applicants.profiling_note


@pytest.mark.parametrize("language", LANGUAGES)
def test_explanations_name_the_purpose(language):
    found = answers(purpose="other", affects_employees=True)
    texts = explain(classify(found), found, language)
    assert len(texts) == 2
    assert ("other use" if language == "en" else "annen bruk") in texts[0]


def test_answers_refuse_unknown_values():
    with pytest.raises(ValueError, match="country 'SE'"):
        answers(country="SE")
    with pytest.raises(ValueError, match="purpose 'payroll'"):
        answers(purpose="payroll")
    with pytest.raises(ValueError, match="employees"):
        answers(employees=-1)


def test_a_prohibited_tool_keeps_the_conditions_of_what_remains():
    found = answers(emotion_recognition=True)
    assert {"prohibited", "high_risk"} <= conditions(found, classify(found))


# ── Obligations ──────────────────────────────────────────────────────────────────────────


def test_a_norwegian_cv_screening_tool_gets_the_ai_act_to_prepare_and_aml_9_2():
    found = obligations(answers(), today=TODAY, language="en")
    assert {"ai_act_art_26_7", "no_aml_9_2", "gdpr_art_22_score"} <= set(keys(found))
    for obligation in found:
        if obligation.item.key.startswith("ai_act_"):
            assert obligation.status is ObligationStatus.PREPARE_NOW
    assert status(found, "no_aml_9_2") is ObligationStatus.APPLIES
    assert not any(o.item.jurisdiction == "DE" for o in found)


def test_norway_counts_the_gdpr_from_july_2018():
    found = obligations(answers(), today=date(2018, 6, 1), language="en")
    dpia = next(o for o in found if o.item.key == "gdpr_art_35")
    assert dpia.applies_from == date(2018, 7, 20)
    assert dpia.status is ObligationStatus.PREPARE_NOW


def test_a_german_performance_monitoring_tool_needs_the_works_council():
    tool = answers(country="DE", purpose="performance_monitoring", scores_people=False)
    found = obligations(tool, today=TODAY, language="en")
    assert "de_betrvg_87_1_6" in keys(found)
    assert "de_betrvg_95_2a" not in keys(found)
    assert not any(o.item.jurisdiction == "NO" for o in found)
    # The high-risk date is fixed by Regulation (EU) 2026/1744: prepare, nothing to verify.
    assert status(found, "ai_act_art_26_7") is ObligationStatus.PREPARE_NOW
    assert status(found, "ai_act_art_4") is ObligationStatus.APPLIES


def test_emotion_recognition_brings_a_blocking_item():
    found = obligations(answers(country="DE", emotion_recognition=True), today=TODAY, language="en")
    assert found[0].item.key == "ai_act_art_5_1_f"
    assert found[0].blocking


def test_an_hr_chatbot_has_no_deployer_duties_but_the_gdpr_still_applies():
    chatbot = answers(country="EU", purpose="hr_assistant", scores_people=False)
    found = keys(obligations(chatbot, today=TODAY, language="en"))
    assert not [key for key in found if key.startswith("ai_act_art_26")]
    assert {"gdpr_art_35", "gdpr_art_30", "gdpr_art_13_14", "ai_act_art_4"} <= set(found)
    assert "gdpr_art_22" not in found


def test_an_ai_that_decides_alone_brings_article_22():
    found = keys(obligations(answers(decides_alone=True), today=TODAY, language="en"))
    assert "gdpr_art_22" in found


@pytest.mark.parametrize(
    ("employees", "committee", "consultation"),
    [(29, False, False), (30, True, False), (49, True, False), (50, True, True)],
)
def test_size_thresholds_switch_the_committee_and_consultation(employees, committee, consultation):
    found = keys(obligations(answers(employees=employees), today=TODAY, language="en"))
    assert ("no_aml_7_2" in found) is committee
    assert ("no_aml_8_1_8_2" in found) is consultation


def test_an_item_dated_after_today_is_to_prepare_now():
    found = obligations(answers(country="DE"), today=date(2025, 1, 1), language="en")
    assert status(found, "ai_act_art_4") is ObligationStatus.PREPARE_NOW
    assert status(found, "gdpr_art_35") is ObligationStatus.APPLIES


def test_the_moved_date_applies_once_it_has_passed():
    found = obligations(answers(country="DE"), today=date(2027, 12, 2), language="en")
    assert status(found, "ai_act_art_26_7") is ObligationStatus.APPLIES


def test_obligations_come_eu_first_then_the_country_each_in_project_order():
    found = obligations(answers(monitors_employees=True), today=TODAY, language="nb")
    order = ("before_prototype", "before_pilot", "before_rollout", "ongoing")
    ranks = [(o.item.jurisdiction != "EU", order.index(o.item.when)) for o in found]
    assert ranks == sorted(ranks)
    assert {o.item.jurisdiction for o in found} == {"EU", "NO"}


# ── Worked examples of issue 18 ──────────────────────────────────────────────────────────

AFTER_THE_DEFERRAL = date(2027, 12, 2)


def test_a_municipality_using_a_cv_screener_must_do_the_fria_register_and_notify():
    """A German municipality (public deployer) ranking applicants with a CV screener."""
    municipality = answers(country="DE", public_employer=True)
    found = obligations(municipality, today=AFTER_THE_DEFERRAL, language="en")
    by_key = {o.item.key: o for o in found}
    fria = by_key["ai_act_art_27"]
    assert fria.item.kind == "obligation"
    assert fria.status is ObligationStatus.APPLIES
    assert "ai_act_art_27_good_practice" not in by_key
    for key in ("ai_act_art_26_8", "ai_act_art_27_3"):
        assert by_key[key].item.kind == "obligation"
        assert by_key[key].status is ObligationStatus.APPLIES
    assert "49(3)" in by_key["ai_act_art_26_8"].item.source
    # Before the date it is the same duty, to prepare now.
    earlier = obligations(municipality, today=TODAY, language="en")
    assert status(earlier, "ai_act_art_27") is ObligationStatus.PREPARE_NOW


def test_a_private_bank_s_hr_chatbot_gets_article_50_and_not_the_fria():
    bank_chatbot = answers(country="DE", purpose="hr_assistant", scores_people=False, chatbot=True)
    assert classify(bank_chatbot).risk_class is RiskClass.NOT_HIGH_RISK
    found = obligations(bank_chatbot, today=TODAY, language="en")
    assert status(found, "ai_act_art_50") is ObligationStatus.APPLIES
    assert not [k for k in keys(found) if k.startswith("ai_act_art_27")]
    assert "ai_act_art_26_8" not in keys(found)
    # The same bank without a chatbot: no Art. 50.
    quiet = obligations(replace(bank_chatbot, chatbot=False), today=TODAY, language="en")
    assert "ai_act_art_50" not in keys(quiet)


def test_article_50_applies_from_august_2026_and_is_prepared_in_norway():
    chatbot = answers(country="EU", purpose="hr_assistant", scores_people=False, chatbot=True)
    assert status(obligations(chatbot, today=date(2026, 8, 1), language="en"), "ai_act_art_50") is (
        ObligationStatus.PREPARE_NOW
    )
    assert status(obligations(chatbot, today=date(2026, 8, 2), language="en"), "ai_act_art_50") is (
        ObligationStatus.APPLIES
    )
    norway = obligations(replace(chatbot, country="NO"), today=TODAY, language="nb")
    assert status(norway, "ai_act_art_50") is ObligationStatus.PREPARE_NOW
    assert next(o for o in norway if o.item.key == "ai_act_art_50").due_from is None


def test_a_private_high_risk_tool_gets_the_fria_as_good_practice():
    found = keys(obligations(answers(country="DE"), today=TODAY, language="en"))
    assert "ai_act_art_27_good_practice" in found
    assert not {"ai_act_art_27", "ai_act_art_27_3", "ai_act_art_26_8"} & set(found)


def test_biometric_categorisation_is_prohibited_beside_emotion_recognition():
    tool = answers(country="DE", biometric_categorisation=True)
    result = classify(tool)
    assert result.risk_class is RiskClass.PROHIBITED
    assert result.reasons[0] == "biometric_categorisation"
    found = obligations(tool, today=TODAY, language="en")
    assert found[0].item.key == "ai_act_art_5_1_g" and found[0].blocking
    assert "ai_act_art_5_1_f" not in keys(found)
    both = classify(replace(tool, emotion_recognition=True))
    assert both.reasons[:2] == ("emotion_recognition", "biometric_categorisation")
    assert {"prohibited", "high_risk"} <= conditions(tool, result)


def test_anti_discrimination_law_comes_with_a_high_risk_tool():
    norway = keys(obligations(answers(), today=TODAY, language="en"))
    assert {"no_ldl_6_37", "no_ldl_29_30", "no_aml_13"} <= set(norway)
    germany = keys(obligations(answers(country="DE"), today=TODAY, language="en"))
    assert "de_agg" in germany
    assert "no_ldl_6_37" not in germany
    chatbot = answers(purpose="hr_assistant", scores_people=False)
    assert not {"no_ldl_6_37", "no_aml_13"} & set(
        keys(obligations(chatbot, today=TODAY, language="en"))
    )


def test_a_german_site_brings_the_works_council_and_the_agg_to_a_norwegian_employer():
    without = keys(obligations(answers(), today=TODAY, language="en"))
    found = keys(obligations(answers(german_site=True), today=TODAY, language="en"))
    assert not [k for k in without if k.startswith("de_")]
    assert {"de_betrvg_87_1_6", "de_betrvg_94_2", "de_betrvg_95_2a", "de_agg"} <= set(found)
    assert "no_aml_9_2" in found
    # EU first, then Norway, then Germany.
    order = [
        o.item.jurisdiction
        for o in obligations(answers(german_site=True), today=TODAY, language="en")
    ]
    assert order == sorted(order, key=("EU", "NO", "DE").index)


def test_betrvg_94_2_needs_a_tool_that_scores():
    found = keys(obligations(answers(country="DE"), today=TODAY, language="en"))
    assert "de_betrvg_94_2" in found
    quiet = answers(country="DE", purpose="hr_assistant", scores_people=False)
    assert "de_betrvg_94_2" not in keys(obligations(quiet, today=TODAY, language="en"))


@pytest.mark.parametrize(
    ("employees", "on_request"),
    [(0, False), (9, False), (10, True), (29, True), (30, False), (200, False)],
)
def test_the_committee_on_request_from_10_to_29_employees(employees, on_request):
    found = keys(obligations(answers(employees=employees), today=TODAY, language="en"))
    assert ("no_aml_7_1_request" in found) is on_request
    assert ("no_aml_7_2" in found) is (employees >= 30)


def test_new_answers_default_to_a_private_employer_without_a_chatbot():
    old = answers()
    assert not (old.public_employer or old.chatbot or old.german_site)
    assert "private_employer" in conditions(old, classify(old))
    assert "public_employer" not in conditions(old, classify(old))


# ── When a due obligation holds a gate back ──────────────────────────────────────────────

ORDER = ("prototype", "pilot", "rollout")
PLAN = {"prototype": date(2027, 9, 1), "pilot": date(2027, 10, 1), "rollout": date(2028, 1, 10)}


def test_a_duty_joins_no_gate_before_its_date():
    assert (
        gate_for(
            "pilot", due_from=date(2027, 12, 2), today=date(2027, 12, 1), starts=PLAN, order=ORDER
        )
        is None
    )


def test_a_duty_due_before_its_phase_joins_that_phase_s_gate():
    early = {**PLAN, "pilot": date(2028, 1, 1), "rollout": date(2028, 3, 1)}
    found = gate_for(
        "pilot", due_from=date(2027, 12, 2), today=date(2027, 12, 2), starts=early, order=ORDER
    )
    assert found == "pilot"
    assert (
        gate_for("pilot", due_from=None, today=date(2020, 1, 1), starts=PLAN, order=ORDER)
        == "pilot"
    )


def test_a_duty_that_arrives_during_its_phase_joins_the_next_gate():
    """Art. 26 from 2 Dec 2027 arrives while the pilot runs: the rollout gate holds it."""
    for today in (date(2027, 12, 2), date(2028, 1, 9), date(2028, 6, 1)):
        found = gate_for("pilot", due_from=date(2027, 12, 2), today=today, starts=PLAN, order=ORDER)
        assert found == "rollout", today


def test_a_duty_that_arrives_after_every_phase_began_joins_the_current_one():
    late = gate_for(
        "pilot", due_from=date(2028, 2, 1), today=date(2028, 2, 1), starts=PLAN, order=ORDER
    )
    assert late == "rollout"


def test_a_phase_missing_from_the_plan_has_not_started():
    plan = {"prototype": date(2027, 9, 1)}
    found = gate_for(
        "pilot", due_from=date(2027, 12, 2), today=date(2027, 12, 2), starts=plan, order=ORDER
    )
    assert found == "pilot"
    assert (
        gate_for("elsewhere", due_from=None, today=TODAY, starts=PLAN, order=ORDER) == "elsewhere"
    )


# ── Bad catalog files ────────────────────────────────────────────────────────────────────


@pytest.fixture
def catalog(tmp_path) -> Path:
    (tmp_path / "en").mkdir()
    for name in ("legal.toml", "clauses.toml"):
        shutil.copy(CATALOG_DIR / "en" / name, tmp_path / "en" / name)
    return tmp_path


def edit(catalog: Path, name: str, old: str, new: str) -> Path:
    path = catalog / "en" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return catalog


def test_a_copy_of_the_catalog_loads(catalog):
    assert load_legal_items("en", directory=catalog) == legal_items("en")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('jurisdiction = "EU"', 'jurisdiction = "SE"', r"item 1: jurisdiction 'SE' is not one of"),
        ('kind = "obligation"', 'kind = "advice"', r"item 1: kind 'advice' is not one of"),
        ('when = "before_prototype"', 'when = "someday"', r"item 1: when 'someday'"),
        (
            'applies_if = ["emotion_recognition"]',
            'applies_if = ["sunny"]',
            r"unknown condition\(s\) sunny",
        ),
        (
            "applies_from = 2025-02-02",
            'applies_from = "2025"',
            r"item 1: 'applies_from' must be a date",
        ),
        (
            "checked_on = 2026-12-03",
            "checked_on = 2099-01-01",
            r"item 1: checked_on 2099-01-01 lies in the future",
        ),
        ("verify = false", 'verify = "no"', r"item 1: 'verify' must be true or false"),
        (
            'key = "ai_act_art_5_1_g"',
            'key = "ai_act_art_5_1_f"',
            r"item 2: key 'ai_act_art_5_1_f' appears twice",
        ),
        ("trust_item = false\n", "", r"item 1: missing field\(s\) trust_item"),
        (
            'title = "No emotion',
            'colour = "red"\ntitle = "No emotion',
            r"item 1: unknown field\(s\) colour",
        ),
        (
            'source = "Arbeidsmiljøloven § 9-1"',
            'source = " "',
            r"'source' must be a non-empty text",
        ),
        (
            'source = "Arbeidsmiljøloven § 9-1"',
            'source = "x"\nstatus_no = "expected"',
            r"only make sense for EU items",
        ),
    ],
)
def test_a_bad_legal_item_is_named(catalog, old, new, message):
    with pytest.raises(CatalogError, match=message):
        load_legal_items("en", directory=edit(catalog, "legal.toml", old, new))


def test_a_missing_reason_text_is_named(catalog):
    edit(catalog, "legal.toml", "profiling = ", "profilingg = ")
    with pytest.raises(CatalogError, match=r"\[reasons\]: unknown key\(s\) profilingg"):
        load_reason_texts("en", directory=catalog)


def test_a_reason_text_may_only_use_the_purpose(catalog):
    edit(catalog, "legal.toml", "Its purpose ({purpose})", "Its purpose ({tool})")
    with pytest.raises(CatalogError, match=r"Unknown placeholder \{tool\}"):
        load_reason_texts("en", directory=catalog)


# ── Clauses and letters ──────────────────────────────────────────────────────────────────


def test_clauses_cover_the_typical_agreement_in_order():
    found = [clause.key for clause in clauses("en")]
    assert found[0] == "preamble" and found[-1] == "term_termination"
    assert {
        "scope_definitions",
        "risk_classes",
        "annex_per_tool",
        "no_monitoring",
        "human_decision",
        "joint_committee",
        "training",
        "job_security",
        "change_control",
        "evaluation_audit",
        "dispute_resolution",
    } <= set(found)
    orders = [clause.order for clause in clauses("en")]
    assert orders == sorted(orders)


def test_clauses_and_letters_agree_across_languages():
    english, norwegian = clauses("en"), clauses("nb")
    assert [(c.key, c.order, c.default) for c in english] == [
        (c.key, c.order, c.default) for c in norwegian
    ]
    for en, nb in zip(english, norwegian, strict=True):
        assert set(template_fields(en.text)) == set(template_fields(nb.text)), en.key
        assert set(template_fields(en.text)) <= set(PLACEHOLDERS)
    for key in LETTER_KEYS:
        en, nb = letters("en")[key], letters("nb")[key]
        assert [p.applies_if for p in en.paragraphs] == [p.applies_if for p in nb.paragraphs]
        for en_text, nb_text in zip(en.texts({"high_risk"}), nb.texts({"high_risk"}), strict=True):
            assert set(template_fields(en_text)) == set(template_fields(nb_text)), key


def test_the_job_security_statement_offers_reskilling():
    statement = " ".join(letters("en")["job_security_statement"].texts(set()))
    assert "reskilling" in statement
    assert "{union}" in statement


def test_the_information_letter_meets_aml_9_2_and_the_ai_act():
    letter = letters("en")["employee_information"]
    everything = letter.text_for({"high_risk", "country_no"})
    # Purpose, practical consequences and expected duration (AML § 9-2(2)); who decides and
    # whom to ask (AI Act Art. 26(7)).
    for part in ("is for: {ai_will_do}", "in practice: [", "how long", "Who decides", "{contact}"):
        assert part in everything
    assert everything.count(": to fill in]") == 2
    assert "high-risk" in everything
    assert "high-risk" not in letter.text_for({"country_no"})
    assert "works council" not in everything


def test_a_letter_without_conditions_leaves_out_the_tailored_paragraphs():
    letter = letters("nb")["employee_information"]
    assert letter.text == letter.text_for(())
    assert len(letter.text.split("\n\n")) == len(letter.paragraphs) - 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_letter_fills_with_the_clause_placeholders(language):
    facts = dict.fromkeys(PLACEHOLDERS, "x")
    for letter in letters(language).values():
        for text in letter.texts({"high_risk", "country_de"}):
            assert not fill(text, facts, clause_placeholders(language)).missing


def test_a_clause_with_an_unknown_placeholder_is_refused(catalog):
    edit(catalog, "clauses.toml", "AI shall support people", "{salary} shall support people")
    with pytest.raises(CatalogError, match=r"clause 1, text: Unknown placeholder \{salary\}"):
        load_clauses("en", directory=catalog)


def test_a_letter_with_an_unknown_placeholder_is_refused(catalog):
    edit(catalog, "clauses.toml", "in practice: [", "in practice: {duration} [")
    with pytest.raises(CatalogError, match=r"letter 2, paragraph 4, text: Unknown placeholder"):
        load_letters("en", directory=catalog)


def test_a_letter_paragraph_with_an_unknown_condition_is_refused(catalog):
    edit(catalog, "clauses.toml", 'applies_if = ["high_risk"]', 'applies_if = ["rainy"]')
    with pytest.raises(CatalogError, match=r"letter 2, paragraph 2: applies_if has unknown"):
        load_letters("en", directory=catalog)


def test_a_missing_letter_is_named(catalog):
    edit(
        catalog,
        "clauses.toml",
        'key = "employee_information"\ntitle',
        'key = "job_security_statement"\ntitle',
    )
    with pytest.raises(CatalogError, match=r"letter 2: key 'job_security_statement' appears twice"):
        load_letters("en", directory=catalog)


def test_duplicate_clause_orders_are_refused(catalog):
    edit(catalog, "clauses.toml", "order = 20", "order = 10")
    with pytest.raises(CatalogError, match=r"clause 2: order 10 appears twice"):
        load_clauses("en", directory=catalog)
