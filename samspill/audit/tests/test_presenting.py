"""The trail speaks the reader's language; the stored, hashed values stay canonical."""

from django.urls import reverse
from django.utils import translation

from samspill.audit.chain import verify_stored_chain
from samspill.audit.models import AuditAction, AuditEntry
from samspill.audit.presenting import display_value, present_entries
from samspill.audit.services import audit_record
from samspill.stakeholders.models import Person
from samspill.surveys.models import Survey

CODED = {
    "include_comment": [True, False],
    "status": ["draft", "open"],
    "statements": [[], ["helps_work", "involved"]],
    "closes_on": [None, "2026-12-10"],
    "k": [5, 1200],
}


def _coded_entry(project, owner):
    return audit_record(
        actor=owner,
        project=project,
        action=AuditAction.UPDATE,
        obj=project,
        changes=CODED,
        object_repr="Pulse",
    )


def _as_survey(entry):
    # audit_record names the object type after `obj`; a survey's entry names its model.
    AuditEntry.objects.filter(pk=entry.pk).update(object_type="surveys.survey")
    entry.refresh_from_db()
    return entry


def test_codes_become_labels_yes_no_dates_and_numbers_in_english(project, owner):
    entry = _as_survey(_coded_entry(project, owner))
    (shown,) = present_entries([entry])
    lines = {c.label: (c.before, c.after) for c in shown.changes}
    assert lines["ask for a free text comment"] == ("yes", "no")
    labels = dict(Survey._meta.get_field("status").flatchoices)
    assert lines["status"] == (str(labels["draft"]), str(labels["open"]))
    assert lines["statements"][0] == "—"
    assert "helps_work" not in lines["statements"][1]
    assert lines["closes on"] == (None, "10 Dec 2026")
    assert lines["anonymity threshold (k)"] == ("5", "1,200")
    assert shown.object_type_label == "Survey"


def test_the_same_entry_reads_in_norwegian(project, owner):
    entry = _as_survey(_coded_entry(project, owner))
    with translation.override("nb"):
        (shown,) = present_entries([entry])
    text = repr(shown)
    for code in ("True", "False", "draft", "helps_work", "2026-12-10", "1200", "1,200"):
        assert code not in text, code
    lines = {c.before or "": c.after for c in shown.changes}
    assert lines["ja"] == "nei"
    assert lines["5"] == "1\xa0200"  # Norwegian grouping (no-break space)


def test_stored_values_stay_canonical_and_the_chain_verifies(project, owner):
    entry = _coded_entry(project, owner)
    entry.refresh_from_db()
    assert entry.changes["include_comment"] == [True, False]
    assert entry.changes["statements"][1] == ["helps_work", "involved"]
    assert verify_stored_chain().ok


def test_stance_choices_and_unknown_keys(project):
    assert display_value("stakeholders.person", "stance", -1) == "Sceptical"
    assert display_value("stakeholders.person", "stance", 9) == "9"  # kept, not lost
    assert display_value("no.such_model", "field", "x") == "x"
    assert display_value("stakeholders.person", "notes", "a" * 500).endswith("…")
    assert display_value("stakeholders.person", "name", None) is None


def test_norwegian_trail_page_shows_labels(client, project, owner):
    _as_survey(_coded_entry(project, owner))
    client.force_login(owner)
    client.cookies["samspill_language"] = "nb"
    page = client.get(reverse("audit:trail", args=[project.slug])).content.decode()
    assert "<ins>nei</ins>" in page
    assert "helps_work" not in page
    assert ">True<" not in page


def test_person_stance_change_in_trail(client, project, owner, members):
    from samspill.stakeholders.services import person_change_stance, person_create

    person = person_create(
        actor=owner, project=project, group=project.stakeholder_groups.first(), name="Kari"
    )
    person_change_stance(actor=owner, person=person, expected_version=1, stance=2)
    assert Person.objects.get(pk=person.pk).stance == 2
    client.force_login(owner)
    page = client.get(reverse("audit:trail", args=[project.slug])).content.decode()
    assert "<ins>Champion</ins>" in page
