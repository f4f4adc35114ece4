import pytest

from samspill.overview.demo import demo_load
from samspill.transfer.exporting import project_export_json
from samspill.transfer.importing import project_import
from samspill.transfer.tests.helpers import assert_same_export, demo_owner, export, normalised

pytestmark = pytest.mark.django_db


def test_kpis_usage_and_stories_survive_export_and_import():
    project, _ = demo_load()  # which seeds the KPI demo data
    first = export(project)
    owner = demo_owner()
    report = project_import(
        actor=owner,
        data=project_export_json(project, actor=owner),
        filename="p.json",
        keep_members=True,
    )
    assert_same_export(first, normalised(export(report.project), report.uuid_map))
    from samspill.kpis.models import Kpi, UsageWeek

    assert UsageWeek.objects.filter(project=report.project).count() == 48
    assert Kpi.objects.filter(project=report.project).count() == 5
