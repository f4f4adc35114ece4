"""Owners change the agreed numbers of a control (threshold, weeks in a row, on/off) after
negotiating them; the edit is versioned, validated and audited (docs/controls.md)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from method.controls import State
from samspill.audit.models import AuditEntry
from samspill.controls import services
from samspill.controls.models import Control, ControlWeek
from samspill.controls.tests.helpers import week_csv

THIS_MONDAY = dt.date(2026, 10, 12)  # the pinned clock's week


def _import(project, owner, monday, **kwargs):
    services.cases_import_week(
        actor=owner, project=project, data=week_csv(monday, **kwargs), filename="week.csv"
    )


def _week(control, week=THIS_MONDAY) -> ControlWeek:
    return ControlWeek.objects.get(control=control, week=week)


def _url(project, control, name="controls:control_edit"):
    return reverse(name, args=[project.slug, control.uuid])


def _values(control, **changes):
    values = {
        "version": control.version,
        "title": control.title,
        "threshold": control.threshold,
        "period": control.period,
        "active": "on" if control.active else "",
    }
    return {k: v for k, v in (values | changes).items() if v is not None}


@pytest.fixture
def careful_week(project, owner):
    """Six minutes a case and 4 of 40 overridden: the override rate is 10 % this week."""
    _import(project, owner, THIS_MONDAY, minutes=6, overrides=4)
    return Control.objects.get(project=project, key="override_floor")


def test_a_new_threshold_changes_the_next_evaluation(client, project, members, careful_week):
    control = careful_week
    assert _week(control).state == State.HOLDS
    client.force_login(members["owner"])
    assert client.get(_url(project, control)).status_code == 200
    response = client.post(_url(project, control), _values(control, threshold=15, period=1))
    assert response.status_code == 302
    control.refresh_from_db()
    assert (control.threshold, control.period, control.version) == (15.0, 1, 2)
    assert control.rule_since == THIS_MONDAY
    assert _week(control).state == State.HOLDS  # nothing evaluated yet
    services.controls_evaluate(actor=members["owner"], project=project)
    assert _week(control).state == State.BREACHED  # 10 % < 15 %
    entry = AuditEntry.objects.filter(object_type__endswith=".control", action="update").get()
    assert entry.changes["threshold"] == [2.0, 15.0]
    assert entry.changes["period"] == [3, 1]
    page = client.get(reverse("controls:page", args=[project.slug])).content.decode()
    assert "override rate ≥ 15 %" in page


def test_earlier_weeks_keep_the_verdict_of_the_earlier_rule(project, owner):
    last_monday = THIS_MONDAY - dt.timedelta(weeks=1)
    _import(project, owner, last_monday, minutes=6, overrides=4)
    _import(project, owner, THIS_MONDAY, minutes=6, overrides=4)
    control = Control.objects.get(project=project, key="override_floor")
    services.control_update(
        actor=owner, control=control, expected_version=1, threshold=15, period=1, active=True
    )
    services.controls_evaluate(actor=owner, project=project)
    assert _week(control, last_monday).state == State.HOLDS  # judged under ≥ 2 %
    assert _week(control).state == State.BREACHED


def test_a_stale_edit_is_refused_and_shows_the_stored_numbers(
    client, project, members, careful_week
):
    control = careful_week
    form_version = control.version
    services.control_update(
        actor=members["owner"],
        control=control,
        expected_version=form_version,
        threshold=5,
        period=2,
        active=True,
    )
    client.force_login(members["owner"])
    response = client.post(
        _url(project, control), _values(control, version=form_version, threshold=40)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "override rate ≥ 5 % (2 weeks in a row)" in page  # the stored rule, beside
    assert 'value="40"' in page  # the user's own value is kept in the form
    assert response.context["form"]["version"].value() == form_version + 1
    control.refresh_from_db()
    assert (control.threshold, control.period) == (5.0, 2)


@pytest.mark.parametrize(
    ("key", "changes", "field"),
    [
        ("override_floor", {"threshold": "-1"}, "threshold"),  # a share below 0
        ("override_floor", {"threshold": "100.5"}, "threshold"),  # a share over 100 %
        ("reviewed_rejects", {"threshold": "1e300"}, "threshold"),
        ("no_automatic_rejection", {"threshold": "-0.5"}, "threshold"),  # a count below 0
        ("evaluation_held", {"threshold": "9" * 400}, "threshold"),  # huge
        ("override_floor", {"threshold": "2\x00"}, "threshold"),  # NUL
        ("override_floor", {"threshold": "nan"}, "threshold"),
        ("override_floor", {"period": "0"}, "period"),
        ("override_floor", {"period": "13"}, "period"),
        ("override_floor", {"period": "9" * 40}, "period"),
        ("override_floor", {"version": "x\x00"}, "version"),
    ],
)
def test_bad_values_are_refused_with_a_400_and_nothing_changes(
    client, project, members, key, changes, field
):
    services.controls_ensure_defaults(actor=members["owner"], project=project)
    control = Control.objects.get(project=project, key=key)
    before = (control.threshold, control.period, control.version, control.active)
    client.force_login(members["owner"])
    response = client.post(_url(project, control), _values(control, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    control.refresh_from_db()
    assert (control.threshold, control.period, control.version, control.active) == before
    assert not AuditEntry.objects.filter(object_type__endswith=".control", action="update")


def test_a_nul_in_an_own_controls_title_is_refused(client, project, members):
    owner = members["owner"]
    control = services.control_create(
        actor=owner,
        project=project,
        clause="human_decision",
        title="Few overrides",
        metric="override_rate",
        comparison="ge",
        threshold=1,
        period=1,
    )
    client.force_login(owner)
    response = client.post(_url(project, control), _values(control, title="Bad\x00title"))
    assert response.status_code == 400
    response = client.post(_url(project, control), _values(control, title="x" * 201))
    assert response.status_code == 400
    control.refresh_from_db()
    assert control.title == "Few overrides"


def test_the_service_refuses_what_the_form_would(project, owner):
    services.controls_ensure_defaults(actor=owner, project=project)
    control = Control.objects.get(project=project, key="override_floor")
    from django.core.exceptions import ValidationError

    for threshold, period in ((101, 1), (-1, 1), (float("inf"), 1), (5, 0), (5, 13)):
        with pytest.raises(ValidationError):
            services.control_update(
                actor=owner,
                control=control,
                expected_version=1,
                threshold=threshold,
                period=period,
                active=True,
            )
    control.refresh_from_db()
    assert (control.threshold, control.period, control.version) == (2.0, 3, 1)


def test_a_control_turned_off_is_shown_off_not_evaluated_and_can_be_turned_on(
    client, project, members
):
    owner = members["owner"]
    _import(project, owner, THIS_MONDAY, undecided=1, minutes=6, overrides=4)
    control = Control.objects.get(project=project, key="no_automatic_rejection")
    breach = _week(control)
    assert breach.state == State.BREACHED
    client.force_login(owner)
    response = client.post(_url(project, control), _values(control, active=""))
    assert response.status_code == 302
    control.refresh_from_db()
    assert control.active is False
    # Next week: the control is not evaluated; this week's breach stays on record.
    next_monday = THIS_MONDAY + dt.timedelta(weeks=1)
    services.controls_evaluate(actor=owner, project=project, today=next_monday)
    assert not ControlWeek.objects.filter(control=control, week=next_monday).exists()
    assert ControlWeek.objects.filter(control__project=project, week=next_monday).exists()
    assert ControlWeek.objects.get(pk=breach.pk).state == State.BREACHED
    page = client.get(reverse("controls:page", args=[project.slug])).content.decode()
    assert "off</span>" in page
    dashboard = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "control breached this week" not in dashboard
    # The breach page still answers: the evidence is kept.
    assert (
        client.get(reverse("controls:breach", args=[project.slug, breach.uuid])).status_code == 200
    )
    # On again: evaluated from this week on.
    response = client.post(_url(project, control), _values(control, active="on"))
    assert response.status_code == 302
    control.refresh_from_db()
    assert control.active is True and control.rule_since == THIS_MONDAY
    services.controls_evaluate(actor=owner, project=project)
    assert _week(control).state == State.BREACHED
    changes = [
        e.changes.get("active")
        for e in AuditEntry.objects.filter(object_type__endswith=".control", action="update")
    ]
    assert [True, False] in changes and [False, True] in changes


def test_controls_with_verdicts_are_never_deleted_own_ones_without_may_be(client, project, members):
    owner = members["owner"]
    client.force_login(owner)
    services.controls_evaluate(actor=owner, project=project)
    default = Control.objects.get(project=project, key="no_individual_monitoring")
    assert _week(default).state == State.HOLDS
    response = client.post(_url(project, default, "controls:control_delete"))
    assert response.status_code == 400
    assert Control.objects.filter(pk=default.pk).exists()
    # An owner's own control over a metric with no data yet: only "no data" weeks.
    own = services.control_create(
        actor=owner,
        project=project,
        clause="human_decision",
        title="Few overrides",
        metric="override_rate",
        comparison="ge",
        threshold=1,
        period=1,
    )
    services.controls_evaluate(actor=owner, project=project)
    assert _week(own).state == State.NO_DATA
    assert "Delete the control" in client.get(_url(project, own)).content.decode()
    assert client.post(_url(project, own, "controls:control_delete")).status_code == 302
    assert not Control.objects.filter(pk=own.pk).exists()
    assert AuditEntry.objects.filter(object_type__endswith=".control", action="delete").exists()
    # Once it held in a week, it stays.
    kept = services.control_create(
        actor=owner,
        project=project,
        clause="no_monitoring",
        title="Still none",
        metric="individual_monitoring",
        comparison="le",
        threshold=0,
        period=1,
    )
    services.controls_evaluate(actor=owner, project=project)
    assert client.post(_url(project, kept, "controls:control_delete")).status_code == 400
    assert Control.objects.filter(pk=kept.pk).exists()


def test_only_owners_change_controls(client, project, members, careful_week):
    control = careful_week
    for role in ("editor", "observer", "viewer"):
        client.force_login(members[role])
        assert client.get(_url(project, control)).status_code == 403
        assert client.post(_url(project, control), _values(control, threshold=9)).status_code == 403
        assert client.post(_url(project, control, "controls:control_delete")).status_code == 403
    client.force_login(members["outsider"])
    assert client.get(_url(project, control)).status_code == 404
    control.refresh_from_db()
    assert control.threshold == 2.0
    # A control of another project is not found through this one.
    client.force_login(members["owner"])
    other = reverse(
        "controls:control_edit", args=[project.slug, "00000000-0000-4000-8000-000000000000"]
    )
    assert client.get(other).status_code == 404


def test_the_docx_appendix_and_the_pdf_show_the_current_numbers(client, project, members):
    from pypdf import PdfReader

    from samspill.guarantees import documents
    from samspill.guarantees.models import Draft, DraftKind

    owner = members["owner"]
    services.controls_evaluate(actor=owner, project=project)
    floor = Control.objects.get(project=project, key="override_floor")
    services.control_update(
        actor=owner, control=floor, expected_version=1, threshold=7.5, period=4, active=True
    )
    late = Control.objects.get(project=project, key="explanations_in_time")
    services.control_update(
        actor=owner, control=late, expected_version=1, threshold=0, period=1, active=False
    )
    title, body = documents.compose(project, DraftKind.AGREEMENT)
    draft = Draft.objects.create(
        project=project,
        kind=DraftKind.AGREEMENT,
        title=title,
        body=body,
        clauses=documents.default_clauses(project),
    )
    text = "\n".join(
        p.text for p in Document(io.BytesIO(documents.draft_docx(project, draft))).paragraphs
    )
    assert "override rate ≥ 7.5 % (4 weeks in a row)" in text
    assert "late explanations ≤ 0 (turned off, not evaluated)" in text
    client.force_login(owner)
    response = client.get(reverse("controls:report", args=[project.slug]))
    pdf = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "override rate ≥ 7.5 % (4 weeks in a row)" in pdf
    assert "turned off, not evaluated" in pdf
