"""An import checks the file's audit history as a chain, not entry by entry.

Each forgery below passed the old import, which recomputed every entry's hash on its own:
an edited entry with a recomputed hash, a dropped entry, a reordered pair, a shortened end.
"""

import copy
import json

import pytest

from method.audit_chain import GENESIS_HASH, ChainEntry, compute_hash
from samspill.overview.demo import demo_load
from samspill.transfer.errors import TransferError
from samspill.transfer.history import history_check
from samspill.transfer.importing import project_import
from samspill.transfer.presenting import report_history, report_notes
from samspill.transfer.tests.helpers import db_state, demo_owner, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    project, _created = demo_load()
    return export(project)


def rehash(entry: dict) -> None:
    entry["entry_hash"] = compute_hash(ChainEntry(**entry))


def load(document: dict):
    data = json.dumps(document).encode("utf-8")
    return project_import(actor=demo_owner(), data=data, filename="forged.json")


def refused(document: dict) -> str:
    before = db_state()
    with pytest.raises(TransferError) as caught:
        load(document)
    assert db_state() == before  # nothing was written
    return " ".join(caught.value.problems)


def test_a_good_history_is_imported_and_says_what_was_checked(document):
    count = len(document["audit"])
    assert document["audit_head"] == {
        "sequence": document["audit"][-1]["sequence"],
        "entry_hash": document["audit"][-1]["entry_hash"],
        "entries": count,
    }
    report = load(document)
    assert report.history_entries == count > 50
    assert report.history_head_checked
    assert report.history_links_checked == count - 1
    assert report.history_links_unchecked == 0
    assert f"all {count} entries match their hashes, each links" in report_history(report)
    assert not [note for note in report_notes(report) if "history" in note or "link" in note]
    check = history_check(report.project)
    assert check.ok and check.head_checked is True and check.links_unchecked == 0


def test_an_edited_entry_with_a_recomputed_hash_is_refused(document):
    entry = document["audit"][10]
    entry["object_repr"] = "Something that never happened"
    rehash(entry)
    after = document["audit"][11]["sequence"]
    problems = refused(document)
    assert f"audit entry {after}: it does not link to the entry before it" in problems


def test_an_edited_entry_without_a_new_hash_is_refused_as_altered(document):
    document["audit"][10]["actor"] = "mallory"
    sequence = document["audit"][10]["sequence"]
    assert f"audit entry {sequence}: its content does not match its hash" in refused(document)


def test_a_dropped_entry_is_refused(document):
    dropped = document["audit"].pop(20)
    after = document["audit"][20]["sequence"]
    problems = refused(document)
    assert f"audit entry {after}: it does not link" in problems
    assert str(dropped["sequence"]) not in problems.split(":")[0]


def test_a_dropped_first_entry_is_refused(document):
    document["audit"].pop(0)
    first = document["audit"][0]["sequence"]
    assert f"audit entry {first}: the history's first entry links to an earlier" in refused(
        document
    )


def test_a_reordered_pair_is_refused(document):
    audit = document["audit"]
    audit[30], audit[31] = audit[31], audit[30]
    assert f"audit entry {audit[30]['sequence']}: it does not link" in refused(document)


def test_reordered_old_entries_are_refused_by_their_numbers(document):
    old = _old_history([3, 4, 9, 10])
    old[1], old[2] = old[2], old[1]
    document["audit"] = old
    del document["audit_head"]
    assert "audit entry 4: its number is not higher" in refused(document)


def test_a_shortened_history_is_refused_by_its_head(document):
    last = document["audit"].pop()
    problems = refused(document)
    assert "audit_head: the history ends at entry" in problems
    assert f"recorded entry {last['sequence']}" in problems


def test_an_entry_stripped_of_its_link_is_refused(document):
    entry = document["audit"][15]
    del entry["project_prev_hash"]
    rehash(entry)
    sequence = entry["sequence"]
    assert f"audit entry {sequence}: it lacks the link" in refused(document)


@pytest.mark.parametrize(
    "head",
    [
        "latest",
        [],
        {"sequence": "1", "entry_hash": GENESIS_HASH, "entries": 1},
        {"sequence": 1, "entry_hash": "not a hash", "entries": 1},
        {"sequence": 1, "entry_hash": GENESIS_HASH, "entries": -1},
        {"sequence": True, "entry_hash": GENESIS_HASH, "entries": 1},
        {"sequence": 1, "entry_hash": GENESIS_HASH, "entries": 1, "extra": 1},
    ],
)
def test_a_malformed_head_is_refused(document, head):
    document["audit_head"] = head
    assert "audit_head: expected the last entry's sequence and hash" in refused(document)


def test_an_older_file_without_a_head_is_imported_and_says_so(document):
    del document["audit_head"]
    report = load(document)
    assert not report.history_head_checked
    notes = " ".join(report_notes(report))
    assert "could not check that no entries were removed from the end" in notes
    assert history_check(report.project).head_checked is False


def _old_history(sequences: list[int]) -> list[dict]:
    """Entries as an older Samspill wrote them: no project link, numbers with gaps where
    the server's other projects wrote."""
    entries, prev = [], GENESIS_HASH
    for sequence in sequences:
        entry = {
            "sequence": sequence,
            "created_at": "2026-01-02T03:04:05.000006+00:00",
            "actor": "demo",
            "project": "11111111-1111-1111-1111-111111111111",
            "action": "update",
            "object_type": "projects.project",
            "object_id": "11111111-1111-1111-1111-111111111111",
            "object_repr": f"step {sequence}",
            "changes": {"name": [None, f"step {sequence}"]},
            "prev_hash": prev,
        }
        rehash(entry)
        entries.append(entry)
        # An entry of another project sits in every gap: its hash is unknown here.
        prev = entry["entry_hash"] if sequence + 1 in sequences else "e" * 64
    return entries


def test_old_entries_are_linked_where_their_numbers_are_consecutive(document):
    document["audit"] = _old_history([3, 4, 9, 10])
    del document["audit_head"]
    report = load(document)
    assert (report.history_links_checked, report.history_links_unchecked) == (2, 1)
    assert "1 entry was written before Samspill linked" in " ".join(report_notes(report))
    check = history_check(report.project)
    assert check.ok and check.links_unchecked == 1


def test_old_consecutive_entries_that_do_not_link_are_refused(document):
    old = _old_history([3, 4, 5])
    old[1]["object_repr"] = "forged"
    rehash(old[1])
    document["audit"] = old
    del document["audit_head"]
    assert "audit entry 5: it does not link" in refused(document)


def test_a_project_moved_twice_keeps_one_chain(document):
    first = load(document)
    again = export(first.project)
    seal = again["audit"][-1]
    assert seal["project_prev_hash"] == document["audit"][-1]["entry_hash"]
    second = load(again)
    assert second.history_head_checked and second.history_links_unchecked == 0
    assert second.history_entries == len(document["audit"]) + 1


def test_a_whole_history_rewritten_consistently_is_not_detectable_from_the_file(document):
    """The limit, stated as a test: with every later hash and the head recomputed, an unsigned
    file cannot show the forgery. Signed checkpoints on the original server can."""
    forged = copy.deepcopy(document)
    audit = forged["audit"]
    audit[5]["object_repr"] = "rewritten"
    for index in range(5, len(audit)):
        if index > 5:
            audit[index]["project_prev_hash"] = audit[index - 1]["entry_hash"]
            if audit[index]["sequence"] == audit[index - 1]["sequence"] + 1:
                audit[index]["prev_hash"] = audit[index - 1]["entry_hash"]
        rehash(audit[index])
    forged["audit_head"]["entry_hash"] = audit[-1]["entry_hash"]
    assert load(forged).history_entries == len(audit)
