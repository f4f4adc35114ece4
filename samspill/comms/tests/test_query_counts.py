"""The planner's and the arsenal's pages make the same number of queries however full they get."""

import datetime as dt

import pytest
from django.urls import reverse

from samspill.comms import services
from samspill.objections.services import objection_log, objection_update

# The facts read the union and DPO groups of the map (two queries) where a message may name them.
PAGES = {
    "comms:calendar": 9,
    "comms:messages": 11,
    "comms:consistency": 15,
    "objections:list": 7,
    "objections:library": 12,
}


def fill(project, owner, count: int) -> None:
    groups = list(project.stakeholder_groups.all())
    message = services.message_create(
        actor=owner,
        project=project,
        audience="employees",
        title="Promise",
        body="Nobody loses their job because of {tool}.",
    )
    for n in range(count):
        services.communication_create(
            actor=owner,
            project=project,
            title=f"Talk {n}",
            date=dt.date(2026, 9, 1) + dt.timedelta(days=n),
            channel="meeting",
            status=["planned", "sent", "done"][n % 3],
            message=message,
            groups=[groups[n % len(groups)]],
        )
        objection = objection_log(
            actor=owner,
            project=project,
            text="Will this tool replace us?",
            raised_on=dt.date(2026, 9, 1),
            group=groups[n % len(groups)],
        )
        if n % 2:
            objection_update(
                actor=owner,
                objection=objection,
                expected_version=1,
                status="answered",
                answer="No.",
            )


@pytest.mark.parametrize("count", [3, 12])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_data(
    client, project, owner, django_assert_num_queries, name, count
):
    fill(project, owner, count)
    client.force_login(owner)
    with django_assert_num_queries(PAGES[name]):
        assert client.get(reverse(name, args=[project.slug])).status_code == 200
