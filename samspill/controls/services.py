"""Writes for the controls: defaults, owners' own controls, the weekly evaluation, comments
on breaches, owners' responses and the evaluation meetings. Each is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from method import controls as rules
from method.controls import RuleError, State
from method.legal import clauses
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, save_created, save_deleted
from samspill.controls import presenting
from samspill.controls.models import (
    BreachComment,
    BreachResponse,
    Control,
    ControlWeek,
    EvaluationMeeting,
)
from samspill.controls.selectors import week_facts
from samspill.core import clock
from samspill.core.versioning import lock_for_edit
from samspill.notify.events import publish
from samspill.pilot import services as pilot_services


def strip_nul(text: str) -> str:
    """PostgreSQL refuses NUL in text; forms already refuse it, the CLI and API may not."""
    return str(text).replace("\x00", "")


# What a control's creation and deletion record in the trail, besides its key or title.
RULE_FIELDS = ["clause", "metric", "comparison", "threshold", "period"]


@transaction.atomic
def controls_ensure_defaults(*, actor, project) -> list[Control]:
    """The catalog's controls for every clause that has them; the ones already there stay."""
    have = set(
        Control.objects.filter(project=project).exclude(key="").values_list("key", flat=True)
    )
    made = []
    for default in rules.DEFAULTS:
        if default.key in have:
            continue
        control = Control(
            project=project,
            key=default.key,
            clause=default.clause,
            metric=default.rule.metric,
            comparison=default.rule.comparison.value,
            threshold=default.rule.threshold,
            period=default.rule.period,
            created_by=actor,
        )
        save_created(actor=actor, project=project, obj=control, fields=["key", *RULE_FIELDS])
        made.append(control)
    return made


@transaction.atomic
def control_create(
    *, actor, project, clause: str, title: str, metric: str, comparison: str, threshold, period
) -> Control:
    """An owner's own control over the same weekly facts. Refuses, naming the field, what
    method.controls.rule_check refuses; nothing else becomes a rule."""
    try:
        rule = rules.rule_check(metric, comparison, threshold, period)
    except RuleError as wrong:
        raise ValidationError({wrong.field: str(wrong)}) from None
    if clause not in {c.key for c in clauses(project.language)}:
        raise ValidationError({"clause": _("Choose a clause of the agreement.")})
    control = Control(
        project=project,
        clause=clause,
        title=strip_nul(title).strip(),
        metric=rule.metric,
        comparison=rule.comparison.value,
        threshold=rule.threshold,
        period=rule.period,
        created_by=actor,
    )
    if not control.title:
        raise ValidationError({"title": _("Give the control a title.")})
    return save_created(actor=actor, project=project, obj=control, fields=["title", *RULE_FIELDS])


EDITABLE = ("title", "threshold", "period", "active")


@transaction.atomic
def control_update(
    *, actor, control: Control, expected_version: int, threshold, period, active: bool, title=None
) -> Control:
    """Change a control's agreed numbers or turn it off/on; defaults included. Raises
    StaleEditError when someone saved since `expected_version` and ValidationError, naming
    the field, for what rule_check refuses; nothing is written then. A new threshold or
    period, or turning it on again, applies from this week: earlier weeks keep the verdicts
    they got. A turned-off control is not evaluated; its verdicts stay."""
    current = lock_for_edit(Control, pk=control.pk, expected_version=expected_version)
    try:
        rule = rules.rule_check(current.metric, current.comparison, threshold, period)
    except RuleError as wrong:
        raise ValidationError({wrong.field: str(wrong)}) from None
    before = {k: getattr(current, k) for k in EDITABLE}
    current.threshold, current.period, current.active = rule.threshold, rule.period, bool(active)
    if not current.key and title is not None:
        current.title = strip_nul(title).strip()
        if not current.title:
            raise ValidationError({"title": _("Give the control a title.")})
    after = {k: getattr(current, k) for k in EDITABLE}
    changes = {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}
    if not changes:
        return current
    rule_changed = {"threshold", "period"} & set(changes)
    if rule_changed or (current.active and "active" in changes):
        current.rule_since = rules.monday(clock.today())
    current.version += 1
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        project=current.project,
        action=AuditAction.UPDATE,
        obj=current,
        changes=changes,
    )
    return current


def control_deletable(control: Control) -> bool:
    """Only an owner's own control that never held or was breached: a verdict, a comment
    or a response is evidence and stays (turn the control off instead). Weeks with no data
    checked nothing and go with it."""
    return not control.key and not control.weeks.exclude(state=State.NO_DATA).exists()


@transaction.atomic
def control_delete(*, actor, control: Control) -> None:
    control = Control.objects.select_for_update().get(pk=control.pk)
    if not control_deletable(control):
        raise ValidationError(
            _("This control has verdicts and stays on record; turn it off instead.")
        )
    save_deleted(actor=actor, project=control.project, obj=control, fields=["title", *RULE_FIELDS])


def _notify(project, breaches: list[ControlWeek]) -> None:
    """One event per control breached in its latest week, once: owners and observers get it
    through the project's webhooks and digests (samspill/notify), with the evidence link."""
    now = clock.now()
    for breach in breaches:
        with translation.override(project.language):
            summary = _("Agreement control breached: %(control)s (week of %(week)s)") % {
                "control": presenting.control_title(breach.control),
                "week": breach.week.isoformat(),
            }
        path = reverse("controls:breach", args=[project.slug, breach.uuid])
        publish(project, "control_breached", summary=summary, path=path)
        breach.notified_at = now
    ControlWeek.objects.bulk_update(breaches, ["notified_at"])


@transaction.atomic
def controls_evaluate(*, actor, project, today=None) -> dict[str, int]:
    """Evaluate every control of the project for every week with facts, store the verdicts
    (changed weeks are updated, new ones added) and notify each new breach of this week.
    The audit trail records the run (weeks, breaches), not each verdict."""
    controls_ensure_defaults(actor=actor, project=project)
    history = week_facts(project, today=today)
    now = clock.now()
    this_week = history[-1].week if history else None
    stored = {
        (w.control_id, w.week): w
        for w in ControlWeek.objects.filter(control__project=project).select_related("control")
    }
    new, changed, fresh_breaches = [], [], []
    # A turned-off control is not evaluated; weeks before its rule changed keep their verdicts.
    controls = list(Control.objects.filter(project=project, active=True))
    for control in controls:
        for outcome in rules.evaluate(presenting.rule_of(control), history):
            if control.rule_since and outcome.week < control.rule_since:
                continue
            row = stored.get((control.pk, outcome.week))
            values = {
                "state": outcome.state.value,
                "value": outcome.value,
                "failing_weeks": outcome.failing_weeks,
            }
            if row is None:
                row = ControlWeek(control=control, week=outcome.week, evaluated_at=now, **values)
                new.append(row)
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                row.evaluated_at = now
                changed.append(row)
            if (
                outcome.week == this_week
                and outcome.state is State.BREACHED
                and row.notified_at is None
            ):
                fresh_breaches.append(row)
    ControlWeek.objects.bulk_create(new, batch_size=2000)
    ControlWeek.objects.bulk_update(
        changed, ["state", "value", "failing_weeks", "evaluated_at"], batch_size=2000
    )
    fresh_breaches = [
        ControlWeek.objects.get(control=b.control, week=b.week) for b in fresh_breaches
    ]
    if fresh_breaches:
        _notify(project, fresh_breaches)
    result = {
        "weeks": len(history),
        "controls": len(controls),
        "breached": ControlWeek.objects.filter(
            control__project=project, control__active=True, week=this_week, state=State.BREACHED
        ).count()
        if this_week
        else 0,
    }
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.UPDATE,
        obj=project,
        changes={"controls_evaluated": [None, result]},
        object_repr=_("Agreement controls"),
    )
    return result


@transaction.atomic
def breach_comment_add(*, actor, breach: ControlWeek, text: str) -> BreachComment:
    text = strip_nul(text).strip()
    if breach.state != State.BREACHED:
        raise ValidationError(_("Only a breach can be commented on."))
    comment = BreachComment(breach=breach, author=actor, text=text, created_at=clock.now())
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        project=breach.control.project,
        action=AuditAction.CREATE,
        obj=comment,
        changes={"breach": [None, str(breach)], "text": [None, text]},
    )
    return comment


@transaction.atomic
def breach_respond(*, actor, breach: ControlWeek, cause: str, measure: str) -> BreachResponse:
    """The owner's cause and measure; a second response replaces the first, both audited."""
    if breach.state != State.BREACHED:
        raise ValidationError(_("Only a breach can be answered."))
    response = BreachResponse.objects.filter(breach=breach).first()
    before = {"cause": response.cause, "measure": response.measure} if response else {}
    response = response or BreachResponse(breach=breach)
    response.cause = strip_nul(cause).strip()
    response.measure = strip_nul(measure).strip()
    response.responded_by = actor
    response.responded_at = clock.now()
    response.full_clean()
    response.save()
    after = {"cause": response.cause, "measure": response.measure}
    audit_record(
        actor=actor,
        project=breach.control.project,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=response,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        object_repr=str(breach),
    )
    return response


@transaction.atomic
def evaluation_meeting_record(
    *, actor, project, held_on, participants: str, notes: str = ""
) -> EvaluationMeeting:
    """Holding the joint evaluation (§ 9-2(3)); it feeds the "evaluation held" control."""
    if held_on > clock.today():
        raise ValidationError({"held_on": _("Record a meeting once it has taken place.")})
    meeting = EvaluationMeeting(
        project=project,
        held_on=held_on,
        participants=strip_nul(participants).strip(),
        notes=strip_nul(notes).strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.CREATE,
        obj=meeting,
        changes={
            "held_on": [None, held_on.isoformat()],
            "participants": [None, meeting.participants],
            "notes": [None, meeting.notes],
        },
    )
    controls_evaluate(actor=actor, project=project)
    return meeting


def cases_import_week(*, actor, project, data: bytes, filename: str):
    """Production monitoring: the weekly case file, then the controls over it."""
    with transaction.atomic():
        record = pilot_services.case_import(
            actor=actor, project=project, data=data, filename=filename
        )
        controls_evaluate(actor=actor, project=project)
    return record
