"""Project roles and what each may do (DESIGN.md, "The people who use it")."""

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"
    OBSERVER = "observer"


class Capability(StrEnum):
    VIEW = "view"  # read the project
    EDIT = "edit"  # change the project's content
    COMMENT = "comment"  # raise objections and comment
    READ_AUDIT = "read_audit"  # read the audit trail
    MANAGE = "manage"  # project settings and members


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.OWNER: frozenset(Capability),
    Role.EDITOR: frozenset({Capability.VIEW, Capability.EDIT, Capability.COMMENT}),
    Role.VIEWER: frozenset({Capability.VIEW}),
    # Observers are the union representatives and the DPO: they watch, comment and audit.
    Role.OBSERVER: frozenset({Capability.VIEW, Capability.COMMENT, Capability.READ_AUDIT}),
}


def role_allows(role: Role | str, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES[Role(role)]
