import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.audit_chain import GENESIS_HASH, ChainEntry, compute_hash, verify_chain


def build_chain(n: int) -> list[ChainEntry]:
    entries, prev = [], GENESIS_HASH
    for sequence in range(1, n + 1):
        entry = ChainEntry(
            sequence=sequence,
            created_at=f"2026-11-27T10:00:{sequence % 60:02d}.000001+00:00",
            actor="ingrid",
            project="p-1",
            action="update",
            object_type="projects.project",
            object_id="abc",
            object_repr=f"Entry {sequence}",
            changes={"name": [f"old {sequence}", f"new {sequence}"]},
            prev_hash=prev,
        )
        entry = dataclasses.replace(entry, entry_hash=compute_hash(entry))
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def verify(entries, head=None):
    head = head if head is not None else (entries[-1] if entries else None)
    return verify_chain(
        entries,
        head_sequence=head.sequence if head else 0,
        head_hash=head.entry_hash if head else GENESIS_HASH,
    )


def test_empty_chain_is_intact():
    assert verify([]).ok


@given(st.integers(min_value=1, max_value=30))
def test_an_untouched_chain_verifies(n):
    report = verify(build_chain(n))
    assert report.ok
    assert report.checked == n


@given(st.integers(min_value=1, max_value=20), st.data())
def test_altering_any_field_of_any_entry_is_found_at_that_entry(n, data):
    entries = build_chain(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    field = data.draw(st.sampled_from(["actor", "object_repr", "action", "created_at", "project"]))
    entries[index] = dataclasses.replace(entries[index], **{field: "tampered"})
    report = verify(entries, head=build_chain(n)[-1])
    assert not report.ok
    assert report.first_bad_sequence == index + 1


def test_altered_changes_are_found():
    entries = build_chain(5)
    entries[2] = dataclasses.replace(entries[2], changes={"name": ["old 3", "forged"]})
    report = verify(entries, head=entries[-1])
    assert (report.ok, report.first_bad_sequence) == (False, 3)
    assert "altered" in report.problem


@given(st.integers(min_value=2, max_value=20), st.data())
def test_removing_an_entry_is_found(n, data):
    entries = build_chain(n)
    head = entries[-1]
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    del entries[index]
    report = verify(entries, head=head)
    assert not report.ok


def test_removing_the_last_entry_is_found_through_the_head():
    entries = build_chain(4)
    head = entries[-1]
    report = verify(entries[:-1], head=head)
    assert not report.ok
    assert "head records entry 4" in report.problem


def test_an_inserted_entry_with_a_recomputed_hash_is_found_at_the_next_link():
    entries = build_chain(4)
    forged = dataclasses.replace(entries[1], object_repr="forged", prev_hash=entries[1].entry_hash)
    forged = dataclasses.replace(
        forged, sequence=3, entry_hash=compute_hash(dataclasses.replace(forged, sequence=3))
    )
    tampered = [*entries[:2], forged, *entries[2:]]
    report = verify(tampered, head=entries[-1])
    assert not report.ok
    assert report.first_bad_sequence == 3


def test_hash_is_stable_for_the_same_content():
    entry = build_chain(1)[0]
    assert compute_hash(entry) == entry.entry_hash
    assert len(entry.entry_hash) == 64


@pytest.mark.parametrize("order", [{"a": 1, "b": 2}, {"b": 2, "a": 1}])
def test_hash_ignores_key_order_of_changes(order):
    # PostgreSQL's jsonb does not keep key order, so the hash must not depend on it.
    entry = dataclasses.replace(build_chain(1)[0], changes=order)
    assert compute_hash(entry) == compute_hash(dataclasses.replace(entry, changes={"a": 1, "b": 2}))
