import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from conftest import PASSWORD


@pytest.mark.django_db
def test_a_too_long_username_is_a_form_error_and_no_recorded_attempt(client):
    response = client.post(reverse("login"), {"username": "x" * 100_000, "password": "secret"})

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_wrong_password_is_still_recorded_and_the_right_one_signs_in(client, make_user):
    make_user(username="kari")

    client.post(reverse("login"), {"username": "kari", "password": "wrong"})
    assert AccessAttempt.objects.get().failures_since_start == 1

    response = client.post(reverse("login"), {"username": "kari", "password": PASSWORD})
    assert response.status_code == 302
