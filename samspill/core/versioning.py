"""Optimistic locking: a stale edit is refused, never silently applied.

Each editable model carries a version number. A form sends back the version it
was built from; the service compares it with the row, locked for the update.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaleEditError(Exception):
    """Someone else saved the object after this edit began."""

    def __init__(self, current: models.Model):
        super().__init__("stale edit")
        self.current = current


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def lock_for_edit[M: Versioned](model: type[M], *, pk, expected_version: int) -> M:
    """Lock the row and check its version; call inside a transaction."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise StaleEditError(current)
    return current


STALE_EDIT_MESSAGE = _(
    "Someone else saved this while you were editing. Their version is shown beside your "
    "changes; review it, then save again to keep yours."
)
