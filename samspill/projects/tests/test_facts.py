"""Settings → Project facts: one place for the employer, representatives, contact and DPO."""

from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.guarantees.models import ApplicabilityCheck
from samspill.guarantees.services import answers_of, applicability_save

FACTS = {
    "employer_name": "Nordlys Energi AS",
    "org_number": "974 760 673",
    "employee_representatives": "the union representatives of Fagforbundet",
    "contact_person": "Kari Nordmann, kari@example.org",
    "dpo": "Per Vern, personvern@example.org",
    "public_employer": "True",
}


def test_an_editor_fills_in_the_facts_and_the_change_is_audited(client, project, members):
    client.force_login(members["editor"])
    url = reverse("projects:facts", args=[project.slug])
    response = client.post(url, {**FACTS, "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.employer_name == "Nordlys Energi AS" and project.public_employer is True
    assert AuditEntry.objects.filter(object_type="projects.project", action="update").exists()


def test_a_wrong_norwegian_organisation_number_is_refused_and_nothing_is_saved(
    client, project, members
):
    client.force_login(members["owner"])
    url = reverse("projects:facts", args=[project.slug])
    data = {**FACTS, "org_number": "974 760 674", "version": project.version}
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert "not a valid Norwegian organisation number" in response.content.decode()
    project.refresh_from_db()
    assert project.employer_name == ""


def test_a_foreign_registry_number_is_kept_as_typed_in_an_english_project(client, project, members):
    client.force_login(members["owner"])
    url = reverse("projects:facts", args=[project.slug])
    client.post(url, {**FACTS, "org_number": "HRB 12345", "version": project.version})
    project.refresh_from_db()
    assert project.org_number == "HRB 12345"


def test_public_employer_has_one_source_for_the_facts_panel_and_the_fria_rule(project, owner):
    """Answering the applicability check sets the project fact; the check reads it back."""
    answers = {
        "country": "NO",
        "employees": 200,
        "purpose": "recruitment",
        "scores_people": True,
        "decides_alone": False,
        "emotion_recognition": False,
        "affects_employees": False,
        "monitors_employees": False,
        "chatbot": False,
        "biometric_categorisation": False,
        "german_site": False,
    }
    applicability_save(
        actor=owner, project=project, expected_version=None, public_employer=True, **answers
    )
    project.refresh_from_db()
    assert project.public_employer is True
    check = ApplicabilityCheck.objects.get(project=project)
    assert answers_of(check).public_employer is True
    project.public_employer = False
    project.save(update_fields=["public_employer"])
    check = ApplicabilityCheck.objects.get(project=project)
    assert answers_of(check).public_employer is False
