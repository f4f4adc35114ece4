"""Pasted lists for a survey's audiences and invitations: a huge paste gets a clear error and
creates nothing, and is not read further than the limit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samspill.surveys.forms import MAX_ADDRESSES
from samspill.surveys.models import Audience, Invitation, Survey
from samspill.surveys.services import MAX_AUDIENCES
from samspill.surveys.tests.conftest import make_survey


def create(client, project, departments: str):
    return client.post(
        reverse("surveys:create", args=[project.slug]),
        {
            "title": "Pulse",
            "language": "en",
            "k": "5",
            "link_mode": "open",
            "reminder_mode": "drop",
            "departments": departments,
        },
    )


@pytest.mark.parametrize(
    "departments",
    [
        "\n".join(f"Department {n}" for n in range(MAX_AUDIENCES + 1)),
        # About 2 MB posted, under Django's limit on a form's size: one audience a line.
        "\n".join(f"D{n}" for n in range(200_000)),
    ],
    ids=["one-too-many", "two-megabytes"],
)
def test_a_pasted_list_of_too_many_departments_is_refused(client, project, owner, departments):
    client.force_login(owner)
    response = create(client, project, departments)
    assert response.status_code == 200
    assert f"At most {MAX_AUDIENCES} audiences in one survey." in response.content.decode()
    assert not Survey.objects.exists()
    assert not Audience.objects.exists()


def test_the_service_refuses_too_many_audiences_too(project, owner):
    with pytest.raises(ValidationError):
        make_survey(project, owner, departments=[f"D{n}" for n in range(MAX_AUDIENCES + 1)])
    assert not Survey.objects.exists()


def test_a_paste_of_too_many_addresses_is_refused_before_it_is_all_read(
    client, project, owner, open_survey
):
    addresses = "\n".join(f"person{n}@example.no" for n in range(MAX_ADDRESSES + 1))
    client.force_login(owner)
    response = client.post(
        reverse("surveys:send", args=[project.slug, open_survey.uuid]),
        {
            "send-audience": str(open_survey.audiences.get(label="HR").uuid),
            "send-addresses": addresses,
        },
    )
    assert response.status_code == 200
    assert "At most 5000 addresses at a time." in response.content.decode()
    assert not Invitation.objects.exists()
