"""Reads that the members page shares."""

from dataclasses import dataclass

from samspill.accounts.models import Invitation, InvitationState
from samspill.core import clock
from samspill.projects.models import Project


@dataclass(frozen=True, slots=True)
class ListedInvitation:
    invitation: Invitation
    state: InvitationState

    @property
    def can_resend(self) -> bool:
        return self.state in (InvitationState.PENDING, InvitationState.EXPIRED)

    @property
    def can_revoke(self) -> bool:
        return self.state == InvitationState.PENDING


def project_invitations(project: Project) -> list[ListedInvitation]:
    """Every invitation of the project with its state now, newest first: one query."""
    now = clock.now()
    invitations = Invitation.objects.filter(project=project).select_related(
        "invited_by", "accepted_by"
    )
    return [ListedInvitation(invitation, invitation.state(now)) for invitation in invitations]
