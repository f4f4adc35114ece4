import pytest
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.business.models import BusinessCaseInputs
from samspill.business.services import business_case_save

VALID = {
    "currency": "NOK",
    "hours_saved_per_week": "10",
    "hours_saved_per_year": "",
    "hourly_cost": "500",
    "users": "1",
    "share_affected": "100",
    "weeks_per_year": "45",
    "hours_per_week": "37.5",
    "licence_setup_cost": "30000",
    "implementation_cost": "15000",
    "training_cost": "5000",
    "annual_running_cost": "60000",
    "ramp": "20, 40, 60, 80",
    "horizon_months": "36",
    "conservative_hours_pct": "70",
    "conservative_cost_pct": "120",
    "optimistic_hours_pct": "130",
    "optimistic_cost_pct": "90",
    "training_share_target_pct": "10",
    "problem": "",
    "risks": "",
}


def roi_url(project, name="business:roi"):
    return reverse(name, args=[project.slug])


def test_page_shows_example_figures_before_anything_is_saved(client, project, owner):
    client.force_login(owner)
    page = client.get(roi_url(project)).content.decode()
    assert "225,000 NOK" in page  # 10 h/week × 45 weeks × 500
    assert "over all 52 weeks the same hours would give 260,000 NOK" in page
    assert "Not saved yet" in page


def test_preview_returns_only_the_results_and_saves_nothing(client, project, owner):
    client.force_login(owner)
    response = client.post(
        roi_url(project, "business:roi_preview"), {**VALID, "hourly_cost": "600"}
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "270,000 NOK" in body
    assert not BusinessCaseInputs.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"licence_setup_cost": "-100"}, "licence_setup_cost", "A cost cannot be negative."),
        ({"hours_saved_per_week": "0"}, "hours_saved_per_week", "Must be more than zero."),
        (
            {"hours_saved_per_week": "45"},
            "hours_saved_per_week",
            "More hours saved than are worked",
        ),
        ({"hours_saved_per_year": "100"}, None, "not both"),
        ({"ramp": "20, lots"}, "ramp", "Write percentages separated by commas"),
        (
            {"conservative_hours_pct": "150"},
            "conservative_hours_pct",
            "Conservative hours must be at most 100 %",
        ),
    ],
)
def test_bad_input_is_named_at_the_field(client, project, owner, changes, field, message):
    client.force_login(owner)
    response = client.post(roi_url(project), {**VALID, **changes})
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "hours_saved_per_week", []) + form.non_field_errors()
    assert any(message in str(error) for error in errors), form.errors
    assert not BusinessCaseInputs.objects.exists()


def test_preview_of_bad_input_lists_the_problem(client, project, owner):
    client.force_login(owner)
    body = client.post(
        roi_url(project, "business:roi_preview"), {**VALID, "hours_saved_per_week": "0"}
    ).content.decode()
    assert "Fix the highlighted fields" in body
    assert "Must be more than zero." in body


def test_saving_keeps_the_figures_and_audits_them(client, project, owner):
    client.force_login(owner)
    response = client.post(roi_url(project), {**VALID, "currency": "EUR"})
    assert response.status_code == 302
    saved = project.business_case
    assert (saved.currency, saved.hourly_cost) == ("EUR", 500)
    entry = AuditEntry.objects.get(object_type="business.businesscaseinputs")
    assert entry.changes["annual_running_cost"] == [None, "60000"]
    client.post(roi_url(project), {**VALID, "currency": "EUR", "hourly_cost": "550", "version": 1})
    update = AuditEntry.objects.filter(
        object_type="business.businesscaseinputs", action="update"
    ).get()
    assert update.changes == {"hourly_cost": ["500", "550"]}


def test_a_stale_save_is_refused(client, project, owner):
    business_case_save(actor=owner, project=project, expected_version=None, hours_saved_per_week=5)
    business_case_save(actor=owner, project=project, expected_version=1, hourly_cost=700)
    client.force_login(owner)
    response = client.post(roi_url(project), {**VALID, "version": 1})
    assert "Someone else saved this" in response.content.decode()
    project.business_case.refresh_from_db()
    assert project.business_case.hourly_cost == 700


def test_a_viewer_sees_results_but_cannot_save(client, project, members):
    client.force_login(members["viewer"])
    page = client.get(roi_url(project)).content.decode()
    assert "Does it pay?" in page and '<form method="post" class="stack roi-form"' not in page
    assert client.post(roi_url(project), VALID).status_code == 403
    assert not BusinessCaseInputs.objects.exists()


@pytest.mark.parametrize("saved", [False, True])
def test_roi_page_query_count_is_constant(client, project, owner, saved, django_assert_num_queries):
    if saved:
        business_case_save(
            actor=owner, project=project, expected_version=None, hours_saved_per_week=5
        )
    client.force_login(owner)
    with django_assert_num_queries(4):
        client.get(roi_url(project))


@pytest.mark.parametrize("ramp", ["NaN", "sNaN", "20, NaN, 60", "-Infinity"])
def test_a_viewer_previewing_a_ramp_that_is_no_number_gets_a_form_error(
    client, project, members, ramp
):
    client.force_login(members["viewer"])
    response = client.post(roi_url(project, "business:roi_preview"), {**VALID, "ramp": ramp})
    assert response.status_code == 200
    assert "Write percentages separated by commas" in response.content.decode()


@pytest.mark.parametrize("ramp", ["NaN", "sNaN"])
def test_saving_a_ramp_of_nan_is_refused_at_the_field(client, project, members, ramp):
    client.force_login(members["viewer"])
    assert client.post(roi_url(project), {**VALID, "ramp": ramp}).status_code == 403
    client.force_login(members["editor"])
    response = client.post(roi_url(project), {**VALID, "ramp": ramp})
    assert response.status_code == 400
    assert "Write percentages" in str(response.context["form"].errors["ramp"])
    assert not BusinessCaseInputs.objects.exists()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e308"])
def test_an_odd_number_in_a_figure_is_a_form_error(client, project, owner, value):
    client.force_login(owner)
    response = client.post(roi_url(project), {**VALID, "hourly_cost": value})
    assert response.status_code == 400
    assert response.context["form"].errors["hourly_cost"]


def test_a_stored_ramp_of_nan_is_refused_by_the_model_too(project):
    """An imported project goes through full_clean, not the form."""
    from django.core.exceptions import ValidationError

    inputs = BusinessCaseInputs(project=project, hours_saved_per_week=10, ramp="20, NaN")
    with pytest.raises(ValidationError) as refused:
        inputs.full_clean()
    assert "ramp" in refused.value.message_dict
