"""Writes for surveys. Owner actions are audited; a public answer is not (docs/surveys.md).

Nothing here stores who answered: a Response has no link to an invitation, no time of day
and no address, and answering with an invitation deletes the invitation.
"""

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method.surveys import LIKERT, LIKERT_POINTS, pooled_at_close, release_due, survey_questions
from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record, creation, diff, snapshot
from samspill.core import clock
from samspill.core.mail import email_configured
from samspill.notify.events import publish
from samspill.surveys import tokens
from samspill.surveys.models import (
    MAX_COMMENT,
    POOLED,
    Audience,
    Invitation,
    LinkMode,
    ReminderMode,
    Response,
    Survey,
    SurveyStatus,
)

SETTINGS_FIELDS = [
    "title",
    "language",
    "statements",
    "include_comment",
    "k",
    "link_mode",
    "reminder_mode",
    "closes_on",
]
# Changing these after the first answer would weaken the promise made to those who answered.
LOCKED_AFTER_FIRST_ANSWER = ("link_mode", "reminder_mode", "language", "statements")
MAIL_BATCH = 100
MAX_LINKS = 5000
# Each audience is a row with its own results and links; a pasted list of thousands of
# department names would make thousands of them in one request.
MAX_AUDIENCES = 100


class SurveyNotOpen(Exception):
    """The survey is a draft or closed; nothing was saved."""


class LinkUsed(Exception):
    """The invitation was used already (or replaced by a reminder); nothing was saved."""


class SendError(Exception):
    def __init__(self, sent: int):
        super().__init__(f"sending stopped after {sent} messages")
        self.sent = sent


def likert_keys(language: str = "en") -> list[str]:
    return [q.key for q in survey_questions(language).questions if q.kind == LIKERT]


def _clean_statements(statements: Iterable[str]) -> list[str]:
    known = likert_keys()
    chosen = set(statements)
    unknown = chosen - set(known)
    if unknown:
        raise ValidationError({"statements": _("Unknown statement: %s") % ", ".join(unknown)})
    return [key for key in known if key in chosen]  # catalog order


def _check_locks(survey: Survey, before: dict) -> None:
    if not survey.responses.exists():
        return
    errors = {}
    if survey.k < before["k"]:
        errors["k"] = _(
            "People have answered, so the threshold can only go up, not below %(k)s."
        ) % {"k": before["k"]}
    for name in LOCKED_AFTER_FIRST_ANSWER:
        if getattr(survey, name) != before[name]:
            errors[name] = _("People have answered, so this can no longer change.")
    if errors:
        raise ValidationError(errors)


def _sync_audiences(survey: Survey, groups: Sequence, departments: Sequence[str]) -> None:
    if len(groups) + len(departments) > MAX_AUDIENCES:
        raise ValidationError(
            {"departments": _("At most %(max)s audiences in one survey.") % {"max": MAX_AUDIENCES}}
        )
    wanted: dict[str, dict] = {}
    for group in groups:
        if group.project_id != survey.project_id:
            raise ValidationError(_("That stakeholder group belongs to another project."))
        wanted[group.name] = {"group": group, "department": ""}
    for name in departments:
        name = name.strip()[:120]
        if name and name not in wanted:
            wanted[name] = {"group": None, "department": name}
    if not wanted:
        raise ValidationError({"groups": _("Choose at least one audience.")})
    existing = {a.label: a for a in survey.audiences.all()}
    for label, audience in existing.items():
        if label not in wanted:
            if audience.responses.exists() or audience.invitations.exists():
                raise ValidationError(
                    _("%(audience)s already has links or answers and cannot be removed.")
                    % {"audience": label}
                )
            audience.delete()
    for label, values in wanted.items():
        if label not in existing:
            Audience.objects.create(survey=survey, label=label, **values)


def _audit_settings(*, actor, survey: Survey, action, before: dict | None) -> None:
    after = snapshot(survey, SETTINGS_FIELDS) | {
        "audiences": sorted(survey.audiences.values_list("label", flat=True))
    }
    audit_record(
        actor=actor,
        project=survey.project,
        action=action,
        obj=survey,
        changes=creation(after) if before is None else diff(before, after),
    )


@transaction.atomic
def survey_create(*, actor, project, groups=(), departments=(), **values) -> Survey:
    values["statements"] = _clean_statements(values.get("statements", likert_keys()))
    survey = Survey(project=project, created_by=actor, **values)
    survey.full_clean()
    survey.save()
    _sync_audiences(survey, groups, departments)
    _audit_settings(actor=actor, survey=survey, action=AuditAction.CREATE, before=None)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, groups=(), departments=(), **values) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot be changed."))
    before = snapshot(survey, SETTINGS_FIELDS) | {
        "audiences": sorted(survey.audiences.values_list("label", flat=True))
    }
    raw = {"k": survey.k, **{name: getattr(survey, name) for name in LOCKED_AFTER_FIRST_ANSWER}}
    if "statements" in values:
        values["statements"] = _clean_statements(values["statements"])
    for name, value in values.items():
        setattr(survey, name, value)
    _check_locks(survey, raw)
    survey.full_clean()
    survey.save()
    _forget_public(survey)
    _sync_audiences(survey, groups, departments)
    _audit_settings(actor=actor, survey=survey, action=AuditAction.UPDATE, before=before)
    return survey


# The public page reads a survey by its uuid on every request; each worker keeps it for a
# few seconds. What a stale copy could get wrong is checked again as an answer is stored.
PUBLIC_SURVEY_SECONDS = 5


def _public_key(survey_uuid) -> str:
    return f"surveys:public:{survey_uuid}"


def public_survey(survey_uuid) -> Survey | None:
    """The invitation survey a link names, as the public page shows it (None: unknown)."""
    survey = cache.get(_public_key(survey_uuid))
    if survey is None:
        survey = Survey.objects.filter(uuid=survey_uuid, link_mode=LinkMode.INVITATIONS).first()
        if survey is not None:
            cache.set(_public_key(survey_uuid), survey, PUBLIC_SURVEY_SECONDS)
    return survey


def _forget_public(survey: Survey) -> None:
    # Now, and again after the commit, in case a request cached the old row in between.
    key = _public_key(survey.uuid)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _status_change(*, actor, survey: Survey, **fields) -> None:
    before = snapshot(survey, list(fields))
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save(update_fields=list(fields))
    _forget_public(survey)
    audit_record(
        actor=actor,
        project=survey.project,
        action=AuditAction.UPDATE,
        obj=survey,
        changes=diff(before, snapshot(survey, list(fields))),
    )


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft survey can be opened."))
    if not survey.audiences.exists():
        raise ValidationError(_("Add at least one audience before opening the survey."))
    today = clock.today()
    if survey.closes_on and survey.closes_on < today:
        raise ValidationError(_("The closing date has passed; choose a later one first."))
    _status_change(actor=actor, survey=survey, status=SurveyStatus.OPEN, opens_on=today)
    return survey


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    """Close the survey and delete every e-mail address still kept for reminders."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    Invitation.objects.filter(survey=survey).exclude(email="").update(email="")
    fields = {"status": SurveyStatus.CLOSED}
    if not survey.closes_on or survey.closes_on > clock.today():
        fields["closes_on"] = clock.today()
    _status_change(actor=actor, survey=survey, **fields)
    _release_at_close(survey)
    return survey


def close_due_surveys(*, today: dt.date | None = None, project=None) -> int:
    """Close open surveys whose closing date has passed (called by page loads and the
    `close_surveys` command), which also deletes their kept addresses."""
    today = today or clock.today()
    due = Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=today)
    if project is not None:
        due = due.filter(project=project)
    closed = 0
    for survey in due.select_related("project"):
        survey_close(actor=None, survey=survey)
        closed += 1
    return closed


# Links


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("surveys:answer", args=[token])


def _require_invitations(survey: Survey, audience: Audience) -> None:
    if audience.survey_id != survey.pk:
        raise ValidationError(_("That audience belongs to another survey."))
    if survey.link_mode != LinkMode.INVITATIONS:
        raise ValidationError(_("This survey uses open links, not invitations."))
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("The survey is closed."))


def _issue(survey: Survey, audience: Audience, emails: Sequence[str]) -> list[str]:
    plain = [tokens.new_token(survey.uuid) for _ in emails]
    Invitation.objects.bulk_create(
        Invitation(survey=survey, audience=audience, token_hash=tokens.token_hash(t), email=e)
        for t, e in zip(plain, emails, strict=True)
    )
    return plain


@transaction.atomic
def invitations_create(*, actor, survey: Survey, audience: Audience, count: int) -> list[str]:
    """`count` fresh single-use tokens, in plain text this once (only hashes are kept)."""
    _require_invitations(survey, audience)
    if not 1 <= count <= MAX_LINKS:
        raise ValidationError(
            _("Create between 1 and %(max)s links at a time.") % {"max": MAX_LINKS}
        )
    plain = _issue(survey, audience, [""] * count)
    _count_links(actor=actor, survey=survey, audience=audience, links=count, emails=0)
    return plain


def _count_links(*, actor, survey: Survey, audience: Audience, links: int, emails: int) -> None:
    before = snapshot(survey, ["links_issued", "emails_sent"])
    survey.links_issued += links
    survey.emails_sent += emails
    survey.save(update_fields=["links_issued", "emails_sent"])
    audit_record(
        actor=actor,
        project=survey.project,
        action=AuditAction.UPDATE,
        obj=survey,
        changes=diff(before, snapshot(survey, ["links_issued", "emails_sent"])),
        object_repr=f"{survey.title} · {audience.label}",
    )


def _message(survey: Survey, address: str, *, link: str | None, reminder: bool) -> EmailMessage:
    with translation.override(survey.language):
        project = survey.project.name
        subject = survey.title
        if reminder:
            subject = _("Reminder: %(title)s") % {"title": survey.title}
        lines = [
            _("Hello,"),
            "",
            _(
                "We would like to know how the introduction of %(tool)s is going for you. "
                "The survey takes about two minutes."
            )
            % {"tool": survey.project.ai_tool},
            "",
        ]
        if link:
            if reminder:
                lines.append(
                    _("This e-mail has a new link; the link in the first e-mail no longer works.")
                )
            lines += [link, ""]
        else:
            lines += [
                _(
                    "If you have not answered yet, please use the link in the first e-mail. "
                    "If you have answered, thank you, and please ignore this message."
                ),
                "",
            ]
        lines += [
            _(
                "Your answers are anonymous. They are stored without your name, address or "
                "the link, and results are shown only for groups of at least %(k)s people."
            )
            % {"k": survey.k},
            "",
            project,
        ]
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [address])


def _require_email() -> None:
    if not email_configured():
        raise ValidationError(
            _("This server has no e-mail set up; download the links as CSV instead.")
        )


def _send(messages: list[EmailMessage]) -> int:
    """One connection for all messages, in batches; returns how many went."""
    sent = 0
    # Django 6.1's mailers.default is get_connection() without the deprecation.
    connection = mailers.default
    try:
        connection.open()
        for start in range(0, len(messages), MAIL_BATCH):
            batch = messages[start : start + MAIL_BATCH]
            connection.send_messages(batch)
            sent += len(batch)
    except Exception as error:  # an SMTP failure stops the sending, with the count so far
        raise SendError(sent) from error
    finally:
        connection.close()
    return sent


def invitations_send(*, actor, survey: Survey, audience: Audience, addresses: Sequence[str]) -> int:
    """E-mail each address its own single-use link. The addresses are kept beside the
    unused links only in the "keep" reminder mode; otherwise they are gone after sending."""
    _require_email()
    _require_invitations(survey, audience)
    keep = survey.reminder_mode == ReminderMode.KEEP
    with transaction.atomic():
        plain = _issue(survey, audience, [a if keep else "" for a in addresses])
    messages = [
        _message(survey, address, link=link_url(token), reminder=False)
        for address, token in zip(addresses, plain, strict=True)
    ]
    try:
        sent = _send(messages)
    except SendError as error:
        sent = error.sent
        raise
    finally:
        with transaction.atomic():
            _count_links(actor=actor, survey=survey, audience=audience, links=sent, emails=sent)
    return sent


def reminders_send(
    *, actor, survey: Survey, audience: Audience | None = None, addresses: Sequence[str] = ()
) -> int:
    """Drop mode: the owner pastes the list again and everyone gets a reminder without a
    link. Keep mode: only addresses whose link is unused get one, with a new link that
    replaces the old (only a hash of the old one was kept)."""
    _require_email()
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Reminders can be sent only while the survey is open."))
    if survey.reminder_mode == ReminderMode.DROP:
        messages = [_message(survey, a, link=None, reminder=True) for a in addresses]
    else:
        unused = Invitation.objects.filter(survey=survey).exclude(email="")
        if audience is not None:
            unused = unused.filter(audience=audience)
        messages = []
        with transaction.atomic():
            for invitation in unused.select_for_update():
                token = tokens.new_token(survey.uuid)
                invitation.token_hash = tokens.token_hash(token)
                invitation.save(update_fields=["token_hash"])
                messages.append(
                    _message(survey, invitation.email, link=link_url(token), reminder=True)
                )
    sent = _send(messages)
    audit_record(
        actor=actor,
        project=survey.project,
        action=AuditAction.UPDATE,
        obj=survey,
        changes={"reminders_sent": [None, sent]},
        object_repr=f"{survey.title} · {audience.label if audience else _('all audiences')}",
    )
    return sent


# Answers


def _clean_answer(survey: Survey, nps: int, scores: Mapping[str, int], comment: str) -> dict:
    if isinstance(nps, bool) or not isinstance(nps, int) or not 0 <= nps <= 10:
        raise ValidationError(_("The recommendation score must be from 0 to 10."))
    clean = {}
    for key in survey.statements:
        value = scores.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LIKERT_POINTS:
            raise ValidationError(_("Every statement needs an answer from 1 to 5."))
        clean[key] = value
    comment = comment.strip() if survey.include_comment else ""
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            _("Keep the comment under %(max)s characters.") % {"max": MAX_COMMENT}
        )
    return {"nps": nps, "scores": clean, "comment": comment}


def _claim_invitation(survey: Survey, token_hash: str) -> int | None:
    """Delete the survey's unused invitation with this hash, if the survey is still open,
    and return its audience id; None if there is none to claim.

    Of two submits racing with one link only one gets a row back. Where the database can
    (SQLite ≥ 3.35, PostgreSQL) one DELETE … RETURNING claims it, the hot path of a survey;
    Django's ORM has no delete that returns rows.
    """
    if connection.features.can_return_columns_from_insert:
        invitation = connection.ops.quote_name(Invitation._meta.db_table)
        surveys = connection.ops.quote_name(Survey._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {invitation} WHERE survey_id = %s AND token_hash = %s "  # noqa: S608 - table names from _meta, values as parameters
                f"AND EXISTS (SELECT 1 FROM {surveys} WHERE id = %s AND status = %s) "
                "RETURNING audience_id",
                [survey.pk, token_hash, survey.pk, SurveyStatus.OPEN.value],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    unused = Invitation.objects.filter(
        survey=survey, token_hash=token_hash, survey__status=SurveyStatus.OPEN
    )
    audience_id = unused.values_list("audience_id", flat=True).first()
    # The delete's count, not the read, decides which of two racing submits wins.
    deleted = (
        audience_id is not None
        and Invitation.objects.filter(survey=survey, token_hash=token_hash).delete()[0]
    )
    return audience_id if deleted else None


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    audience: Audience | None = None,
    nps: int,
    scores: Mapping[str, int],
    comment: str = "",
    token_hash: str | None = None,
    day: dt.date | None = None,
) -> None:
    """Store one anonymous answer, by an open link's audience or by an invitation's token
    hash (whose audience is read and whose row is deleted in the same transaction, so a
    link answers once even when two submits race).

    Returns nothing on purpose: no caller needs, or should keep, the new row's key.
    Not audited: an audit entry would carry the time and undo the coarsening to the day.
    """
    if (audience is None) == (token_hash is None):
        raise ValueError("Pass the audience of an open link or the hash of an invitation.")
    if survey.status != SurveyStatus.OPEN:
        raise SurveyNotOpen
    values = _clean_answer(survey, nps, scores, comment)
    if token_hash is not None:
        audience_id = _claim_invitation(survey, token_hash)
        if audience_id is None:
            still_open = Survey.objects.filter(pk=survey.pk, status=SurveyStatus.OPEN).exists()
            raise LinkUsed if still_open else SurveyNotOpen
    elif audience.survey_id != survey.pk:
        raise ValidationError(_("That audience belongs to another survey."))
    elif not Survey.objects.filter(pk=survey.pk, status=SurveyStatus.OPEN).exists():
        raise SurveyNotOpen  # closed since the page read it
    else:
        audience_id = audience.pk
    # Checked field by field above (the hot path of a survey; no full_clean).
    Response(
        survey=survey,
        audience_id=audience_id,
        answered_on=day or clock.today(),
        **values,
    ).save(force_insert=True)
    _release_if_due(survey, audience_id)


# Releases (docs/surveys.md): owners see an answer only in a batch of k or more.

_shuffle = random.SystemRandom().shuffle
_COPIED = ("survey_id", "audience_id", "nps", "scores", "comment")


def _rewrite(survey: Survey, waiting, release: int) -> int:
    """Release the waiting answers as one batch: delete them and insert them again in a
    shuffled order, with new random keys and the release day for all, so neither the order
    of rows nor a day within the batch follows the order they came in."""
    rows = list(waiting.values_list("pk", *_COPIED))
    Survey.objects.filter(pk=survey.pk).update(released_answers=F("released_answers") + len(rows))
    Response.objects.filter(pk__in=[row[0] for row in rows]).delete()
    _shuffle(rows)
    today = clock.today()
    Response.objects.bulk_create(
        Response(
            id=uuid.uuid4(),
            answered_on=today,
            release=release,
            **dict(zip(_COPIED, row[1:], strict=True)),
        )
        for row in rows
    )
    return len(rows)


def _release_if_due(survey: Survey, audience_id: int) -> None:
    """Release the audience's waiting answers once there are k of them (in the answer's
    transaction). The audience's row is locked first, so two answers racing in one
    audience release one batch, not two overlapping ones."""
    k = (
        Audience.objects.select_for_update(of=("self",))
        .filter(pk=audience_id)
        .values_list("survey__k", flat=True)
        .first()
    )
    responses = Response.objects.filter(survey=survey, audience_id=audience_id)
    waiting = responses.filter(release__isnull=True)
    if k is None or not release_due(waiting.count(), k):
        return
    last = responses.aggregate(last=Max("release"))["last"] or 0
    _rewrite(survey, waiting, last + 1)
    _publish_released(survey)


def _publish_released(survey: Survey) -> None:
    """A new batch of answers can be read: no count, no audience, so nothing to narrow."""
    publish(
        survey.project,
        "survey_released",
        summary=format_lazy(gettext_lazy("New survey results: {title}"), title=survey.title),
        path=reverse("surveys:results", args=[survey.project.slug, survey.uuid]),
    )


def _release_at_close(survey: Survey) -> None:
    """At close: an audience with k or more waiting (k was raised while it waited) is
    released as usual; the rest join the overall row as one batch if they hold k or more
    together (method.surveys.pooled_at_close), else stay unreleased for good."""
    list(Audience.objects.select_for_update(of=("self",)).filter(survey=survey))
    waiting = Response.objects.filter(survey=survey, release__isnull=True)
    counts = dict(waiting.values_list("audience_id").annotate(n=Count("pk")).order_by())
    for audience_id, n in counts.items():
        if release_due(n, survey.k):
            _release_if_due(survey, audience_id)
            counts[audience_id] = 0
    pooled = pooled_at_close(counts, survey.k)
    if pooled:
        _rewrite(survey, waiting.filter(audience_id__in=pooled), POOLED)
        _publish_released(survey)
