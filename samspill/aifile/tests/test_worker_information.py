import datetime as dt

import pytest
from django.urls import reverse

from method.aifile import WORKER_INFORMED
from samspill.aifile import services
from samspill.aifile.models import Acknowledgement, AckVia
from samspill.aifile.selectors import worker_information_gaps
from samspill.audit.models import AuditEntry
from samspill.guarantees.services import transparency_page, transparency_update
from samspill.overview.trust import trust_overview
from samspill.stakeholders.services import person_create

DAY = dt.date(2026, 10, 1)


def _group(project, key):
    return project.stakeholder_groups.get(preset_key=key)


def _rollout_missing(project):
    gate = next(
        g for g in trust_overview(project, language="en").gates if g.result.phase == "rollout"
    )
    return gate.result.missing


def _inform(project, owner, key, **kwargs):
    return services.worker_information_record(
        actor=owner,
        project=project,
        group=_group(project, key),
        informed_on=DAY,
        how="letter",
        **kwargs,
    )


def test_the_rollout_gate_opens_only_after_both_affected_groups_are_informed(project, owner):
    assert [g.preset_key for g in worker_information_gaps(project)] == ["union", "employees"]
    assert WORKER_INFORMED in _rollout_missing(project)
    _inform(project, owner, "union")
    assert [g.preset_key for g in worker_information_gaps(project)] == ["employees"]
    assert WORKER_INFORMED in _rollout_missing(project)
    _inform(project, owner, "employees")
    assert worker_information_gaps(project) == []
    assert WORKER_INFORMED not in _rollout_missing(project)


def test_the_pilot_gate_does_not_wait_for_worker_information(project):
    gates = trust_overview(project, language="en").gates
    pilot = next(g for g in gates if g.result.phase == "pilot")
    assert WORKER_INFORMED not in pilot.result.missing


def test_the_owner_chooses_which_groups_are_affected(project, owner):
    settings = services.file_settings_for(project)
    services.file_settings_update(
        actor=owner,
        project=project,
        expected_version=settings.version,
        affected_groups=[_group(project, "it")],
        log_location="",
        log_retention_months=None,
        chatbot_notice_shown=False,
    )
    assert [g.preset_key for g in worker_information_gaps(project)] == ["it"]


def test_recording_through_the_form_names_the_letter_version(client, project, owner):
    from samspill.guarantees.services import draft_save, draft_version_create

    draft = draft_save(
        actor=owner,
        project=project,
        kind="employee_information",
        expected_version=None,
        title="Letter",
        body="Text",
        clauses=[],
    )
    version = draft_version_create(actor=owner, draft=draft, docx=b"PK")
    client.force_login(owner)
    response = client.post(
        reverse("aifile:information_create", args=[project.slug]),
        {
            "group": str(_group(project, "union").uuid),
            "informed_on": "2026-10-01",
            "how": "meeting",
            "letter": str(version.pk),
            "ack_mode": "group",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("aifile:file", args=[project.slug])).content.decode()
    assert "Letter v1" in page


def test_a_group_of_another_project_is_refused(project, owner, make_user):
    from samspill.projects.services import project_create

    other = project_create(actor=owner, name="Other", ai_tool="X", start_date=DAY)
    with pytest.raises(ValueError):
        services.worker_information_record(
            actor=owner,
            project=project,
            group=_group(other, "union"),
            informed_on=DAY,
            how="letter",
        )


def test_a_made_up_group_key_is_a_form_error(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("aifile:information_create", args=[project.slug]),
        {"group": "99999999999999999999", "informed_on": "2026-10-01", "how": "letter"},
    )
    assert response.status_code == 200
    assert not project.worker_information.exists()


@pytest.fixture
def person_links(project, owner):
    information = _inform(project, owner, "employees", ack_mode="person")
    person_create(actor=owner, project=project, group=information.group, name="Ada Lovelace")
    person_create(actor=owner, project=project, group=information.group, name="Ben Berg")
    return information, services.ack_links_create(actor=owner, information=information)


def test_links_are_made_once_per_person_and_only_their_hash_is_kept(person_links, owner):
    information, links = person_links
    assert [p.name for p, _t in links] == ["Ada Lovelace", "Ben Berg"]
    tokens = {t for _p, t in links}
    assert not Acknowledgement.objects.filter(token_hash__in=tokens).exists()
    assert services.ack_links_create(actor=owner, information=information) == []


def test_an_acknowledgement_through_a_personal_link_shows_on_the_file_page(
    client, project, owner, person_links
):
    _information, links = person_links
    url = reverse("aifile:ack", args=[links[0][1]])
    assert "I confirm I received it" in client.get(url).content.decode()
    assert not Acknowledgement.objects.exclude(confirmed_at=None).exists()  # GET confirms nothing
    response = client.post(url)
    assert response.status_code == 200
    assert "Your confirmation is recorded" in response.content.decode()
    client.force_login(owner)
    page = client.get(reverse("aifile:file", args=[project.slug])).content.decode()
    assert "Ada Lovelace · Personal link" in page
    assert "1 of 2 people" in page


def test_a_link_used_twice_says_already_confirmed(client, person_links):
    _information, links = person_links
    url = reverse("aifile:ack", args=[links[0][1]])
    client.post(url)
    first = Acknowledgement.objects.exclude(confirmed_at=None).get().confirmed_at
    again = client.post(url)
    assert again.status_code == 200
    assert "Already confirmed" in again.content.decode()
    assert "Already confirmed" in client.get(url).content.decode()
    assert Acknowledgement.objects.exclude(confirmed_at=None).get().confirmed_at == first


def test_an_expired_link_gets_a_clear_page_and_confirms_nothing(client, person_links, pinned_clock):
    _information, links = person_links
    url = reverse("aifile:ack", args=[links[0][1]])
    pinned_clock.shift(dt.timedelta(days=61))
    response = client.post(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not Acknowledgement.objects.exclude(confirmed_at=None).exists()


def test_a_tampered_link_is_not_found(client, person_links):
    _information, links = person_links
    token = links[0][1]
    assert client.get(reverse("aifile:ack", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("aifile:ack", args=["made-up"])).status_code == 404


def test_the_audit_trail_records_that_a_link_was_used_not_by_whom(client, person_links):
    _information, links = person_links
    client.post(reverse("aifile:ack", args=[links[0][1]]))
    entry = AuditEntry.objects.order_by("sequence").last()
    assert entry.changes == {"acknowledged": [None, "link"]}
    assert "Ada" not in str(entry.changes) and "Ada" not in entry.object_repr


def _open_page(project, owner):
    page = transparency_page(project)
    transparency_update(actor=owner, page=page, expected_version=page.version, link_enabled=True)
    return page


def test_a_group_acknowledgement_on_the_transparency_page_is_kept_without_a_name(
    client, project, owner
):
    information = _inform(project, owner, "union")
    page = _open_page(project, owner)
    assert (
        "acknowledge"
        in client.get(reverse("guarantees:public", args=[page.token])).content.decode()
    )
    url = reverse("aifile:public_ack", args=[page.token])
    assert client.post(url, {"information": str(information.uuid)}).status_code == 302
    ack = Acknowledgement.objects.get()
    assert (ack.via, ack.person, ack.information) == (AckVia.PAGE, None, information)
    assert ack.confirmed_at is not None


def test_the_page_acknowledgement_refuses_a_made_up_round(client, project, owner):
    _inform(project, owner, "union")
    page = _open_page(project, owner)
    response = client.post(reverse("aifile:public_ack", args=[page.token]), {"information": "x"})
    assert response.status_code == 200
    assert not Acknowledgement.objects.exists()


def test_the_page_acknowledgement_is_closed_with_the_page(client, project, owner):
    page = transparency_page(project)
    assert client.get(reverse("aifile:public_ack", args=[page.token])).status_code == 404


def test_the_trust_page_names_the_missing_worker_information(client, project, owner):
    client.force_login(owner)
    page = client.get(reverse("trust:checklists", args=[project.slug])).content.decode()
    assert "Every affected group has been informed (AI Act Art. 26(7))" in page
    _inform(project, owner, "union")
    _inform(project, owner, "employees")
    page = client.get(reverse("trust:checklists", args=[project.slug])).content.decode()
    assert "Every affected group has been informed (AI Act Art. 26(7))" not in page
