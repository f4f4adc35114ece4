from django.conf import settings

from samspill.audit.models import AuditEntry


def project_trail_page(project, *, before: int | None = None, size: int | None = None):
    """One page of a project's trail, newest first, and the sequence to continue before.

    Keyset pagination keeps every page as fast as the first, however long the trail.
    """
    size = size or settings.AUDIT_PAGE_SIZE
    entries = AuditEntry.objects.filter(project=project).order_by("-sequence")
    if before is not None:
        entries = entries.filter(sequence__lt=before)
    page = list(entries[: size + 1])
    has_more = len(page) > size
    page = page[:size]
    return page, (page[-1].sequence if has_more else None)
