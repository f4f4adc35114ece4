"""Reading values from query strings, where anything may arrive."""

import uuid


def uuid_or_none(value: str | None) -> uuid.UUID | None:
    """A uuid from a link's ?x=…, or None when it is missing or mangled."""
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None
