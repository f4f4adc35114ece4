import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.audit_chain import (
    GENESIS_HASH,
    ChainEntry,
    Checkpoint,
    HistoryHead,
    check_anchors,
    checkpoint_message,
    compute_hash,
    verify_chain,
    verify_history,
)


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


# A project's history: project links, order and head -----------------------------------


def build_project_history(sequences: list[int], project: str = "p-1") -> list[ChainEntry]:
    """A project's entries, linked to each other, at `sequences` of a server's chain (the
    gaps are other projects' entries, whose hashes stand in as 'e…')."""
    entries, prev, project_prev = [], GENESIS_HASH, GENESIS_HASH
    for sequence in sequences:
        entry = ChainEntry(
            sequence=sequence,
            created_at="2026-11-27T10:00:00.000001+00:00",
            actor="ingrid",
            project=project,
            action="update",
            object_type="projects.project",
            object_id="abc",
            object_repr=f"Entry {sequence}",
            changes={"name": [None, str(sequence)]},
            prev_hash=prev,
            project_prev_hash=project_prev,
        )
        entry = dataclasses.replace(entry, entry_hash=compute_hash(entry))
        entries.append(entry)
        project_prev = entry.entry_hash
        prev = entry.entry_hash if sequence + 1 in sequences else "e" * 64
    return entries


def head_of(entries):
    return HistoryHead(entries[-1].sequence, entries[-1].entry_hash, len(entries))


def rehash(entry, **changes):
    entry = dataclasses.replace(entry, **changes)
    return dataclasses.replace(entry, entry_hash=compute_hash(entry))


def test_the_project_link_is_part_of_the_hash():
    entry = build_project_history([1])[0]
    assert compute_hash(dataclasses.replace(entry, project_prev_hash="")) != entry.entry_hash
    assert compute_hash(dataclasses.replace(entry, project_prev_hash="1" * 64)) != (
        entry.entry_hash
    )


def test_a_linked_history_with_gaps_verifies_with_its_head():
    entries = build_project_history([2, 3, 7, 8, 20])
    report = verify_history(entries, head_of(entries))
    assert report.ok and report.head_checked
    assert (report.checked, report.links_checked, report.links_unchecked) == (5, 4, 0)


def test_without_a_head_the_report_says_it_was_not_checked():
    report = verify_history(build_project_history([1, 2]), None)
    assert report.ok and not report.head_checked


def test_an_empty_history_matches_an_empty_head():
    assert verify_history([], HistoryHead(0, GENESIS_HASH, 0)).ok
    assert not verify_history([], HistoryHead(1, GENESIS_HASH, 1)).ok


@given(st.data())
def test_any_single_forgery_is_found(data):
    entries = build_project_history(sorted(data.draw(st.sets(st.integers(1, 60), min_size=3))))
    head = head_of(entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    kind = data.draw(st.sampled_from(["edit", "drop", "swap", "truncate"]))
    forged = list(entries)
    if kind == "edit":
        forged[index] = rehash(forged[index], object_repr="forged")
        if index == len(forged) - 1:
            return  # the last entry re-hashed: caught only by the head (tested below)
    elif kind == "drop":
        forged.pop(index)
    elif kind == "swap":
        other = (index + 1) % len(forged)
        forged[index], forged[other] = forged[other], forged[index]
    else:
        forged = forged[:index]
    assert not verify_history(forged, head).ok


def test_a_re_hashed_last_entry_is_caught_by_the_head():
    entries = build_project_history([1, 2, 3])
    head = head_of(entries)
    entries[-1] = rehash(entries[-1], actor="mallory")
    report = verify_history(entries, head)
    assert (report.ok, report.problem) == (False, "head")


def test_each_problem_is_named_at_its_entry():
    entries = build_project_history([1, 2, 5])
    assert verify_history(entries[1:], None).problem == "first"
    stripped = [entries[0], rehash(entries[1], project_prev_hash=""), entries[2]]
    assert (
        verify_history(stripped, None).problem,
        verify_history(stripped, None).bad_sequence,
    ) == (
        "old_after_new",
        2,
    )
    altered = [entries[0], dataclasses.replace(entries[1], actor="mallory"), entries[2]]
    assert verify_history(altered, None).problem == "hash"
    unlinked_server = [entries[0], rehash(entries[1], prev_hash="f" * 64), entries[2]]
    assert verify_history(unlinked_server, None).problem == "link"


def test_old_entries_link_only_where_numbers_are_consecutive():
    old = [rehash(e, project_prev_hash="") for e in build_project_history([1, 2, 5])]
    # rehash breaks the consecutive link; rebuild it as an old server would have written it
    old[1] = rehash(old[1], prev_hash=old[0].entry_hash)
    report = verify_history(old, None)
    assert report.ok
    assert (report.links_checked, report.links_unchecked) == (1, 1)
    reordered = [old[0], old[2], old[1]]
    assert verify_history(reordered, None).problem == "order"


def test_a_second_server_run_may_restart_its_numbers():
    first = build_project_history([10, 11], project="p-old")
    second = [
        rehash(e, project_prev_hash=first[-1].entry_hash if i == 0 else e.project_prev_hash)
        for i, e in enumerate(build_project_history([1], project="p-new"))
    ]
    entries = first + second
    assert verify_history(entries, head_of(entries)).ok


# Checkpoints ---------------------------------------------------------------------------


def test_the_checkpoint_message_binds_every_field():
    base = Checkpoint(5, "a" * 64, "2026-11-27T10:00:00+00:00")
    variants = [
        dataclasses.replace(base, sequence=6),
        dataclasses.replace(base, entry_hash="b" * 64),
        dataclasses.replace(base, anchored_at="2026-11-27T10:00:01+00:00"),
    ]
    assert len({checkpoint_message(c) for c in [base, *variants]}) == 4
    assert checkpoint_message(base).startswith(b'["samspill-audit-checkpoint-v1",5,')


def test_check_anchors_names_what_does_not_hold():
    hashes = {1: "a" * 64, 2: "b" * 64}
    good = Checkpoint(2, "b" * 64, "t")
    assert check_anchors(hashes, [good], lambda c: True).ok
    assert check_anchors(hashes, [Checkpoint(0, GENESIS_HASH, "t")], lambda c: True).ok
    missing = check_anchors(hashes, [Checkpoint(3, "c" * 64, "t")], lambda c: True)
    assert (missing.problem, missing.bad_sequence) == ("missing", 3)
    assert check_anchors(hashes, [Checkpoint(1, "b" * 64, "t")], lambda c: True).problem == "hash"
    assert check_anchors(hashes, [good], lambda c: False).problem == "signature"


def test_the_whole_chain_checks_project_links():
    chain, prev, last = [], GENESIS_HASH, {}
    for sequence, project in enumerate(["a", "b", "a", "b", "a"], 1):
        entry = ChainEntry(
            sequence=sequence,
            created_at="2026-11-27T10:00:00.000001+00:00",
            actor="ingrid",
            project=project,
            action="update",
            object_type="projects.project",
            object_id=project,
            object_repr=project,
            changes={},
            prev_hash=prev,
            project_prev_hash=last.get(project, GENESIS_HASH),
        )
        entry = dataclasses.replace(entry, entry_hash=compute_hash(entry))
        chain.append(entry)
        prev = last[project] = entry.entry_hash
    assert verify(chain).ok
    # Rewritten from entry 3 with every server link recomputed, but a project link left stale.
    forged, prev = chain[:2], chain[1].entry_hash
    for entry in chain[2:]:
        entry = dataclasses.replace(entry, prev_hash=prev, object_repr="x")
        entry = dataclasses.replace(entry, entry_hash=compute_hash(entry))
        forged.append(entry)
        prev = entry.entry_hash
    report = verify(forged)
    assert (report.ok, report.first_bad_sequence) == (False, 5)
    assert "project's previous entry" in report.problem
