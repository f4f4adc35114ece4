import datetime as dt

import pytest
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.dpia import services
from samspill.dpia.models import Dpia

XSS = "<script>alert(1)</script>"
ROLES = ["outsider", "viewer", "observer", "editor", "owner"]


def url(name, project, *args):
    return reverse(f"dpia:{name}", args=[project.slug, *args])


def statuses(allowed: set[str], ok: int) -> dict[str, int]:
    return {"outsider": 404} | {r: ok if r in allowed else 403 for r in ROLES[1:]}


MEMBERS = {"viewer", "observer", "editor", "owner"}
WRITERS = {"editor", "owner"}
COMMENTERS = {"observer", "editor", "owner"}


def _risk(dpia):
    return (dpia.risks.first().uuid,)


def _action(dpia):
    return (services.action_create(actor=None, dpia=dpia, title="Train reviewers").uuid,)


# (url name, method, arguments from the DPIA, expected status per role)
CASES = [
    ("overview", "get", None, statuses(MEMBERS, 200)),
    ("screening", "get", None, statuses(WRITERS, 200)),
    ("context", "get", None, statuses(WRITERS, 200)),
    ("principles", "get", None, statuses(WRITERS, 200)),
    ("risk_create", "get", None, statuses(WRITERS, 200)),
    ("risk_edit", "get", _risk, statuses(WRITERS, 200)),
    ("risk_delete", "post", _risk, statuses(WRITERS, 302)),
    ("action_create", "get", None, statuses(WRITERS, 200)),
    ("action_edit", "get", _action, statuses(WRITERS, 200)),
    ("action_delete", "post", _action, statuses(WRITERS, 302)),
    ("actions_csv", "get", None, statuses(MEMBERS, 200)),
    ("opinion", "get", lambda d: ("dpo",), statuses(COMMENTERS, 200)),
    ("opinion", "get", lambda d: ("representatives",), statuses(COMMENTERS, 200)),
    ("decision", "get", None, statuses({"owner"}, 200)),
    ("document", "get", lambda d: ("pdf",), statuses(MEMBERS, 200)),
    ("document", "get", lambda d: ("docx",), statuses(MEMBERS, 200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "args", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_each_role_gets_what_its_capabilities_allow(
    client, project, members, dpia, role, name, method, args, expected
):
    client.force_login(members[role])
    target = url(name, project, *(args(dpia) if args else ()))
    assert getattr(client, method)(target).status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_writers_start_the_dpia(client, project, members, role):
    client.force_login(members[role])
    response = client.post(url("start", project))
    assert response.status_code == statuses(WRITERS, 302)[role]
    assert Dpia.objects.filter(project=project).exists() == (role in WRITERS)


def test_anonymous_visitors_are_sent_to_log_in(client, project, dpia):
    response = client.get(url("overview", project))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["start", "risk_delete", "action_delete"])
def test_writes_refuse_get(client, project, owner, dpia, name):
    client.force_login(owner)
    args = _risk(dpia) if name == "risk_delete" else _action(dpia) if name != "start" else ()
    assert client.get(url(name, project, *args)).status_code == 405


def test_an_unknown_opinion_kind_is_not_found(client, project, owner, dpia):
    client.force_login(owner)
    assert client.get(url("opinion", project, "ceo")).status_code == 404


def test_edit_pages_are_not_found_before_the_dpia_is_started(client, project, owner):
    client.force_login(owner)
    for name in ("screening", "context", "principles", "risk_create", "decision"):
        assert client.get(url(name, project)).status_code == 404, name


def test_a_viewer_sees_that_an_editor_can_start_it(client, project, members):
    client.force_login(members["viewer"])
    body = client.get(url("overview", project)).content.decode()
    assert "An editor of the project can start it." in body
    assert url("start", project) not in body


def test_starting_from_the_page_seeds_the_risks(client, project, owner):
    client.force_login(owner)
    response = client.post(url("start", project), follow=True)
    body = response.content.decode()
    assert "Chilling effect of feeling watched" in body
    assert body.count('role="img"') == 2  # the two risk maps


def test_screening_through_the_form(client, project, owner, dpia):
    client.force_login(owner)
    response = client.post(
        url("screening", project),
        {
            "version": 1,
            "criterion_evaluation_scoring": "on",
            "criterion_vulnerable_subjects": "on",
            "screening_notes": "Ranks applicants.",
        },
    )
    assert response.status_code == 302
    body = client.get(url("overview", project)).content.decode()
    assert "A DPIA is required." in body
    assert "2 of the 9 EDPB criteria apply." in body


def test_the_method_texts_follow_the_interface_language(client, project, owner, dpia):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    body = client.get(url("screening", project)).content.decode()
    assert "Sårbare registrerte" in body
    assert (
        "Unfair or discriminatory outcomes" in client.get(url("overview", project)).content.decode()
    )


def test_a_stale_edit_shows_the_stored_version_and_saves_nothing(client, project, owner, dpia):
    services.context_update(
        actor=owner, context=dpia.context, expected_version=1, processing="Theirs"
    )
    client.force_login(owner)
    response = client.post(url("context", project), {"version": 1, "processing": "Mine"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this" in body and "Theirs" in body
    dpia.context.refresh_from_db()
    assert dpia.context.processing == "Theirs"


def test_a_stale_screening_keeps_every_ticked_box(client, project, owner, dpia):
    services.dpia_screening_update(actor=owner, dpia=dpia, expected_version=1, criteria=[])
    client.force_login(owner)
    response = client.post(
        url("screening", project),
        {
            "version": 1,
            "criterion_evaluation_scoring": "on",
            "criterion_large_scale": "on",
        },
    )
    form = response.context["form"]
    assert form["criterion_evaluation_scoring"].value() and form["criterion_large_scale"].value()


def test_rating_a_risk_through_the_form(client, project, owner, dpia):
    risk = dpia.risks.get(key="discrimination")
    client.force_login(owner)
    data = {
        "version": 1,
        "title": risk.title,
        "severity_before": "4",
        "likelihood_before": "3",
        "severity_after": "",
        "likelihood_after": "2",
    }
    response = client.post(url("risk_edit", project, risk.uuid), data)
    assert response.status_code == 200  # half a rating after the measures
    assert "Rate both severity and likelihood, or neither." in response.content.decode()
    data["severity_after"] = "3"
    assert client.post(url("risk_edit", project, risk.uuid), data).status_code == 302
    risk.refresh_from_db()
    assert (risk.severity_before, risk.likelihood_after) == (4, 2)


def test_an_observer_writes_the_representatives_opinion(client, project, members, dpia):
    client.force_login(members["observer"])
    response = client.post(
        url("opinion", project, "representatives"),
        {
            "version": 1,
            "author": "Union representatives",
            "given_on": "2026-11-25",
            "stance": "unfavourable",
            "text": "Not before the bias audit.",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="dpia.opinion", action="update")
    assert entry.actor_label == "observer"


def test_the_owner_records_the_decision(client, project, owner, dpia):
    client.force_login(owner)
    form = client.get(url("decision", project)).context["form"]
    assert form.initial["decided_on"] is not None  # today is suggested
    response = client.post(
        url("decision", project),
        {
            "version": 1,
            "outcome": "no_go",
            "decided_by": "Olga Owner",
            "decided_on": "2026-11-27",
            "reasoning": "The vendor cannot explain the ranking.",
        },
    )
    assert response.status_code == 302
    assert (
        "The vendor cannot explain the ranking."
        in client.get(url("overview", project)).content.decode()
    )


def test_a_measure_can_be_added_for_a_risk(client, project, owner, dpia):
    risk = dpia.risks.get(key="explainability")
    client.force_login(owner)
    response = client.post(
        url("action_create", project),
        {
            "title": "Ask the vendor for model documentation",
            "risk": risk.pk,
            "owner": "IT lead",
            "due_date": "2026-12-01",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert dpia.actions.get().risk == risk


def test_observers_free_text_is_escaped_on_the_page(client, project, owner, members, dpia):
    for opinion in dpia.opinions.all():
        services.opinion_update(
            actor=members["observer"],
            opinion=opinion,
            expected_version=1,
            author=XSS,
            given_on=dt.date(2026, 11, 25),
            stance="unfavourable",
            text=XSS,
        )
    risk = dpia.risks.first()
    services.risk_update(actor=owner, risk=risk, expected_version=1, title=XSS)
    services.risk_update(
        actor=owner, risk=risk, expected_version=2, severity_before=2, likelihood_before=2
    )
    services.action_create(actor=owner, dpia=dpia, title=XSS, owner=XSS, risk=risk)
    client.force_login(owner)
    for page in (
        url("overview", project),
        url("opinion", project, "dpo"),
        url("risk_edit", project, risk.uuid),
        url("decision", project),
    ):
        body = client.get(page).content.decode()
        assert XSS not in body, page
    body = client.get(url("overview", project)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_pages_carry_no_inline_style_or_script(client, project, owner, dpia):
    client.force_login(owner)
    body = client.get(url("overview", project)).content.decode()
    assert "style=" not in body
    assert "<svg" in body and "onload" not in body


@pytest.mark.parametrize("extra", [0, 25])
def test_overview_query_count_is_constant(
    client, project, owner, dpia, extra, django_assert_num_queries
):
    risks = list(dpia.risks.all())
    for index in range(extra):
        risk = services.risk_create(
            actor=owner, dpia=dpia, title=f"Risk {index}", severity_before=2, likelihood_before=3
        )
        services.action_create(
            actor=owner, dpia=dpia, title=f"Measure {index}", risk=risks[index % 6], owner="HR"
        )
        risks.append(risk)
    client.force_login(owner)
    # session with its user, membership with project, the DPIA with its parts, risks, actions, opinions
    with django_assert_num_queries(6):
        response = client.get(url("overview", project))
    assert len(response.context["report"].risks) == 6 + extra


def test_a_go_against_a_high_residual_risk_is_refused_on_the_form_with_the_reason(
    client, project, owner, dpia
):
    risk = dpia.risks.get(key="discrimination")
    services.risk_update(
        actor=owner,
        risk=risk,
        expected_version=risk.version,
        severity_before=4,
        likelihood_before=3,
        severity_after=3,
        likelihood_after=2,
    )
    client.force_login(owner)
    overview = client.get(url("overview", project)).content.decode()
    assert "A high risk remains after the measures" in overview
    data = {
        "version": 1,
        "outcome": "go",
        "decided_by": "Olga Owner",
        "decided_on": "2026-12-03",
        "reasoning": "Ready.",
    }
    refused = client.post(url("decision", project), data)
    assert refused.status_code == 200
    assert "Record the date of the prior consultation" in refused.content.decode()
    saved = client.post(
        url("decision", project), data | {"override_reason": "Decided by the board, see minutes."}
    )
    assert saved.status_code == 302
    page = client.get(url("overview", project)).content.decode()
    assert "Decided by the board, see minutes." in page and "data-override" in page
