import datetime as dt

import pytest
from django.urls import reverse

from samspill.aifile import services
from samspill.desk.services import request_receive
from samspill.stakeholders.services import person_create


def _fill(project, owner, n):
    group = project.stakeholder_groups.get(preset_key="employees")
    for index in range(n):
        information = services.worker_information_record(
            actor=owner,
            project=project,
            group=group,
            informed_on=dt.date(2026, 10, 1),
            how="letter",
            ack_mode="person",
        )
        person_create(actor=owner, project=project, group=group, name=f"P{index}")
        for _person, token in services.ack_links_create(actor=owner, information=information):
            services.ack_confirm(ack=services.ack_by_token(token))
        record = services.literacy_record_create(
            actor=owner,
            project=project,
            role=f"R{index}",
            received="Course",
            received_on=dt.date(2026, 9, 1),
        )
        services.overseer_create(
            actor=owner, project=project, name=f"O{index}", authority="Stops", literacy=[record]
        )
        request_receive(
            actor=owner, project=project, decision="d", channel="email", email="a@example.org"
        )


# From one row on: with no overseer, the prefetch of their records makes no query.
@pytest.mark.parametrize("extra", [1, 5])
def test_the_file_page_query_count_is_constant(
    client, project, owner, extra, django_assert_num_queries
):
    _fill(project, owner, extra)
    client.force_login(owner)
    with django_assert_num_queries(13):
        client.get(reverse("aifile:file", args=[project.slug]))


@pytest.mark.parametrize("extra", [0, 5])
def test_the_desk_query_count_is_constant(client, project, owner, extra, django_assert_num_queries):
    _fill(project, owner, extra)
    client.force_login(owner)
    with django_assert_num_queries(5):
        client.get(reverse("desk:list", args=[project.slug]))
