"""Importing a project file as a new project: all or nothing, in one transaction.

The file is read and every object checked first (reading.py, building.py); only then are
the objects inserted, in bulk, in an order where every key points to an existing row. The
import is one entry in this server's audit trail, and the file's own trail is kept as
imported history (history.py says why). A refused file changes nothing, files included.
"""

import hashlib
import posixpath
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record
from samspill.projects.models import Project
from samspill.transfer.building import Builder
from samspill.transfer.errors import Problems, TransferError
from samspill.transfer.history import History, history_digest, history_read, history_store
from samspill.transfer.reading import read_document
from samspill.transfer.schema import SCHEMA


@dataclass
class ImportReport:
    project: Project
    objects: int
    history_entries: int
    uuid_map: dict[str, str]  # old uuid → new uuid, the project's included
    history_head_checked: bool = False  # False: an older file without a recorded head
    history_links_checked: int = 0
    history_links_unchecked: int = 0
    users_not_found: list[str] = field(default_factory=list)
    members_not_added: list[str] = field(default_factory=list)
    files_not_included: list[str] = field(default_factory=list)
    given_to_importer: list[str] = field(default_factory=list)


def project_import(
    *,
    actor,
    data: bytes,
    filename: str,
    slug: str | None = None,
    keep_members: bool = False,
    bounded: bool = True,
) -> ImportReport:
    """Create a new project from an export; raises TransferError and changes nothing if refused.

    `actor` becomes the project's owner (None: the file's owners, from the command line).
    With `keep_members`, the file's members who have an account here of the same username
    keep their roles; otherwise they are listed in the report and the owner adds them.
    `bounded` refuses a file that would cost a web worker too much memory to parse
    (reading.py); the command line turns it off.
    """
    document = read_document(data, bounded=bounded)
    problems = Problems()
    history = history_read(document["audit"], problems, document.get("audit_head"))
    problems.raise_if_any()
    stored: list = []
    try:
        with transaction.atomic():
            build = Builder(document, actor=actor, keep_members=keep_members).build(slug)
            _store_files(build, stored)
            _insert(build)
            seal = audit_record(
                actor=actor,
                project=build.project,
                action=AuditAction.CREATE,
                obj=build.project,
                changes=_seal(build, document, history, filename, data),
                project_link=history.last_hash,
            )
            history_store(build.project, history.entries, sealed_by=seal)
    except (IntegrityError, DataError) as error:
        _delete(stored)
        raise TransferError(
            [_("The file breaks a rule of the database (%(error)s).") % {"error": error}]
        ) from None
    except BaseException:
        _delete(stored)
        raise
    return ImportReport(
        project=build.project,
        objects=build.object_count,
        history_entries=len(history.entries),
        uuid_map=build.uuid_map,
        history_head_checked=history.report.head_checked,
        history_links_checked=history.report.links_checked,
        history_links_unchecked=history.report.links_unchecked,
        users_not_found=sorted(build.users_not_found),
        members_not_added=build.members_not_added,
        files_not_included=build.files_not_included,
        given_to_importer=build.given_to_actor,
    )


def _seal(build: Builder, document: dict, history: History, filename: str, data: bytes) -> dict:
    """The import's audit entry: where the project came from, and its history's digest."""
    facts = {
        "imported_from": filename[:255],
        "file_sha256": hashlib.sha256(data).hexdigest(),
        "schema": SCHEMA,
        "original_project": document["project"]["uuid"],
        "original_slug": document["project"]["slug"][:100],
        "exported_at": document["exported_at"][:40],
        "objects": build.object_count,
        "history_entries": len(history.entries),
        "history_digest": history_digest([entry.entry_hash for entry in history.entries]),
        "history_head_checked": history.report.head_checked,
        "history_links_unchecked": history.report.links_unchecked or "",
        "users_not_found": sorted(build.users_not_found),
        "members_not_added": build.members_not_added,
        "files_not_included": build.files_not_included,
    }
    return {key: [None, value] for key, value in facts.items() if value not in ("", [])}


def _store_files(build: Builder, stored: list) -> None:
    """Write the files first, each in a folder of its own so that its name stays the same."""
    for instance, plan, content in build.files:
        storage = plan.field.storage
        folder = posixpath.dirname(plan.field.generate_filename(instance, content.name))
        name = posixpath.join(folder, secrets.token_hex(6), content.name)
        saved = storage.save(name, content, max_length=plan.field.max_length)
        stored.append((storage, saved))
        setattr(instance, plan.field.attname, saved)


def _delete(stored: list) -> None:
    for storage, name in stored:
        storage.delete(name)


def _insert(build: Builder) -> None:
    build.project.save()
    for plan, instances in build.instances.items():
        plan.model._base_manager.bulk_create(instances)
    by_field = defaultdict(list)
    for plan, instance, target in build.deferred:
        setattr(instance, plan.name, target)
        by_field[(type(instance), plan.name)].append(instance)
    for (model, name), instances in by_field.items():
        model._base_manager.bulk_update(instances, [name])
    _restore_times(build)
    _link(build)


def _restore_times(build: Builder) -> None:
    """Inserting stamps auto_now fields with the time of the import; put the file's back.

    One parameterised UPDATE per row through executemany: bulk_update's CASE expressions
    cost a second for a few thousand rows, this a few milliseconds.
    """
    by_field = defaultdict(list)
    for instance, attname, value in build.times:
        setattr(instance, attname, value)
        by_field[(type(instance), attname)].append(instance)
    quote = connection.ops.quote_name
    for (model, attname), instances in by_field.items():
        field = model._meta.get_field(attname)
        table, column = quote(model._meta.db_table), quote(field.column)
        pk = quote(model._meta.pk.column)
        rows = [(field.get_db_prep_save(getattr(i, attname), connection), i.pk) for i in instances]
        with connection.cursor() as cursor:
            # Only quoted names from the model's metadata are formatted in; values are params.
            cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", rows)  # noqa: S608


def _link(build: Builder) -> None:
    rows = defaultdict(list)
    for plan, instance, targets in build.links:
        field = plan.field
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        rows[through] += [through(**{source: instance.pk, target: t.pk}) for t in targets]
    for through, links in rows.items():
        through.objects.bulk_create(links)
