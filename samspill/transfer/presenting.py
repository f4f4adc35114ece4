"""The import report in words, for the page and the command line alike."""

from django.utils.translation import gettext as _

from samspill.transfer.importing import ImportReport

SHOWN = 20


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    if len(items) > SHOWN:
        shown += " " + _("and %(count)d more") % {"count": len(items) - SHOWN}
    return shown


def report_summary(report: ImportReport) -> str:
    return _(
        "Imported “%(name)s” as %(slug)s: %(objects)d objects and %(history)d entries of "
        "audit history."
    ) % {
        "name": report.project.name,
        "slug": report.project.slug,
        "objects": report.objects,
        "history": report.history_entries,
    }


def report_notes(report: ImportReport) -> list[str]:
    """What the import could not carry over as it was, each a sentence to act on."""
    notes = []
    if report.users_not_found:
        notes.append(
            _("No account here for %(names)s: the fields that named them were left empty.")
            % {"names": _listing(report.users_not_found)}
        )
    if report.given_to_importer:
        notes.append(
            _("Given to the importer, as they cannot be left empty: %(fields)s.")
            % {"fields": _listing(report.given_to_importer)}
        )
    if report.members_not_added:
        notes.append(
            _(
                "Not added as members (add them under Members if they should have access): "
                "%(members)s."
            )
            % {"members": _listing(report.members_not_added)}
        )
    if report.files_not_included:
        notes.append(
            _("Files the export did not include, left empty: %(files)s.")
            % {"files": _listing(report.files_not_included)}
        )
    return notes
