import datetime as dt
import uuid

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from samspill.projects.models import Membership


class InvitationState(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class Invitation(models.Model):
    """An owner's invitation of one e-mail address into one project with one role.

    Only the hash of the link's token is stored; re-sending replaces it, so an older link
    stops working. Accepted, revoked and expired invitations stay listed for the record.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.ROLE_CHOICES)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    def state(self, now: dt.datetime) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if now >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.PENDING


class SiteAccount(models.Model):
    """Site-level facts about one account: whether it administers the site, and since
    which of its sessions still count: each deactivation raises `session_generation`, and
    a session signed in under an older generation is signed out (middleware.py).

    A site admin is not a Django superuser: it may use the Users page and nothing more.
    A superuser counts as a site admin too (see `site.is_site_admin`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_account"
    )
    is_site_admin = models.BooleanField(_("site admin"), default=False)
    session_generation = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("site account")
        verbose_name_plural = _("site accounts")

    def __str__(self) -> str:
        return self.user.get_username()


class SessionManager(BaseSessionManager):
    def get_queryset(self):
        # The account and its SiteAccount come with every session read (sessions/).
        return super().get_queryset().select_related("user__site_account")


class Session(AbstractBaseSession):
    """A signed-in session that knows its account, so the account is read with the
    session in one query (sessions/). The id inside the session's data stays the one
    Django's auth trusts; this column only says which row to bring along."""

    # No database constraint: the id only says which row to bring along, and a dangling
    # one (an account deleted behind the ORM's back) reads as no account. Deleting an
    # account through the ORM deletes its sessions.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    objects = SessionManager()

    @classmethod
    def get_session_store_class(cls):
        from samspill.accounts.sessions.db import SessionStore

        return SessionStore


class TokenScope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("read and write")


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("personal")
    SERVICE = "service", _("service")


class ApiToken(models.Model):
    """A key to the REST API (docs/api.md). Only the SHA-256 of the secret is stored; the
    secret is shown once when the token is made.

    A token acts as its `user` and never as more: each request checks the user's current
    role in the project as well as the token's projects and scope, so a token stops
    working the moment its user leaves a project or is deactivated. A service token is
    made by a project owner for a system (an HR feed, a BI tool); it names one project and
    is listed on that project's token page, so another owner can revoke it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=TokenKind.choices, default=TokenKind.PERSONAL
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)  # the secret's first characters, to tell tokens apart
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("access level"), max_length=10, choices=TokenScope.choices)
    projects = models.ManyToManyField(
        "projects.Project", related_name="api_tokens", verbose_name=_("projects")
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at and self.user.is_active
