"""A project's DPIA, one row per part of the CNIL method.

Each part people edit separately is its own versioned row, so the DPO writing an opinion
never collides with an editor describing the data flows, and the audit trail names the
part that changed (dpia.context, dpia.risk, dpia.opinion, ...).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from method import dpia as rules
from samspill.core.versioning import Versioned

TEXT = 4000
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


def _text_field(label) -> models.TextField:
    return models.TextField(label, blank=True, max_length=TEXT)


class Dpia(Versioned):
    """The assessment itself, holding the screening (do we need one, and why)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="dpia"
    )
    criteria = models.JSONField(_("criteria that apply"), default=list, blank=True)
    screening_notes = _text_field(_("notes on the screening"))
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("DPIA")
        verbose_name_plural = _("DPIAs")

    def __str__(self) -> str:
        return f"DPIA · {self.project}"

    def clean(self):
        if not isinstance(self.criteria, list) or rules.unknown_criteria(set(self.criteria)):
            raise ValidationError({"criteria": _("Choose only criteria from the list.")})


class Context(Versioned):
    """Part 1: the processing, its data and lifecycle, and who is responsible."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dpia = models.OneToOneField(Dpia, on_delete=models.CASCADE, related_name="context")
    processing = _text_field(_("the processing"))
    responsibilities = _text_field(_("responsibilities"))
    data_subjects = _text_field(_("data subjects"))
    data_categories = _text_field(_("personal data"))
    lifecycle = _text_field(_("data lifecycle"))
    assets = _text_field(_("supporting assets"))

    class Meta:
        verbose_name = _("DPIA context")
        verbose_name_plural = _("DPIA contexts")

    def __str__(self) -> str:
        return str(_("Context"))


class Principles(Versioned):
    """Part 2: necessity and proportionality, and the controls behind each right."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dpia = models.OneToOneField(Dpia, on_delete=models.CASCADE, related_name="principles")
    purpose = _text_field(_("purpose"))
    legal_basis = _text_field(_("legal basis"))
    minimisation = _text_field(_("data minimisation"))
    accuracy = _text_field(_("accuracy"))
    retention = _text_field(_("retention"))
    processors = _text_field(_("processors and the data processing agreement"))
    transfers = _text_field(_("transfers outside the EEA"))
    right_information = _text_field(_("information"))
    right_access = _text_field(_("access"))
    right_rectification = _text_field(_("rectification"))
    right_erasure = _text_field(_("erasure"))
    right_restriction = _text_field(_("restriction"))
    right_portability = _text_field(_("portability"))
    right_objection = _text_field(_("objection"))
    right_human_review = _text_field(_("human review and contesting"))

    class Meta:
        verbose_name = _("DPIA principles")
        verbose_name_plural = _("DPIA principles")

    def __str__(self) -> str:
        return str(_("Fundamental principles"))


def _level_field(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=LEVEL_VALIDATORS
    )


class Risk(Versioned):
    """Part 3: one feared event, rated before and after the measures."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dpia = models.ForeignKey(Dpia, on_delete=models.CASCADE, related_name="risks")
    key = models.CharField(max_length=40, blank=True, help_text="The preset, if any.")
    title = models.CharField(_("risk"), max_length=200)
    impacts = _text_field(_("impacts on the people concerned"))
    threats = _text_field(_("threats"))
    sources = _text_field(_("risk sources"))
    measures = _text_field(_("existing and planned measures"))
    severity_before = _level_field(_("severity before measures"))
    likelihood_before = _level_field(_("likelihood before measures"))
    severity_after = _level_field(_("severity after measures"))
    likelihood_after = _level_field(_("likelihood after measures"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    @property
    def before(self) -> tuple[int | None, int | None]:
        return (self.severity_before, self.likelihood_before)

    @property
    def after(self) -> tuple[int | None, int | None]:
        return (self.severity_after, self.likelihood_after)

    def clean(self):
        errors = {}
        messages = {
            "incomplete": _("Rate both severity and likelihood, or neither."),
            "out_of_range": _("Ratings run from 1 to 4."),
        }
        for stage in ("before", "after"):
            problem = rules.rating_problem(*getattr(self, stage))
            if problem:
                errors[f"likelihood_{stage}"] = messages[problem]
        if not errors and rules.residual_problem(self.before, self.after):
            errors["severity_before"] = _(
                "Rate the risk before the measures first: the rating after them is compared "
                "with it."
            )
        if errors:
            raise ValidationError(errors)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class Action(Versioned):
    """One measure of the action plan: who does what, by when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dpia = models.ForeignKey(Dpia, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("measure"), max_length=200)
    details = _text_field(_("details"))
    risk = models.ForeignKey(
        Risk,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("risk addressed"),
    )
    owner = models.CharField(
        _("owner"), max_length=120, blank=True, help_text=_("Who carries out the measure.")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [F("due_date").asc(nulls_last=True), "created_at", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class OpinionKind(models.TextChoices):
    DPO = "dpo", _("Data protection officer")
    REPRESENTATIVES = "representatives", _("Employee representatives")


class OpinionStance(models.TextChoices):
    FAVOURABLE = "favourable", _("favourable")
    RESERVATIONS = "reservations", _("favourable with reservations")
    UNFAVOURABLE = "unfavourable", _("unfavourable")


class Opinion(Versioned):
    """The advice of the DPO (Art. 35(2)) or the views of the employees' representatives
    (Art. 35(9)), in their own words."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dpia = models.ForeignKey(Dpia, on_delete=models.CASCADE, related_name="opinions")
    kind = models.CharField(max_length=16, choices=OpinionKind.choices, editable=False)
    author = models.CharField(
        _("given by"), max_length=200, blank=True, help_text=_("Name and role.")
    )
    given_on = models.DateField(_("date"), null=True, blank=True)
    stance = models.CharField(
        _("opinion"), max_length=16, choices=OpinionStance.choices, blank=True
    )
    text = models.TextField(_("opinion in full"), blank=True, max_length=8000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dpia", "kind"], name="dpia_one_opinion_per_kind")
        ]
        ordering = ["kind"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def given(self) -> bool:
        return bool(self.stance and self.text.strip())

    def clean(self):
        if self.stance and not (self.author.strip() and self.given_on):
            raise ValidationError(_("Say who gave the opinion, and when."))


class Outcome(models.TextChoices):
    GO = "go", _("go")
    GO_WITH_CONDITIONS = "go_with_conditions", _("go with conditions")
    NO_GO = "no_go", _("no go")


class Decision(Versioned):
    """Part 4: whether the processing may go ahead, by whom, when and why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dpia = models.OneToOneField(Dpia, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        max_length=TEXT,
        help_text=_("For a go with conditions: what must be in place, and by when."),
    )
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_on = models.DateField(_("date"), null=True, blank=True)
    reasoning = _text_field(_("reasoning"))
    # Prior consultation of the data protection authority (GDPR Art. 36(1)), needed while a
    # risk stays high after the measures: when it was requested, and the authority's
    # reference or answer. A "go" without it needs an explicit override with a reason.
    consultation_on = models.DateField(_("prior consultation requested on"), null=True, blank=True)
    consultation_reference = models.CharField(
        _("the authority's reference or answer"), max_length=300, blank=True
    )
    override_reason = models.TextField(
        _("why the processing may start without prior consultation"),
        blank=True,
        max_length=TEXT,
        help_text=_(
            "Only if the decision is go although a high risk remains and the authority has "
            "not been consulted: the decision-maker takes that responsibility in writing."
        ),
    )

    class Meta:
        verbose_name = _("DPIA decision")
        verbose_name_plural = _("DPIA decisions")

    def __str__(self) -> str:
        return str(_("Decision"))

    def clean(self):
        if not self.outcome:
            return
        errors = {}
        required = _("A decision needs this.")
        for name in ("decided_by", "reasoning"):
            if not getattr(self, name).strip():
                errors[name] = required
        if not self.decided_on:
            errors["decided_on"] = required
        if self.outcome == Outcome.GO_WITH_CONDITIONS and not self.conditions.strip():
            errors["conditions"] = _("Name the conditions the processing must meet.")
        if errors:
            raise ValidationError(errors)
