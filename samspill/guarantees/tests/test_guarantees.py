import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from method.objections import ObjectionCategory
from samspill.audit.models import AuditEntry
from samspill.guarantees import services
from samspill.guarantees.models import ApplicabilityCheck, Draft, DraftVersion, TransparencyPage
from samspill.objections.models import Objection
from samspill.overview.trust import trust_overview
from samspill.rollout.models import Phase
from samspill.trust.models import ChecklistItem


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The public form's rate limit counts in the cache, which outlives a single test.
    from django.core.cache import cache

    cache.clear()


CV_SCREENING_NO = {
    "country": "NO",
    "employees": 120,
    "purpose": "recruitment",
    "scores_people": True,
    "decides_alone": False,
    "emotion_recognition": False,
    "affects_employees": False,
    "monitors_employees": False,
}


def check(project, owner, **answers):
    return services.applicability_save(
        actor=owner, project=project, expected_version=None, **(CV_SCREENING_NO | answers)
    )


def test_a_norwegian_cv_screening_tool_is_annex_iii_4a_with_its_duties(client, project, owner):
    client.force_login(owner)
    form = {k: ("on" if v is True else v) for k, v in CV_SCREENING_NO.items() if v is not False}
    response = client.post(reverse("guarantees:applicability", args=[project.slug]), form)
    assert response.status_code == 302
    page = client.get(reverse("guarantees:applicability", args=[project.slug])).content.decode()
    assert 'data-risk-class="high_risk_4a"' in page
    assert "Annex III 4(a)" in page
    assert "§ 9-2" in page and "26(7)" in page
    assert "not legal advice" in page
    assert ApplicabilityCheck.objects.get(project=project).risk_class == "high_risk_4a"


@pytest.mark.parametrize(
    "answers, risk_class",
    [
        ({"emotion_recognition": True}, "prohibited"),
        (
            {"country": "DE", "purpose": "performance_monitoring", "affects_employees": True},
            "high_risk_4b",
        ),
        ({"purpose": "hr_assistant", "scores_people": False}, "not_high_risk"),
    ],
)
def test_the_class_follows_the_answers(project, owner, answers, risk_class):
    assert check(project, owner, **answers).risk_class == risk_class


def test_obligations_become_trust_items_and_join_the_gates(client, project, owner):
    saved = check(project, owner)
    added = services.obligations_to_trust(actor=owner, project=project, check=saved).added
    assert added > 0
    legal = project.checklist_items.filter(key__startswith="legal:")
    assert legal.count() == added and {i.step for i in legal} == {"security"}
    assert all(i.help for i in legal)
    # Once more changes nothing.
    assert services.obligations_to_trust(actor=owner, project=project, check=saved).changed == 0
    gated = {i.gate_phase: i.key for i in legal if i.gate_phase}
    gates = {g.result.phase: g.result for g in trust_overview(project, language="en").gates}
    for phase, key in gated.items():
        assert key in gates[phase].missing
    assert "pilot" in gated, "the duty to inform before use joins the pilot gate"


def test_decision_limits_register_is_audited_and_on_the_transparency_page(client, project, owner):
    services.use_case_create(
        actor=owner,
        project=project,
        name="CV screening",
        ai_alone="Sorts incoming applications by date",
        ai_suggests="A shortlist with reasons",
        human_decides="Every rejection and every invitation",
        overseer="Head of recruitment",
        contest_route="Write to the recruitment lead; you get an answer within two weeks.",
    )
    assert AuditEntry.objects.filter(object_type="guarantees.usecase", action="create").exists()
    client.force_login(owner)
    page = client.get(reverse("guarantees:transparency_preview", args=[project.slug]))
    assert "Every rejection and every invitation" in page.content.decode()


def test_agreement_draft_from_clauses_downloads_as_docx_and_keeps_each_version(
    client, project, owner
):
    client.force_login(owner)
    url = reverse("guarantees:draft_edit", args=[project.slug, "agreement"])
    form = client.get(url).context["form"]
    chosen = form.initial["clauses"]
    assert chosen, "some clauses are chosen by default"
    data = {"title": form.initial["title"], "body": form.initial["body"], "clauses": chosen}
    first = client.post(url, {**data, "action": "download"})
    assert first["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    assert project.ai_tool in text and "not legal advice" in text
    draft = Draft.objects.get(project=project, kind="agreement")
    client.post(
        url,
        {
            **data,
            "version": draft.version,
            "body": data["body"] + "\n\nAnnex 1",
            "action": "download",
        },
    )
    versions = list(DraftVersion.objects.filter(draft=draft).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].sha256 != versions[1].sha256
    again = client.get(reverse("guarantees:draft_version", args=[project.slug, "agreement", 1]))
    assert again.content == bytes(versions[0].docx)
    assert AuditEntry.objects.filter(object_type="guarantees.draftversion").count() == 2


@pytest.mark.parametrize("kind", ["job_security_statement", "employee_information"])
def test_letters_are_filled_from_the_project(client, project, owner, kind):
    client.force_login(owner)
    response = client.get(reverse("guarantees:draft_edit", args=[project.slug, kind]))
    initial = response.context["form"].initial
    body = initial["body"]
    assert project.ai_tool in body or project.name in body
    assert "{" not in body
    url = reverse("guarantees:draft_edit", args=[project.slug, kind])
    download = client.post(url, {"title": initial["title"], "body": body, "action": "download"})
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert initial["title"] in text
    assert body.split("\n\n")[1].strip()[:40] in text
    assert (
        client.get(reverse("guarantees:draft_edit", args=[project.slug, "nope"])).status_code == 404
    )


def test_transparency_link_opens_logged_out_and_can_be_closed_or_rotated(client, project, owner):
    page = services.transparency_page(project)
    public = reverse("guarantees:public", args=[page.token])
    assert client.get(public).status_code == 404  # closed until an owner opens it
    services.transparency_update(actor=owner, page=page, expected_version=1, link_enabled=True)
    page.refresh_from_db()
    opened = client.get(public)
    assert opened.status_code == 200 and opened["Referrer-Policy"] == "strict-origin"
    rotated = services.transparency_rotate(actor=owner, page=page)
    assert client.get(public).status_code == 404
    assert client.get(reverse("guarantees:public", args=[rotated.token])).status_code == 200
    trail = AuditEntry.objects.filter(object_type="guarantees.transparencypage")
    assert not any(rotated.token in str(e.changes) for e in trail)


def test_an_anonymous_objection_lands_in_the_arsenal_without_identity(client, project, owner):
    page = services.transparency_page(project)
    services.transparency_update(actor=owner, page=page, expected_version=1, link_enabled=True)
    public = reverse("guarantees:public", args=[page.token])
    response = client.post(
        public, {"text": "Will this <b>tool</b> be used to watch what I do all day?"}, follow=True
    )
    assert "Thank you" in response.content.decode()
    objection = Objection.objects.get(project=project)
    assert objection.logged_by is None and objection.person is None
    assert objection.group.preset_key == "employees"
    assert objection.category == ObjectionCategory.SURVEILLANCE
    assert objection.occasion == "transparency page"
    # A bot filling the hidden field is thanked and ignored.
    client.post(public, {"text": "spam", "website": "http://spam.example"})
    assert Objection.objects.count() == 1


def test_only_owners_manage_the_link(client, project, members):
    url = reverse("guarantees:transparency_settings", args=[project.slug])
    for role, status in [("editor", 403), ("viewer", 403), ("owner", 200)]:
        client.force_login(members[role])
        assert client.get(url).status_code == status
    assert TransparencyPage.objects.filter(project=project).count() == 1


def test_a_question_the_library_cannot_place_is_still_passed_on(client, project, owner):
    page = services.transparency_page(project)
    services.transparency_update(actor=owner, page=page, expected_version=1, link_enabled=True)
    public = reverse("guarantees:public", args=[page.token])
    assert client.post(public, {"text": "Kan jeg si nei?"}).status_code == 302
    assert Objection.objects.get().category in {c.value for c in ObjectionCategory}


def test_the_public_form_is_rate_limited(client, project, owner):
    page = services.transparency_page(project)
    services.transparency_update(actor=owner, page=page, expected_version=1, link_enabled=True)
    public = reverse("guarantees:public", args=[page.token])
    for n in range(10):
        client.post(public, {"text": f"Will this watch me, question {n}?"})
    response = client.post(public, {"text": "One more question about monitoring"})
    assert "Many questions came from here" in response.content.decode()
    assert Objection.objects.count() == 10


def test_the_public_page_publishes_only_what_the_owner_wrote(client, project, owner):
    page = services.transparency_page(project)
    services.transparency_update(actor=owner, page=page, expected_version=1, link_enabled=True)
    item = project.checklist_items.get(key="data_documented")
    item.evidence_note = "Internal: see the vendor contract in the HR share"
    item.status = "done"
    item.save()
    body = client.get(reverse("guarantees:public", args=[page.token])).content.decode()
    assert "Internal: see the vendor contract" not in body
    assert owner.get_username() not in body


def test_control_characters_in_a_draft_do_not_break_the_word_file(client, project, owner):
    client.force_login(owner)
    url = reverse("guarantees:draft_edit", args=[project.slug, "job_security_statement"])
    response = client.post(
        url, {"title": "Statement", "body": "Line\x0bone\x07", "action": "download"}
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Lineone" in text


def test_a_draft_whose_title_and_body_are_numbers_opens_again(client, project, owner):
    # The page joins title and body for its list of gaps; Django's `add` sums two numbers.
    client.force_login(owner)
    url = reverse("guarantees:draft_edit", args=[project.slug, "agreement"])
    number = "-99999999999999999999"
    assert client.post(url, {"title": number, "body": number}).status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    assert Draft.objects.get(project=project, kind="agreement").body == number


# ── Obligations refresh, and join a gate when their day comes (issue 18) ─────────────────


def _gates(project) -> dict:
    return {g.result.phase: g.result for g in trust_overview(project, language="en").gates}


def _in_gates(project, key: str) -> set[str]:
    return {phase for phase, gate in _gates(project).items() if key in gate.missing}


def test_new_answers_are_asked_on_the_page_and_shape_the_duties(client, project, owner):
    client.force_login(owner)
    form = {k: ("on" if v is True else v) for k, v in CV_SCREENING_NO.items() if v is not False}
    form |= {"country": "DE", "public_employer": "on", "chatbot": "on"}
    url = reverse("guarantees:applicability", args=[project.slug])
    assert client.post(url, form).status_code == 302
    saved = ApplicabilityCheck.objects.get(project=project)
    assert saved.public_employer and saved.chatbot and not saved.german_site
    page = client.get(url).content.decode()
    for field in ("public_employer", "chatbot", "biometric_categorisation", "german_site"):
        assert f'name="{field}"' in page
    assert 'data-legal="ai_act_art_27"' in page and 'data-legal="ai_act_art_50"' in page
    assert 'data-legal="ai_act_art_27_good_practice"' not in page
    # Art. 86 has applied since 2 Aug 2026 (the pinned clock is later): "applies — verify".
    row = page.split('data-legal="ai_act_art_86"')[1].split("</tr>")[0]
    assert 'data-status="applies-verify"' in row


def test_biometric_categorisation_is_shown_as_prohibited(client, project, owner):
    client.force_login(owner)
    check(project, owner, biometric_categorisation=True)
    page = client.get(reverse("guarantees:applicability", args=[project.slug])).content.decode()
    assert 'data-risk-class="prohibited"' in page and "5(1)(g)" in page


def test_changed_answers_refresh_the_obligations_already_in_trust(project, owner):
    saved = check(project, owner, country="DE")
    services.obligations_to_trust(actor=owner, project=project, check=saved)
    keys = set(project.checklist_items.values_list("key", flat=True))
    assert "legal:ai_act_art_27" not in keys
    # The employer turns out to be public: no second "add to TRUST" is needed.
    check(project, owner, country="DE", public_employer=True)
    keys = set(project.checklist_items.values_list("key", flat=True))
    assert {"legal:ai_act_art_27", "legal:ai_act_art_27_3", "legal:ai_act_art_26_8"} <= keys
    fria = ChecklistItem.objects.get(project=project, key="legal:ai_act_art_27")
    assert (fria.gate_phase, str(fria.gate_from)) == ("pilot", "2027-12-02")
    # And back: the item keeps its record but stops holding a gate.
    check(project, owner, country="DE", public_employer=False)
    fria.refresh_from_db()
    assert (fria.gate_phase, fria.gate_from) == ("", None)


def test_without_obligations_in_trust_saving_the_answers_adds_nothing(project, owner):
    check(project, owner, country="DE", public_employer=True)
    assert not project.checklist_items.filter(key__startswith="legal:").exists()


def test_adding_to_trust_again_brings_old_items_up_to_date(client, project, owner):
    saved = check(project, owner, country="DE")
    services.obligations_to_trust(actor=owner, project=project, check=saved)
    # As the code before issue 18 left a "prepare now" item: no phase, no date, old text.
    ChecklistItem.objects.filter(project=project, key="legal:ai_act_art_26_7").update(
        gate_phase="", gate_from=None, title="Old title", status="in_progress"
    )
    client.force_login(owner)
    response = client.post(reverse("guarantees:to_trust", args=[project.slug]), follow=True)
    assert "brought up to date" in response.content.decode()
    item = ChecklistItem.objects.get(project=project, key="legal:ai_act_art_26_7")
    assert item.title == "Inform the representatives and the workers before use"
    assert (item.gate_phase, str(item.gate_from)) == ("pilot", "2027-12-02")
    assert item.status == "in_progress", "the team's progress is kept"
    entry = AuditEntry.objects.filter(object_type="trust.checklistitem", action="update").latest(
        "pk"
    )
    assert entry.changes["gate_phase"] == ["", "pilot"]


def test_a_prepare_now_duty_joins_a_gate_when_its_day_comes(project, owner, pinned_clock):
    saved = check(project, owner, country="DE")
    services.obligations_to_trust(actor=owner, project=project, check=saved)
    key = "legal:ai_act_art_26_7"
    # A plan whose pilot runs when the Art. 26 duties arrive on 2 Dec 2027.
    starts = {
        "prototype": dt.date(2027, 9, 1),
        "pilot": dt.date(2027, 10, 1),
        "rollout": dt.date(2028, 1, 10),
    }
    for phase in Phase.objects.filter(project=project, key__in=starts):
        Phase.objects.filter(pk=phase.pk).update(
            start_date=starts[phase.key], end_date=starts[phase.key] + dt.timedelta(days=30)
        )
    assert _in_gates(project, key) == set(), "prepare now: no gate yet"
    pinned_clock.move_to(dt.datetime(2027, 12, 1, 12, 0, tzinfo=dt.UTC))
    assert _in_gates(project, key) == set()
    pinned_clock.move_to(dt.datetime(2027, 12, 2, 12, 0, tzinfo=dt.UTC))
    # The pilot had begun: the duty holds the next gate, the rollout's.
    assert _in_gates(project, key) == {"rollout"}
    assert not _gates(project)["rollout"].open


def test_a_due_duty_before_its_phase_joins_that_phase_s_gate(project, owner):
    saved = check(project, owner, country="DE")
    services.obligations_to_trust(actor=owner, project=project, check=saved)
    # Art. 86 applies from 2 Aug 2026, before the test plan's pilot (weeks 5-8 from 1 Sep).
    assert _in_gates(project, "legal:ai_act_art_86") == {"pilot"}


def test_the_trust_page_says_when_a_prepare_now_duty_starts_to_count(
    client, project, owner, pinned_clock
):
    saved = check(project, owner, country="DE")
    services.obligations_to_trust(actor=owner, project=project, check=saved)
    client.force_login(owner)
    url = reverse("trust:checklists", args=[project.slug])
    assert 'data-prepare-until="2027-12-02"' in client.get(url).content.decode()
    pinned_clock.move_to(dt.datetime(2027, 12, 2, 12, 0, tzinfo=dt.UTC))
    client.force_login(owner)
    assert "data-prepare-until" not in client.get(url).content.decode()
