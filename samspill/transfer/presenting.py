"""The import report in words, for the page and the command line alike."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def report_history(report: ImportReport) -> str:
    """What the import proved about the file's audit history, in one plain sentence."""
    if report.history_entries == 0:
        return _("The file has no audit history to check.")
    return ngettext(
        "The audit history was checked: its %(count)d entry matches its hash and starts the chain.",
        "The audit history was checked: all %(count)d entries match their hashes, each links "
        "to the one before it, and their numbers are in order.",
        report.history_entries,
    ) % {"count": report.history_entries}


def report_notes(report: ImportReport) -> list[str]:
    """What the import could not carry over or check, each a sentence to act on."""
    notes = []
    if report.history_entries and not report.history_head_checked:
        notes.append(
            _(
                "The file was exported by an older Samspill that did not record the history's "
                "last entry, so the import could not check that no entries were removed from "
                "the end of the history. Compare its last entry with the original server if "
                "that matters."
            )
        )
    if report.history_links_unchecked:
        notes.append(
            ngettext(
                "%(count)d entry was written before Samspill linked a project's entries to each "
                "other, and its link to the entry before it could not be checked.",
                "%(count)d entries were written before Samspill linked a project's entries to "
                "each other, and their links to the entries before them could not be checked.",
                report.history_links_unchecked,
            )
            % {"count": report.history_links_unchecked}
        )
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
