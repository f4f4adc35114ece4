from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from method.kpis import Status
from samspill.kpis import selectors, services
from samspill.kpis.models import Kpi, KpiValue
from samspill.kpis.tests.helpers import add_usage, this_week


def make_kpi(project, owner, name="Tickets", kind="support_tickets", target=10, **extra):
    return services.kpi_create(
        actor=owner, project=project, name=name, kind=kind, target=target, **extra
    )


def card_for(project, kpi):
    return next(c for c in selectors.kpi_board(project) if c.kpi.pk == kpi.pk)


def test_a_kpi_takes_its_kinds_defaults(project, owner):
    kpi = make_kpi(project, owner)
    assert (kpi.unit, kpi.period, kpi.direction) == ("count", "week", "lower")


def test_names_are_unique_per_project(project, owner):
    make_kpi(project, owner)
    with pytest.raises(ValidationError):
        make_kpi(project, owner, name="tickets")


def test_hand_kept_values_replace_their_period_and_give_the_status(project, owner):
    kpi = make_kpi(project, owner)
    week = this_week() - timedelta(weeks=1)
    services.kpi_value_set(actor=owner, kpi=kpi, period=week - timedelta(weeks=1), value=14)
    services.kpi_value_set(actor=owner, kpi=kpi, period=week + timedelta(days=2), value=12)
    services.kpi_value_set(actor=owner, kpi=kpi, period=week, value=8)
    assert KpiValue.objects.filter(kpi=kpi).count() == 2
    card = card_for(project, kpi)
    assert card.latest == (week, 8) and card.status is Status.ON_TARGET
    assert card.trend.arrow == "down" and card.trend.improving


def test_derived_values_cannot_be_entered(project, owner):
    kpi = make_kpi(project, owner, name="Adoption", kind="adoption_rate", target=60)
    with pytest.raises(ValidationError):
        services.kpi_value_set(actor=owner, kpi=kpi, period=this_week(), value=50)


def test_adoption_comes_from_usage_and_licences_and_hides_small_cells(project, owner):
    kpi = make_kpi(project, owner, name="Adoption", kind="adoption_rate", target=60)
    add_usage(project, "Recruitment", [10, 20])
    add_usage(project, "Payroll", [2, 2])  # no licence count: left out
    services.licensed_department_save(
        actor=owner, project=project, name="recruitment", licensed_users=40
    )
    card = card_for(project, kpi)
    assert [v for _d, v in card.points] == [25.0, 50.0]
    assert card.status is Status.BELOW_TARGET
    small = make_kpi(
        project,
        owner,
        name="Payroll adoption",
        kind="adoption_rate",
        target=60,
        department="Payroll",
    )
    services.licensed_department_save(
        actor=owner, project=project, name="Payroll", licensed_users=10
    )
    assert card_for(project, small).points == []  # 2 active users: not shown


def test_stickiness_and_retention_come_from_usage(project, owner):
    add_usage(project, "HR", [10, 20], mau_factor=2, retained=0.5)
    stick = make_kpi(project, owner, name="Stick", kind="stickiness", target=40)
    kept = make_kpi(project, owner, name="Kept", kind="retention", target=40)
    assert card_for(project, stick).latest[1] == 50
    assert card_for(project, kept).points[-1][1] == 50  # the last week has no next week


def test_stories_are_counted_per_month(project, owner):
    kpi = make_kpi(project, owner, name="Stories", kind="success_stories", target=2)
    today = timezone.localdate()
    for n in range(3):
        services.story_create(
            actor=owner,
            project=project,
            told_on=today,
            title=f"S{n}",
            text="It helped.",
            department="",
            group=None,
            told_by="",
            share_externally=False,
        )
    card = card_for(project, kpi)
    assert card.latest == (today.replace(day=1), 3.0) and card.status is Status.ON_TARGET


def test_training_engagement_comes_from_the_training_plan(project, owner):
    from samspill.trust.services import session_create

    group = project.stakeholder_groups.first()
    today = timezone.localdate()
    session_create(
        actor=owner,
        project=project,
        tier="awareness",
        title="Intro",
        date=today,
        invited=20,
        attended=15,
        audience=[group],
    )
    session_create(
        actor=owner,
        project=project,
        tier="awareness",
        title="Other",
        date=today,
        invited=10,
        attended=1,
    )
    overall = make_kpi(project, owner, name="Training", kind="training_engagement", target=80)
    mine = make_kpi(
        project, owner, name="Group training", kind="training_engagement", target=70, group=group
    )
    assert round(card_for(project, overall).latest[1], 1) == 53.3
    assert card_for(project, mine).latest[1] == 75


def test_nps_comes_from_the_surveys(project, owner, monkeypatch):
    from samspill.surveys import selectors as survey_selectors

    today = timezone.localdate()
    group = project.stakeholder_groups.first()
    points = [
        (today - timedelta(days=40), None, 10.0),
        (today, None, 25.0),
        (today, group.name, -5.0),
    ]
    monkeypatch.setattr(survey_selectors, "nps_points", lambda project: points, raising=False)
    overall = make_kpi(project, owner, name="NPS", kind="nps", target=20)
    mine = make_kpi(project, owner, name="Group NPS", kind="nps", target=0, group=group)
    assert card_for(project, overall).latest[1] == 25
    assert card_for(project, mine).status is Status.BELOW_TARGET


def test_nps_is_empty_without_the_surveys_selector(project, owner, monkeypatch):
    from samspill.surveys import selectors as survey_selectors

    monkeypatch.delattr(survey_selectors, "nps_points", raising=False)
    kpi = make_kpi(project, owner, name="NPS", kind="nps", target=20)
    assert card_for(project, kpi).status is Status.NO_DATA


# Pages


def test_the_dashboard_explains_what_to_do_when_empty(client, project, members):
    client.force_login(members["viewer"])
    page = client.get(reverse("kpis:dashboard", args=[project.slug])).content.decode()
    assert "No KPIs yet" in page and "Add the first KPI" not in page


def test_the_dashboard_shows_cards_with_charts_and_filters(client, project, members):
    owner = members["owner"]
    group = project.stakeholder_groups.first()
    tickets = make_kpi(project, owner)
    make_kpi(project, owner, name="Referrals", kind="referrals", target=3, group=group)
    for n in range(3):
        services.kpi_value_set(
            actor=owner, kpi=tickets, period=this_week() - timedelta(weeks=n), value=20 - n
        )
    client.force_login(members["viewer"])
    url = reverse("kpis:dashboard", args=[project.slug])
    response = client.get(url)
    page = response.content.decode()
    assert "<svg" in page and "below target" in page and "style=" not in page.split("<main")[1]
    filtered = client.get(url, {"group": group.uuid.hex})
    assert [c.kpi.name for c in filtered.context["cards"]] == ["Referrals"]


@pytest.mark.parametrize("extra", [1, 4])
def test_the_dashboard_query_count_does_not_grow(
    client, project, members, extra, django_assert_num_queries
):
    owner = members["owner"]
    add_usage(project, "HR", [10] * (extra * 8))
    services.licensed_department_save(actor=owner, project=project, name="HR", licensed_users=20)
    kinds = [
        "support_tickets",
        "adoption_rate",
        "stickiness",
        "retention",
        "success_stories",
        "training_engagement",
        "nps",
        "referrals",
    ]
    for n in range(extra * len(kinds)):
        kpi = make_kpi(project, owner, name=f"K{n}", kind=kinds[n % len(kinds)])
        if kpi.kind in ("support_tickets", "referrals"):
            for w in range(extra * 4):
                services.kpi_value_set(
                    actor=owner, kpi=kpi, period=this_week() - timedelta(weeks=w), value=w
                )
    client.force_login(owner)
    # session with its user, membership with the project version, the released answers (the cache
    # key); groups, KPIs, values, usage, licences, stories, training, and the departments
    with django_assert_num_queries(12):
        response = client.get(reverse("kpis:dashboard", args=[project.slug]))
    assert len(response.context["cards"]) == extra * len(kinds)
    with django_assert_num_queries(3):  # the same version again: the board from the cache
        again = client.get(reverse("kpis:dashboard", args=[project.slug]))
    assert again.context["sections"] == response.context["sections"]
    assert response.context["sections"]["content"].count('class="card kpi') == extra * len(kinds)


def test_an_editor_adds_edits_and_deletes_a_kpi(client, project, members):
    client.force_login(members["editor"])
    create = reverse("kpis:kpi_create", args=[project.slug])
    response = client.post(create, {"name": "Tickets", "kind": "support_tickets", "target": 8})
    assert response.status_code == 302
    kpi = Kpi.objects.get(project=project)
    assert kpi.direction == "lower"
    edit = reverse("kpis:kpi_edit", args=[project.slug, kpi.uuid])
    response = client.post(
        edit, {"name": "Tickets", "target": 6, "direction": "lower", "version": kpi.version}
    )
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.target == 6
    value = reverse("kpis:kpi_value_add", args=[project.slug, kpi.uuid])
    assert client.post(value, {"period": "2026-09-16", "value": "5"}).status_code == 302
    assert KpiValue.objects.get(kpi=kpi).period.isoformat() == "2026-09-14"
    client.post(reverse("kpis:kpi_delete", args=[project.slug, kpi.uuid]))
    assert not Kpi.objects.exists()


def test_a_viewer_cannot_add_a_kpi(client, project, members):
    client.force_login(members["viewer"])
    response = client.post(
        reverse("kpis:kpi_create", args=[project.slug]),
        {"name": "T", "kind": "referrals", "target": 1},
    )
    assert response.status_code == 403 and not Kpi.objects.exists()


def values_file(text: str, name="values.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_values_import_reads_an_excel_csv(client, project, members):
    owner = members["owner"]
    kpi = make_kpi(project, owner, name="Støtte")
    client.force_login(owner)
    text = "Nøkkeltall;Dato;Verdi\r\nStøtte;14.09.2026;12,5\r\nstøtte;21.09.2026;9\r\n"
    response = client.post(
        reverse("kpis:kpi_values_import", args=[project.slug]), {"file": values_file(text)}
    )
    assert response.status_code == 302
    assert list(KpiValue.objects.filter(kpi=kpi).values_list("value", flat=True)) == [12.5, 9]


def test_values_import_is_all_or_nothing(client, project, members):
    owner = members["owner"]
    make_kpi(project, owner)
    make_kpi(project, owner, name="Adoption", kind="adoption_rate", target=50)
    client.force_login(owner)
    text = "kpi,period,value\nTickets,2026-09-14,4\nTickets,someday,x\nAdoption,2026-09-14,3\n"
    response = client.post(
        reverse("kpis:kpi_values_import", args=[project.slug]), {"file": values_file(text)}
    )
    assert response.status_code == 200
    lines = {(line, column) for line, column, _m in response.context["errors"]}
    assert lines == {(3, "period"), (3, "value"), (4, "kpi")}
    assert not KpiValue.objects.exists()


@pytest.mark.parametrize(
    "header", [("kpi", "period", "value"), ("Nøkkeltall", "Dato", "Verdi")], ids=["en", "nb"]
)
def test_values_import_lists_every_problem_under_the_files_headers(
    client, project, members, header
):
    from method.kpis import MAX_ERRORS

    owner = members["owner"]
    make_kpi(project, owner)
    client.force_login(owner)
    kpi, period, value = header
    bad = "Nothing;31.02.2026;mange\n"  # three problems a row
    text = ";".join(header) + "\nTickets;2026-09-14;4\n" + bad * (MAX_ERRORS // 3 + 2)
    response = client.post(
        reverse("kpis:kpi_values_import", args=[project.slug]), {"file": values_file(text)}
    )
    errors = response.context["errors"]
    assert [(line, column) for line, column, _m in errors[:3]] == [
        (3, kpi),
        (3, period),
        (3, value),
    ]
    total = 3 * (MAX_ERRORS // 3 + 2)
    assert len(errors) == MAX_ERRORS + 1
    assert response.context["error_count"] == total
    assert f"and {total - MAX_ERRORS} more problems, not listed here" in errors[-1][2]
    assert not KpiValue.objects.exists()


def test_values_import_refuses_an_empty_file(client, project, members):
    client.force_login(members["owner"])
    response = client.post(
        reverse("kpis:kpi_values_import", args=[project.slug]), {"file": values_file("\n\n")}
    )
    assert response.status_code == 200 and response.context["file_error"]


def test_the_samples_import(client, project, members, tmp_path):
    owner = members["owner"]
    for name, kind in [
        ("Support tickets", "support_tickets"),
        ("Meeting attendance", "meeting_attendance"),
        ("Referrals to other departments", "referrals"),
    ]:
        make_kpi(project, owner, name=name, kind=kind)
    client.force_login(owner)
    sample = client.get(reverse("kpis:kpi_sample", args=[project.slug]))
    data = b"".join(sample.streaming_content)
    response = client.post(
        reverse("kpis:kpi_values_import", args=[project.slug]),
        {"file": SimpleUploadedFile("kpis.csv", data)},
    )
    assert response.status_code == 302 and KpiValue.objects.count() == 7
    usage = client.get(reverse("kpis:usage_sample", args=[project.slug]))
    path = tmp_path / "usage.csv"
    path.write_bytes(b"".join(usage.streaming_content))
    record = services.usage_import(actor=owner, project=project, path=path, filename="usage.csv")
    assert record.weeks == 4


def test_below_target_shows_on_the_project_overview(client, project, members):
    owner = members["owner"]
    kpi = make_kpi(project, owner)
    services.kpi_value_set(actor=owner, kpi=kpi, period=this_week(), value=30)
    assert [c.kpi for c in selectors.below_target(project)] == [kpi]
    client.force_login(members["viewer"])
    page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "KPIs below target" in page and reverse("kpis:dashboard", args=[project.slug]) in page


def test_a_kpi_name_cannot_add_attributes_to_its_chart(client, project, members):
    owner = members["owner"]
    kpi = make_kpi(project, owner, name='x" hx-post="/accounts/logout/" hx-trigger="load')
    for n in range(2):
        services.kpi_value_set(
            actor=owner, kpi=kpi, period=this_week() - timedelta(weeks=n), value=5
        )
    client.force_login(owner)
    page = client.get(reverse("kpis:dashboard", args=[project.slug])).content.decode()
    assert 'hx-post="/accounts/logout/"' not in page
    assert "x&quot; hx-post=&quot;/accounts/logout/&quot;" in page


def test_a_values_file_over_the_cap_is_refused_before_it_is_read(
    client, project, members, monkeypatch
):
    from samspill.kpis.forms import KpiValuesImportForm

    monkeypatch.setattr(KpiValuesImportForm.base_fields["file"], "max_bytes", 10)
    client.force_login(members["owner"])
    upload = SimpleUploadedFile("values.csv", b"kpi,period,value\nTickets,2026-01-05,3\n")
    response = client.post(reverse("kpis:kpi_values_import", args=[project.slug]), {"file": upload})
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not KpiValue.objects.exists()
