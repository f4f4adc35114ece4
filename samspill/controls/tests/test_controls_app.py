import datetime as dt
import io

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from method.controls import State
from samspill.audit.models import AuditEntry
from samspill.controls import selectors, services
from samspill.controls.models import BreachComment, Control, ControlWeek, EvaluationMeeting
from samspill.controls.tests.helpers import week_csv
from samspill.kpis.models import UsageWeek
from samspill.notify.models import Event
from samspill.pilot.models import CaseImport, PilotCase
from samspill.pilot.services import PilotImportError

THIS_MONDAY = dt.date(2026, 10, 12)  # the pinned clock's week


def _weeks_back(n: int) -> dt.date:
    return THIS_MONDAY - dt.timedelta(weeks=n)


def _state(project, key: str, week: dt.date = THIS_MONDAY) -> str:
    return ControlWeek.objects.get(control__project=project, control__key=key, week=week).state


def _import(project, owner, monday, **kwargs):
    return services.cases_import_week(
        actor=owner, project=project, data=week_csv(monday, **kwargs), filename="week.csv"
    )


def test_three_rubber_stamp_weeks_breach_the_override_floor_and_notify(project, owner):
    for back in (2, 1, 0):
        _import(project, owner, _weeks_back(back))
    assert _state(project, "override_floor", _weeks_back(1)) == State.HOLDS  # 2 weeks tolerated
    assert _state(project, "override_floor") == State.BREACHED
    # Under a minute per case: no suggested rejection was reviewed.
    assert _state(project, "reviewed_rejects") == State.BREACHED
    assert _state(project, "no_automatic_rejection") == State.HOLDS
    events = Event.objects.filter(project=project, kind="control_breached")
    assert events.count() == 2
    breach = ControlWeek.objects.get(control__key="override_floor", week=THIS_MONDAY)
    assert events.filter(path=reverse("controls:breach", args=[project.slug, breach.uuid])).exists()
    # Evaluating again tells nobody twice.
    services.controls_evaluate(actor=owner, project=project)
    assert Event.objects.filter(project=project, kind="control_breached").count() == 2


def test_careful_weeks_hold(project, owner):
    for back in (2, 1, 0):
        _import(project, owner, _weeks_back(back), minutes=6, overrides=4)
    assert _state(project, "override_floor") == State.HOLDS
    assert _state(project, "reviewed_rejects") == State.HOLDS


def test_a_case_the_tool_decided_alone_breaches_no_automatic_rejection(project, owner):
    _import(project, owner, THIS_MONDAY, minutes=6, overrides=4, undecided=2)
    assert PilotCase.objects.filter(project=project, human_decision="").count() == 2
    assert _state(project, "no_automatic_rejection") == State.BREACHED


def test_a_week_without_cases_has_no_data(project, owner):
    services.controls_evaluate(actor=owner, project=project)
    assert _state(project, "override_floor") == State.NO_DATA
    assert _state(project, "no_individual_monitoring") == State.HOLDS


def test_importing_a_week_again_replaces_its_cases_and_keeps_the_others(project, owner):
    _import(project, owner, _weeks_back(1))
    _import(project, owner, THIS_MONDAY)
    _import(project, owner, THIS_MONDAY, minutes=6, overrides=4)
    assert PilotCase.objects.filter(project=project, production=True).count() == 80
    assert CaseImport.objects.filter(project=project).count() == 3
    assert _state(project, "reviewed_rejects") == State.HOLDS


def test_a_bad_case_file_changes_nothing(project, owner):
    _import(project, owner, THIS_MONDAY)
    bad = week_csv(THIS_MONDAY).replace(b";pilot\n", b";sideways\n", 1)
    with pytest.raises(PilotImportError) as refused:
        services.cases_import_week(actor=owner, project=project, data=bad, filename="bad.csv")
    assert refused.value.errors[0].code == "unknown_arm"
    assert PilotCase.objects.filter(project=project).count() == 40
    assert CaseImport.objects.count() == 1


def test_the_pilot_report_leaves_production_cases_out(project, owner):
    from samspill.pilot.services import stored_cases

    _import(project, owner, THIS_MONDAY)
    assert stored_cases(project) == []


def test_an_evaluation_meeting_feeds_evaluation_held(project, owner):
    services.controls_evaluate(actor=owner, project=project, today=dt.date(2027, 10, 13))
    assert _state(project, "evaluation_held", dt.date(2027, 10, 11)) == State.BREACHED
    services.evaluation_meeting_record(
        actor=owner, project=project, held_on=dt.date(2026, 10, 1), participants="Union, HR"
    )
    assert _state(project, "evaluation_held") == State.HOLDS
    assert AuditEntry.objects.filter(object_type__endswith="evaluationmeeting").exists()


def test_a_meeting_in_the_future_is_refused(project, owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.evaluation_meeting_record(
            actor=owner, project=project, held_on=dt.date(2027, 1, 1), participants="Union"
        )
    assert not EvaluationMeeting.objects.exists()


def test_an_owner_control_is_validated_and_evaluated(project, owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.control_create(
            actor=owner,
            project=project,
            clause="human_decision",
            title="x",
            metric="os.system",
            comparison="ge",
            threshold=1,
            period=1,
        )
    assert "metric" in refused.value.message_dict
    control = services.control_create(
        actor=owner,
        project=project,
        clause="human_decision",
        title="Override rate at least 10 %",
        metric="override_rate",
        comparison="ge",
        threshold=10,
        period=1,
    )
    _import(project, owner, THIS_MONDAY, minutes=6, overrides=4)
    assert control.weeks.get(week=THIS_MONDAY).state == State.HOLDS  # 4 of 40 = 10 %


# No control reads a per-person row ----------------------------------------------------------

PERSON_COLUMNS = ("case_key", "person_name", "requester_name", "email", "user_id", "username")


def test_the_weekly_facts_never_select_a_person_column(project, owner):
    from samspill.aifile.models import LiteracyRecord

    _import(project, owner, THIS_MONDAY)
    LiteracyRecord.objects.create(
        project=project,
        role="Recruitment",
        person_name="Ada",
        received="course",
        received_on=THIS_MONDAY,
    )
    with CaptureQueriesContext(connection) as queries:
        selectors.week_facts(project)
    selects = [q["sql"].split(" FROM ")[0] for q in queries.captured_queries]
    assert selects and not [s for s in selects for c in PERSON_COLUMNS if f'"{c}"' in s]


def test_the_stored_usage_tables_hold_aggregates_only(project):
    assert selectors.usage_model_shapes()  # the check does look at something
    assert selectors.individual_monitoring_findings(project) == []


def test_a_future_per_user_usage_table_breaches_no_individual_monitoring(project, owner):
    class UsageUserWeek(models.Model):  # noqa: DJ008 - a throwaway model for the check
        project = models.ForeignKey("projects.Project", on_delete=models.CASCADE)
        week = models.DateField()
        pseudonym = models.CharField(max_length=64)
        events = models.PositiveIntegerField()

        class Meta:
            app_label = "kpis"

    try:
        assert selectors.individual_monitoring_findings(project) == ["kpis.UsageUserWeek.pseudonym"]
        services.controls_evaluate(actor=owner, project=project)
        assert _state(project, "no_individual_monitoring") == State.BREACHED
    finally:
        del apps.all_models["kpis"]["usageuserweek"]
        apps.clear_cache()


def test_a_usage_page_showing_a_small_head_count_breaches(project, monkeypatch):
    UsageWeek.objects.create(
        project=project, week=THIS_MONDAY, department="HR", events=9, active_users=2, mau=2
    )
    assert selectors.individual_monitoring_findings(project) == []  # shown as "fewer than 5"
    monkeypatch.setattr("samspill.kpis.presenting.count_text", lambda count: str(count))
    monkeypatch.setattr("samspill.core.figures.number", lambda value, *a, **k: str(value))
    monkeypatch.setattr("samspill.controls.selectors.number", lambda value, *a, **k: str(value))
    assert "shown:2" in selectors.individual_monitoring_findings(project)


def test_training_before_access_is_compared_per_department(project, owner):
    from samspill.aifile.models import LiteracyRecord

    UsageWeek.objects.create(
        project=project,
        week=THIS_MONDAY,
        department="Recruitment",
        events=90,
        active_users=8,
        mau=8,
    )
    services.controls_evaluate(actor=owner, project=project)
    assert _state(project, "training_before_access") == State.BREACHED
    LiteracyRecord.objects.create(
        project=project, role="recruitment", received="course", received_on=_weeks_back(1)
    )
    services.controls_evaluate(actor=owner, project=project)
    assert _state(project, "training_before_access") == State.HOLDS


# Pages ---------------------------------------------------------------------------------------


def _breach(project, owner):
    _import(project, owner, THIS_MONDAY, undecided=1, minutes=6, overrides=4)
    return ControlWeek.objects.get(control__key="no_automatic_rejection", week=THIS_MONDAY)


def test_an_observer_comments_and_the_owner_responds(client, project, members):
    breach = _breach(project, members["owner"])
    client.force_login(members["observer"])
    url = reverse("controls:comment", args=[project.slug, breach.uuid])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Who rejected case 7?"}).status_code == 302
    assert BreachComment.objects.get().author == members["observer"]
    respond = reverse("controls:respond", args=[project.slug, breach.uuid])
    assert client.post(respond, {"cause": "x", "measure": "y"}).status_code == 403
    client.force_login(members["owner"])
    assert client.post(respond, {"cause": "A rule in the tool", "measure": ""}).status_code == 400
    assert (
        client.post(respond, {"cause": "A rule in the tool", "measure": "Rule off"}).status_code
        == 302
    )
    page = client.get(reverse("controls:breach", args=[project.slug, breach.uuid]))
    assert b"Who rejected case 7?" in page.content and b"Rule off" in page.content
    assert AuditEntry.objects.filter(object_type__endswith="breachresponse").exists()


def test_the_controls_page_shows_each_clause_and_the_breach(client, project, members):
    _breach(project, members["owner"])
    client.force_login(members["viewer"])
    page = client.get(reverse("controls:page", args=[project.slug]))
    text = page.content.decode()
    assert "A person decides" in text and "No automatic rejection" in text
    assert "<svg" in text and "breached" in text
    dashboard = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "1 control breached this week" in dashboard


def test_the_evaluation_report_is_a_pdf_with_the_breach(client, project, members):
    from pypdf import PdfReader

    breach = _breach(project, members["owner"])
    services.breach_respond(
        actor=members["owner"], breach=breach, cause="A tool rule", measure="Turned off"
    )
    client.force_login(members["observer"])
    response = client.get(reverse("controls:report", args=[project.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "No automatic rejection" in text and "Turned off" in text
    assert "Signatures" in text


def test_the_agreement_docx_names_each_control_and_threshold(client, project, members):
    from samspill.guarantees import documents
    from samspill.guarantees.models import Draft, DraftKind

    Control.objects.all().delete()
    services.controls_ensure_defaults(actor=members["owner"], project=project)
    control = Control.objects.get(project=project, key="override_floor")
    control.threshold = 5
    control.save()
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
    assert "A person decides: People still change the AI's suggestion: override rate ≥ 5 %" in text
    assert "No monitoring of performance or behaviour: No individual monitoring" in text


def test_the_page_reads_in_norwegian(client, project, members):
    _breach(project, members["owner"])
    client.force_login(members["observer"])
    client.cookies["samspill_language"] = "nb"
    text = client.get(reverse("controls:page", args=[project.slug])).content.decode()
    assert "Avtalekontroller" in text and "Ingen automatiske avslag" in text
    assert "avslag uten menneske ≤ 0" in text and "brutt" in text


def test_the_weekly_cron_imports_and_evaluates(project, owner, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "week.csv"
    path.write_bytes(week_csv(THIS_MONDAY, undecided=1, minutes=6, overrides=4))
    call_command("controls", "import-cases", str(path), "--project", project.slug)
    call_command("controls", "evaluate", "--project", project.slug)
    assert "1 breached this week" in capsys.readouterr().out
    assert _state(project, "no_automatic_rejection") == State.BREACHED
