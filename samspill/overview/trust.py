"""Reads for the TRUST page and the dashboard: readiness, gates, checklists."""

from dataclasses import dataclass, field, replace

from django.db.models import Min
from django.utils.translation import gettext as _

from method.aifile import WORKER_INFORMED, WORKER_INFORMED_GATE
from method.catalog import GatePreset, TrustStep, trust_catalog
from method.legal import gate_for
from method.readiness import (
    FAIRNESS_CLEAR,
    UNION_HEARD,
    GateResult,
    ItemState,
    ItemStatus,
    Readiness,
    evaluate_gate,
    readiness,
)
from samspill.aifile.selectors import worker_information_gaps
from samspill.core import clock
from samspill.pilot.models import PilotImport
from samspill.rollout.models import Phase
from samspill.stakeholders.models import StakeholderGroup
from samspill.trust.models import ChecklistItem, GateOverride, Step


@dataclass
class GateView:
    result: GateResult
    phase: Phase | None
    missing_titles: list[str]
    override: GateOverride | None
    # (title, checklist item or None) per missing key: an item can be marked done from the gate.
    missing: list[tuple[str, ChecklistItem | None]] = field(default_factory=list)


@dataclass
class TrustOverview:
    readiness: Readiness
    steps: list[tuple[str, str, list[ChecklistItem], object]]  # key, label, items, step readiness
    gates: list[GateView]

    @property
    def next_gate(self) -> GateView | None:
        return next((g for g in self.gates if not g.result.open), None)


def _union_first_engaged(project):
    return StakeholderGroup.objects.filter(project=project, preset_key="union").aggregate(
        first=Min("engagements__date")
    )["first"]


def _with_obligations(gate: GatePreset, items, due: dict[int, str | None]) -> GatePreset:
    """The catalog's gate plus the project's items due before the same phase (legal duties)."""
    extra = tuple(i.key for i in items if i.key and due.get(i.pk) == gate.phase)
    return replace(gate, requires=gate.requires + extra) if extra else gate


def _due_gates(items, presets, phases) -> dict[int, str | None]:
    """The gate each legal item holds back today: none before its date ("prepare now"),
    then its own phase's, or the current or next phase's if its own had begun by then."""
    order = [preset.phase for preset in presets]
    starts = {key: phase.start_date for key, phase in phases.items()}
    today = clock.today()
    for i in items:
        # Shown beside the item on the TRUST page: the day it starts holding a gate.
        i.prepare_until = (
            i.gate_from if i.gate_phase and i.gate_from and today < i.gate_from else None
        )
    return {
        i.pk: gate_for(i.gate_phase, due_from=i.gate_from, today=today, starts=starts, order=order)
        for i in items
        if i.key and i.gate_phase
    }


def trust_overview(project, *, language: str) -> TrustOverview:
    items = list(ChecklistItem.objects.filter(project=project).select_related("owner"))
    states = [ItemState(TrustStep(i.step), i.key, ItemStatus(i.status)) for i in items if i.key] + [
        ItemState(TrustStep(i.step), f"custom-{i.pk}", ItemStatus(i.status))
        for i in items
        if not i.key
    ]
    result = readiness(states)
    by_step = {step.step: step for step in result.steps}
    steps = [
        (key, label, [i for i in items if i.step == key], by_step[TrustStep(key)])
        for key, label in Step.choices
    ]
    phases = {p.key: p for p in Phase.objects.filter(project=project).exclude(key="")}
    overrides = {o.phase_key: o for o in GateOverride.objects.filter(project=project)}
    titles = {i.key: i.title for i in items if i.key}
    by_key = {i.key: i for i in items if i.key}
    titles[UNION_HEARD] = _("The union representatives have been heard")
    titles[FAIRNESS_CLEAR] = _("The measured pilot shows no fairness flag")
    titles[WORKER_INFORMED] = _("Every affected group has been informed (AI Act Art. 26(7))")
    uninformed = worker_information_gaps(project)
    pilot = PilotImport.objects.filter(project=project).only("summary").first()
    union_first = _union_first_engaged(project)
    gates = []
    presets = trust_catalog(language).gates
    due = _due_gates(items, presets, phases)
    for preset in presets:
        gate = _with_obligations(preset, items, due)
        phase = phases.get(gate.phase)
        outcome = evaluate_gate(
            gate,
            states,
            # Heard before the phase starts (or at all, if the plan has no such phase).
            union_heard=union_first is not None
            and (phase is None or union_first <= phase.start_date),
            fairness_flags=bool(pilot and pilot.fairness_flags),
            overridden=gate.phase in overrides,
        )
        if gate.phase == WORKER_INFORMED_GATE and uninformed:
            outcome = replace(outcome, missing=(*outcome.missing, WORKER_INFORMED))
        gates.append(
            GateView(
                outcome,
                phase,
                [titles.get(key, key) for key in outcome.missing],
                overrides.get(gate.phase),
                [(titles.get(key, key), by_key.get(key)) for key in outcome.missing],
            )
        )
    return TrustOverview(result, steps, gates)
