"""KPIs and their values, survey results (released aggregates only), and imports."""

import datetime as dt
import uuid

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status, UploadedFile

from method.roles import Capability
from method.surveys import result_rows
from samspill.api.auth import api_project
from samspill.api.jobs import run_import
from samspill.api.models import ApiJob
from samspill.api.paging import BadRequest, Page, paginate
from samspill.api.stakeholders import ListQuery
from samspill.api.types import Day, Input, Number
from samspill.core import clock
from samspill.kpis import services as kpi_services
from samspill.kpis.models import Kpi
from samspill.surveys import selectors as survey_selectors
from samspill.surveys.models import Survey

router = Router(tags=["measure"])


class KpiOut(Schema):
    uuid: uuid.UUID
    name: str
    kind: str
    unit: str
    period: str
    target: float | None
    direction: str
    version: int


class KpiPage(Page):
    items: list[KpiOut]


class KpiValueIn(Input):
    period: Day
    value: Number


class KpiValueOut(Schema):
    kpi: uuid.UUID
    period: dt.date
    value: float


class SurveyOut(Schema):
    uuid: uuid.UUID
    title: str
    status: str
    k: int
    opens_on: dt.date | None
    closes_on: dt.date | None


class SurveyPage(Page):
    items: list[SurveyOut]


class ResultsOut(Schema):
    survey: uuid.UUID
    header: list[str]
    rows: list[list[str | int | float | None]]


class JobProgressOut(Schema):
    done: int
    total: int


class JobOut(Schema):
    uuid: uuid.UUID
    kind: str
    filename: str
    status: str
    progress: JobProgressOut
    result: dict
    errors: list[str]
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get("/{slug}/kpis", response=KpiPage, operation_id="kpis_list")
def kpis_list(request, slug: str, query: Query[ListQuery]):
    api = api_project(request, slug, Capability.VIEW)
    return paginate(
        request, Kpi.objects.filter(project=api.project), project=api.project, **query.dict()
    )


@router.post(
    "/{slug}/kpis/{kpi_uuid}/values", response={201: KpiValueOut}, operation_id="kpi_values_set"
)
def kpi_values_set(request, slug: str, kpi_uuid: uuid.UUID, body: KpiValueIn):
    """Enter a hand-kept value; it replaces the period's earlier one. Derived KPIs refuse."""
    import math

    api = api_project(request, slug, Capability.EDIT)
    kpi = get_object_or_404(
        Kpi.objects.select_related("project"), project=api.project, uuid=kpi_uuid
    )
    if not math.isfinite(body.value) or abs(body.value) > 1e15:
        raise BadRequest("The value must be a finite number of at most 10^15.", "validation")
    kpi_services.kpi_value_set(actor=api.user, kpi=kpi, period=body.period, value=body.value)
    return Status(201, {"kpi": kpi.uuid, "period": body.period, "value": body.value})


@router.get("/{slug}/surveys", response=SurveyPage, operation_id="surveys_list")
def surveys_list(request, slug: str, query: Query[ListQuery]):
    api = api_project(request, slug, Capability.VIEW)
    query_values = query.dict()
    query_values.pop("updated_since")  # answers are never audited; surveys page by cursor
    return paginate(
        request, Survey.objects.filter(project=api.project), project=api.project, **query_values
    )


@router.get(
    "/{slug}/surveys/{survey_uuid}/results", response=ResultsOut, operation_id="survey_results"
)
def survey_results(request, slug: str, survey_uuid: uuid.UUID):
    """The released results, masked below k as on the page and in its CSV: aggregates
    only, never a single answer."""
    api = api_project(request, slug, Capability.VIEW)
    survey = get_object_or_404(Survey, project=api.project, uuid=survey_uuid)
    labels = dict(survey.audiences.values_list("id", "label"))
    header, rows = result_rows(survey_selectors.results_of(survey, labels))
    return {"survey": survey.uuid, "header": header, "rows": rows}


def _enqueue(request, slug: str, kind: str, upload: UploadedFile, options: dict):
    api = api_project(request, slug, Capability.EDIT)
    if upload.size > settings.API_MAX_BODY_BYTES:
        raise BadRequest("The file is too large.", "too-large")
    name = (upload.name or "upload")[:200]
    job = ApiJob.objects.create(
        project=api.project,
        user=api.user,
        kind=kind,
        filename=name,
        data=upload.read(),
        options=options,
        created_at=clock.now(),
    )
    result = run_import.enqueue(str(job.uuid))
    ApiJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return Status(202, job)


@router.post("/{slug}/imports/usage", response={202: JobOut}, operation_id="usage_import")
def usage_import(request, slug: str, file: File[UploadedFile]):
    """A usage log (CSV, JSON lines or Parquet); pseudonymised and aggregated by the job."""
    return _enqueue(request, slug, "usage", file, {})


@router.post(
    "/{slug}/imports/pilot",
    response={202: JobOut},
    operation_id="pilot_import",
    openapi_extra={
        "parameters": [
            {
                "name": "attributes",
                "in": "query",
                "required": False,
                "description": "The file's group columns, comma-separated.",
                "schema": {"type": "string", "maxLength": 500, "pattern": "^[^\\x00]*$"},
            }
        ]
    },
)
def pilot_import(request, slug: str, file: File[UploadedFile]):
    """A pilot case file; `attributes` names its group columns, comma-separated."""
    # Read here: a declared query parameter lost its default beside the upload (ninja).
    attributes = request.GET.get("attributes", "")
    if len(attributes) > 500 or "\x00" in attributes:
        raise BadRequest("attributes: at most 500 characters, no NUL.", "validation")
    names = [name.strip() for name in attributes.split(",") if name.strip()]
    return _enqueue(request, slug, "pilot", file, {"attributes": names})


@router.get("/{slug}/jobs/{job_uuid}", response=JobOut, operation_id="jobs_get")
def jobs_get(request, slug: str, job_uuid: uuid.UUID):
    api = api_project(request, slug, Capability.VIEW)
    return get_object_or_404(ApiJob, project=api.project, uuid=job_uuid)
