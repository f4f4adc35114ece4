import pytest
from django.urls import reverse


@pytest.mark.parametrize("value", ["\x00", "Pay\x00roll", "x" * 5000, "%", "' OR 1=1 --"])
def test_a_kpi_department_filter_with_odd_text_answers_normally(client, project, owner, value):
    client.force_login(owner)
    response = client.get(reverse("kpis:dashboard", args=[project.slug]), {"department": value})
    assert response.status_code == 200
