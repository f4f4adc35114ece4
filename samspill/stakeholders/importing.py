"""Importing and exporting stakeholder lists: all or nothing, with every problem named."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from method.spreadsheet import TableError, write_csv, write_xlsx
from method.stakeholder_import import COLUMNS, PersonRow, RowError, parse_people
from samspill.core.uploads import more_problems_message, problem_count, table_error_message
from samspill.stakeholders import services
from samspill.stakeholders.models import Person

MAX_ERRORS = 100  # problems listed at most; the rest are counted in a last entry

# How each column is called in a file, per language (any of them is accepted on import).
EXPORT_HEADERS = {
    "en": list(COLUMNS),
    "nb": ["gruppe", "navn", "tittel", "innflytelse", "interesse", "holdning", "e-post", "notater"],
}


def row_error_message(error: RowError) -> str:
    if error.code == "too_many_errors":
        return more_problems_message(error.params)
    messages = {
        "required": _("required"),
        "too_long": _("%(length)s characters; at most %(limit)s"),
        "unknown_group": _("no group called “%(value)s” in this project"),
        "duplicate_in_file": _("this name is already on line %(first_line)s"),
        "not_a_whole_number": _("“%(value)s” is not a whole number"),
        "out_of_range": _("%(value)s is outside %(low)s to %(high)s"),
        "unknown_stance": _("“%(value)s” is not a stance (−2 to 2, or resistant … champion)"),
        "invalid_email": _("“%(value)s” is not an e-mail address"),
        "invalid": _("%(message)s"),
    }
    return messages.get(error.code, error.code) % dict(error.params)


@dataclass
class ImportReport:
    file_error: str = ""
    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    column_names: dict[str, str] = field(default_factory=dict)

    def column_name(self, column: str) -> str:
        """A column as the file names it ("e-post"), for the error list."""
        return self.column_names.get(column, column)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def problem_count(self) -> int:
        """All problems found, also those past MAX_ERRORS that are only counted."""
        return problem_count(self.errors)


def _group_lookup(project) -> dict[str, object]:
    lookup = {}
    for group in project.stakeholder_groups.all():
        lookup[group.name.lower()] = group
        if group.preset_key:
            lookup[group.preset_key.lower()] = group
    return lookup


def _model_errors(row: PersonRow, person: Person) -> list[RowError]:
    """Checks only the model knows (an email's form, for instance)."""
    try:
        person.full_clean(exclude=["project", "group"], validate_unique=False)
    except ValidationError as error:
        return [
            RowError(row.line, column, "invalid", (("message", " ".join(messages)),))
            for column, messages in error.message_dict.items()
        ]
    return []


def _email_problem(address: str) -> str | None:
    """Django's own test of an address, run on every row (see parse_people)."""
    try:
        validate_email(address)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def people_import(*, actor, project, data: bytes, filename: str) -> ImportReport:
    """Create or update people from a file. If anything is wrong, nothing is written."""
    groups = _group_lookup(project)
    try:
        parsed = parse_people(
            data,
            filename,
            known_groups={key: group.name for key, group in groups.items()},
            email_check=_email_problem,
        )
    except TableError as error:
        return ImportReport(file_error=table_error_message(error))
    report = ImportReport(
        errors=list(parsed.errors),
        ignored_columns=parsed.ignored_columns,
        column_names=dict(parsed.column_names),
    )
    existing = {p.name.casefold(): p for p in project.people.select_related("group")}
    for row in parsed.rows:
        candidate = Person(
            project=project,
            group=groups[row.group.lower()],
            name=row.name,
            title=row.title,
            influence=row.influence,
            interest=row.interest,
            stance=row.stance,
            email=row.email,
            notes=row.notes,
        )
        report.errors.extend(_model_errors(row, candidate))
    if not report.ok:
        report.errors.sort(
            key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
        )
        if len(report.errors) > MAX_ERRORS:
            unlisted = report.errors[MAX_ERRORS:]
            more = (("limit", MAX_ERRORS), ("more", len(unlisted)))
            report.errors[MAX_ERRORS:] = [RowError(unlisted[0].line, "", "too_many_errors", more)]
        return report
    with transaction.atomic():
        for row in parsed.rows:
            _apply_row(actor, project, row, groups[row.group.lower()], existing, report)
    return report


def _apply_row(actor, project, row: PersonRow, group, existing, report: ImportReport) -> None:
    person = existing.get(row.name.casefold())
    values = {
        "group": group,
        "title": row.title,
        "influence": row.influence,
        "interest": row.interest,
        "email": row.email,
        "notes": row.notes,
    }
    if person is None:
        person = services.person_create(
            actor=actor, project=project, name=row.name, stance=row.stance, **values
        )
        existing[row.name.casefold()] = person
        report.created.append(row.name)
        return
    before = (person.version, person.stance)
    person = services.person_update(
        actor=actor, person=person, expected_version=person.version, **values
    )
    if row.stance != person.stance:
        person = services.person_change_stance(
            actor=actor,
            person=person,
            expected_version=person.version,
            stance=row.stance,
            reason=_("imported"),
        )
    if (person.version, person.stance) == before:
        report.unchanged.append(row.name)
    else:
        report.updated.append(row.name)


def people_export(project, *, file_format: str, language: str = "en") -> tuple[bytes, str, str]:
    """The project's people as CSV or XLSX: (content, content type, file name)."""
    header = EXPORT_HEADERS.get(language, EXPORT_HEADERS["en"])
    rows = [
        [p.group.name, p.name, p.title, p.influence, p.interest, p.stance, p.email, p.notes]
        for p in project.people.select_related("group").order_by("group__position", "name")
    ]
    name = f"{project.slug}-stakeholders"
    if file_format == "xlsx":
        return (
            write_xlsx(header, rows, title="Stakeholders"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    if file_format == "csv":
        return write_csv(header, rows), "text/csv; charset=utf-8", f"{name}.csv"
    raise ValueError(f"Unknown format {file_format!r}; use csv or xlsx.")
