from decimal import Decimal

import pytest

from method.catalog import LANGUAGES, CatalogError, GatePreset, TrustStep, load_trust, trust_catalog
from method.readiness import UNION_HEARD, ItemState, ItemStatus, evaluate_gate, readiness

S = TrustStep


def item(step, key, status):
    return ItemState(step, key, ItemStatus(status))


def test_step_score_is_done_over_applicable_and_overall_is_the_mean_of_steps():
    result = readiness(
        [
            item(S.TRANSPARENCY, "a", "done"),
            item(S.TRANSPARENCY, "b", "open"),
            item(S.TRANSPARENCY, "c", "not_applicable"),
            item(S.RELEVANCE, "d", "done"),
            item(S.SECURITY, "e", "in_progress"),
        ]
    )
    scores = {s.step: s.score for s in result.steps}
    assert scores[S.TRANSPARENCY] == Decimal("0.50")
    assert scores[S.RELEVANCE] == Decimal("1.00")
    assert scores[S.SECURITY] == Decimal("0.00")
    assert scores[S.TRAINING] is None  # nothing applicable: left out of the mean
    assert result.overall == Decimal("0.50")  # (0.5 + 1 + 0) / 3


def test_no_items_means_no_score():
    assert readiness([]).overall is None


GATE = GatePreset("pilot", ("dpia", "limits"), union_heard=True)


def test_a_gate_lists_exactly_what_is_missing():
    items = [item(S.SECURITY, "dpia", "open"), item(S.SECURITY, "limits", "done")]
    result = evaluate_gate(GATE, items, union_heard=False)
    assert result.missing == ("dpia", UNION_HEARD)
    assert not result.open


def test_a_gate_opens_when_all_is_done_or_not_applicable():
    items = [item(S.SECURITY, "dpia", "done"), item(S.SECURITY, "limits", "not_applicable")]
    assert evaluate_gate(GATE, items, union_heard=True).open


def test_an_override_opens_a_gate_but_keeps_the_list():
    result = evaluate_gate(GATE, [], union_heard=False, overridden=True)
    assert result.open and result.missing == ("dpia", "limits", UNION_HEARD)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_every_step_and_gates_for_the_later_phases(language):
    catalog = trust_catalog(language)
    assert {i.step for i in catalog.items} == set(TrustStep)
    assert [g.phase for g in catalog.gates] == ["prototype", "pilot", "rollout"]
    pilot = catalog.gates[1]
    assert pilot.union_heard and "processing_documented" in pilot.requires


def test_languages_share_item_keys():
    assert [i.key for i in trust_catalog("en").items] == [i.key for i in trust_catalog("nb").items]


def test_a_gate_on_an_unknown_item_is_refused(tmp_path):
    (tmp_path / "en").mkdir()
    items = "".join(
        f'[[item]]\nstep = "{s}"\nkey = "{s}_1"\ntitle = "T"\nhelp = "H"\n\n' for s in TrustStep
    )
    (tmp_path / "en" / "trust.toml").write_text(
        items + '[[gate]]\nphase = "pilot"\nrequires = ["nope"]\n', encoding="utf-8"
    )
    with pytest.raises(CatalogError, match="requires unknown items nope"):
        load_trust("en", directory=tmp_path)
