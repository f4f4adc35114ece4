import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from samspill.kpis import services
from samspill.kpis.demo import demo_seed
from samspill.kpis.models import Kpi, LicensedDepartment, Story, UsageWeek
from samspill.kpis.selectors import below_target


def story_data(**extra):
    return {
        "told_on": "2026-09-14",
        "title": "Shortlist by lunch",
        "text": "It helped.",
        "department": "Recruitment",
        "told_by": "",
        **extra,
    }


def test_an_editor_adds_edits_and_deletes_a_story(client, project, members):
    client.force_login(members["editor"])
    response = client.post(reverse("kpis:story_create", args=[project.slug]), story_data())
    assert response.status_code == 302
    story = Story.objects.get(project=project)
    assert not story.share_externally
    edit = reverse("kpis:story_edit", args=[project.slug, story.uuid])
    client.post(edit, story_data(share_externally="on", version=story.version))
    story.refresh_from_db()
    assert story.share_externally
    page = client.get(reverse("kpis:stories", args=[project.slug])).content.decode()
    assert "Shortlist by lunch" in page and "may be shared" in page
    client.post(reverse("kpis:story_delete", args=[project.slug, story.uuid]))
    assert not Story.objects.exists()


def test_a_viewer_reads_stories_but_cannot_add_one(client, project, members):
    client.force_login(members["viewer"])
    assert client.get(reverse("kpis:stories", args=[project.slug])).status_code == 200
    response = client.post(reverse("kpis:story_create", args=[project.slug]), story_data())
    assert response.status_code == 403


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_acceptance_report_renders_with_shareable_stories_only(
    client, project, members, monkeypatch
):
    from samspill.surveys import selectors as survey_selectors

    owner = members["owner"]
    demo_seed(project=project, owner=owner, language="en")
    monkeypatch.setattr(
        survey_selectors,
        "acceptance_summary",
        lambda project: {
            "title": "Pulse September",
            "date": date(2026, 9, 30),
            "nps": 12.0,
            "answers": 48,
            "statements": [
                {"key": "trust_data", "label": "I trust the tool", "agree_share": 0.62},
                {"key": "involved", "label": "Hidden", "agree_share": None},
            ],
        },
        raising=False,
    )
    client.force_login(members["viewer"])
    response = client.get(reverse("kpis:kpi_report", args=[project.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Acceptance report" in text and "Adoption rate" in text
    assert "Pulse September" in text and "62 %" in text
    assert "Shortlist in a morning" in text
    assert "Payroll questions answered faster" not in text  # no consent to share
    assert "Recruitment" in text


def test_the_report_renders_for_an_empty_project(client, project, members):
    client.force_login(members["viewer"])
    response = client.get(reverse("kpis:kpi_report", args=[project.slug]))
    assert "No KPIs have been set up yet." in pdf_text(response.content)


def test_the_demo_has_usage_kpis_one_below_target_and_stories(project, owner):
    demo_seed(project=project, owner=owner, language="nb")
    assert UsageWeek.objects.filter(project=project).values("week").distinct().count() == 12
    assert LicensedDepartment.objects.filter(project=project).count() == 4
    assert Story.objects.filter(project=project).count() == 3
    assert Kpi.objects.filter(project=project).count() == 5
    assert "Oppmøte på teammøter" in [c.kpi.name for c in below_target(project)]


# The command line


def write_usage(tmp_path, lines):
    path = tmp_path / "usage.csv"
    path.write_text("\n".join(["user_id,ts,feature,department", *lines]) + "\n")
    return path


def test_the_cli_imports_with_progress_and_rate(project, owner, tmp_path):
    lines = [f"u{n},2026-09-0{8 + n % 2} 10:00,chat,HR" for n in range(10)]
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "usage",
        "import",
        str(write_usage(tmp_path, lines)),
        "--project",
        project.slug,
        "--timestamp-col",
        "ts",
        stdout=out,
        stderr=err,
    )
    assert "Read 10 rows; wrote 1 week " in out.getvalue() and "rows/s" in out.getvalue()
    assert "[####" in err.getvalue()
    weeks = io.StringIO()
    call_command("usage", "weeks", "--project", project.slug, stdout=weeks)
    assert "2026-09-07" in weeks.getvalue()


def test_the_cli_lists_bad_lines_and_fails(project, owner, tmp_path):
    path = write_usage(tmp_path, ["a,2026-09-08 10:00,chat,HR", "b,31.02.2026,chat,HR"])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "usage",
            "import",
            str(path),
            "--project",
            project.slug,
            "--timestamp-col",
            "ts",
            stderr=err,
        )
    assert "line 3, ts: “31.02.2026” is not a date and time" in err.getvalue()
    assert not UsageWeek.objects.exists()


def test_the_cli_names_a_missing_column(project, owner, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "usage",
            "import",
            str(write_usage(tmp_path, ["a,b,c,d"])),
            "--project",
            project.slug,
            stderr=err,
        )
    assert "line 1, timestamp: the file has no such column" in err.getvalue()


def test_the_cli_checks_the_actor(project, owner, tmp_path):
    with pytest.raises(CommandError, match="not a member"):
        call_command(
            "usage",
            "import",
            str(write_usage(tmp_path, [])),
            "--project",
            project.slug,
            "--actor",
            "nobody",
        )


def test_services_audit_a_story(project, owner):
    from samspill.audit.models import AuditEntry

    services.story_create(
        actor=owner,
        project=project,
        told_on=date(2026, 9, 1),
        title="T",
        text="x",
        department="",
        group=None,
        told_by="",
        share_externally=False,
    )
    assert AuditEntry.objects.filter(object_type="kpis.story").count() == 1


def test_the_report_shows_the_latest_real_survey(client, project, members):
    from samspill.surveys import services as survey_services
    from samspill.surveys.tests.conftest import answer, make_survey

    owner = members["owner"]
    survey = make_survey(project, owner, title="Pulse after the pilot")
    survey_services.survey_open(actor=owner, survey=survey)
    for _ in range(5):
        answer(survey, "HR", nps=10, score=5)
    survey_services.survey_close(actor=owner, survey=survey)
    client.force_login(members["viewer"])
    text = pdf_text(client.get(reverse("kpis:kpi_report", args=[project.slug])).content)
    assert "Pulse after the pilot" in text and "+100" in text and "100 %" in text


def test_a_kpi_named_with_quotes_charts_in_the_report(client, project, members):
    import xml.etree.ElementTree as ET

    from samspill.kpis.documents import _chart
    from samspill.kpis.presenting import kpi_chart
    from samspill.kpis.selectors import kpi_board

    owner = members["owner"]
    name = 'Tickets "AI" per week'
    kpi = services.kpi_create(
        actor=owner, project=project, kind="support_tickets", name=name, target=10
    )
    for period, value in ((date(2026, 9, 7), 12.0), (date(2026, 9, 14), 9.0)):
        services.kpi_value_set(actor=owner, kpi=kpi, period=period, value=value)
    card = next(c for c in kpi_board(project) if c.kpi.pk == kpi.pk)
    for svg in (_chart(card), kpi_chart(card)):
        root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it well-formed
        assert name in root.get("aria-label")
    client.force_login(members["viewer"])
    response = client.get(reverse("kpis:kpi_report", args=[project.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert name in pdf_text(response.content)
