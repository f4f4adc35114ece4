"""The export reads a fixed number of queries whatever the project's size."""

import pytest
from django.urls import reverse

from samspill.overview.demo import demo_load
from samspill.transfer.exporting import project_export, project_export_json
from samspill.transfer.importing import project_import
from samspill.transfer.schema import project_models
from samspill.transfer.tests.helpers import demo_owner, rich_project

pytestmark = pytest.mark.django_db


def export_queries() -> int:
    many = sum(1 for plan in project_models() for f in plan.fields if f.field.many_to_many)
    # the project, each model, each many-to-many, the accounts, both parts of the trail,
    # and the savepoint the snapshot's transaction is inside a test (set and released)
    return 1 + len(project_models()) + many + 1 + 2 + 2


def test_the_export_reads_one_query_per_model_and_relation(django_assert_num_queries):
    small, _created = demo_load()
    with django_assert_num_queries(export_queries()):
        project_export(small)
    large = rich_project()
    with django_assert_num_queries(export_queries()):
        project_export(large)


def test_the_imported_history_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    project, _created = demo_load()
    owner = demo_owner()
    data = project_export_json(project, actor=owner)
    copy = project_import(actor=owner, data=data, filename="d.json").project
    client.force_login(owner)
    url = reverse("transfer:history", args=[copy.slug])
    # session, user, membership; the check's rows; the page's count and rows
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_export_outside_any_transaction_reads_one_snapshot():
    """Here the export starts the transaction itself (on PostgreSQL: REPEATABLE READ)."""
    project, _created = demo_load()
    document = project_export(project)
    assert len(document["objects"]["stakeholders.person"]) == project.people.count()
