"""Reads of the AI Act file that views, the gate and the export share."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from method import aifile as rules
from samspill.aifile.models import (
    Acknowledgement,
    FileSettings,
    LiteracyRecord,
    MonitoringEvent,
    Overseer,
    WorkerInformation,
)
from samspill.stakeholders.models import StakeholderGroup

# Until the owner chooses, the groups the catalog calls the affected ones.
DEFAULT_AFFECTED = ("employees", "union")


def applicability_answers(project):
    """The applicability answers; read with getattr, as the public-employer and chatbot
    questions are newer than this app's first version."""
    from samspill.guarantees.models import ApplicabilityCheck

    check = ApplicabilityCheck.objects.filter(project=project).first()
    if check is not None:
        check.project = project  # public_employer is read from the project, without a query
    return check


def file_settings(project) -> FileSettings | None:
    return FileSettings.objects.filter(project=project).first()


def affected_groups(project) -> list[StakeholderGroup]:
    settings = file_settings(project)
    if settings is not None:
        return list(settings.affected_groups.order_by("position", "name"))
    return list(StakeholderGroup.objects.filter(project=project, preset_key__in=DEFAULT_AFFECTED))


def worker_information_gaps(project) -> list[StakeholderGroup]:
    """The affected groups with no recorded information (Art. 26(7)): the rollout gate
    stays closed while this is not empty. One query: the gate is on every dashboard."""
    chosen = FileSettings.affected_groups.through.objects.filter(
        filesettings__project=project, stakeholdergroup=OuterRef("pk")
    )
    unset = ~Exists(FileSettings.objects.filter(project=project))
    groups = (
        StakeholderGroup.objects.filter(project=project)
        .filter(Exists(chosen) | (unset & Q(preset_key__in=DEFAULT_AFFECTED)))
        .annotate(informed=Exists(WorkerInformation.objects.filter(group=OuterRef("pk"))))
        .order_by("position", "name")
    )
    groups = list(groups)
    return rules.uninformed(groups, [g for g in groups if g.informed])


@dataclass
class GroupInformation:
    group: StakeholderGroup
    rounds: list[WorkerInformation]

    @property
    def informed(self) -> bool:
        return bool(self.rounds)


def information_by_group(project) -> list[GroupInformation]:
    rounds = (
        WorkerInformation.objects.filter(project=project)
        .select_related("group", "letter__draft")
        .annotate(
            confirmed=Count(
                "acknowledgements", filter=Q(acknowledgements__confirmed_at__isnull=False)
            ),
            links=Count("acknowledgements", filter=Q(acknowledgements__via="link")),
        )
    )
    by_group: dict[int, list] = {}
    for item in rounds:
        by_group.setdefault(item.group_id, []).append(item)
    shown = affected_groups(project)
    extra = [r[0].group for key, r in by_group.items() if key not in {g.pk for g in shown}]
    return [GroupInformation(g, by_group.get(g.pk, [])) for g in [*shown, *extra]]


def confirmed_acknowledgements(project):
    return (
        Acknowledgement.objects.filter(information__project=project, confirmed_at__isnull=False)
        .select_related("information__group", "person")
        .order_by("-confirmed_at")
    )


@dataclass
class OversightRow:
    overseer: Overseer
    records: list[LiteracyRecord]


def oversight(project) -> list[OversightRow]:
    people = Overseer.objects.filter(project=project).prefetch_related("literacy")
    return [OversightRow(o, list(o.literacy.all())) for o in people]


def overseers_without_literacy(rows: list[OversightRow]) -> list[str]:
    return rules.without_literacy(
        rules.Overseer(row.overseer.name, len(row.records)) for row in rows
    )


def literacy_records(project):
    return LiteracyRecord.objects.filter(project=project).select_related("session")


def monitoring_events(project):
    return MonitoringEvent.objects.filter(project=project)
