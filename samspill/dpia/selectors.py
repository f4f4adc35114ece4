"""Reads of the DPIA that the page, the documents and the exports share."""

from dataclasses import dataclass

from samspill.dpia.models import Action, Dpia, Opinion, Outcome, Risk


@dataclass
class DpiaData:
    dpia: Dpia
    risks: list[Risk]
    actions: list[Action]
    opinions: dict[str, Opinion]  # by OpinionKind


def dpia_for(project) -> Dpia | None:
    """The DPIA with its one-to-one parts, in one query; None before it is started."""
    return (
        Dpia.objects.select_related("project", "context", "principles", "decision")
        .filter(project=project)
        .first()
    )


def dpia_data(project) -> DpiaData | None:
    """Everything the DPIA holds, in four queries whatever its size."""
    dpia = dpia_for(project)
    if dpia is None:
        return None
    return DpiaData(
        dpia=dpia,
        risks=list(dpia.risks.all()),
        actions=list(dpia.actions.all()),
        opinions={opinion.kind: opinion for opinion in dpia.opinions.all()},
    )


def dpia_done(project) -> bool | None:
    """For the diagnostics snapshot: None while no DPIA is started, else whether a decision
    to go ahead (with or without conditions) is recorded."""
    row = Dpia.objects.filter(project=project).values_list("decision__outcome").first()
    if row is None:
        return None
    return row[0] in (Outcome.GO, Outcome.GO_WITH_CONDITIONS)
