"""`samspill storage migrate`: copy the uploads folder into the bucket, checked by SHA-256."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from samspill.core.storage import upload_storage

CHUNK = 1024 * 1024


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "File storage tools. 'storage migrate' copies every file under the uploads folder "
        "(SAMSPILL_UPLOAD_DIR, or --source) to the bucket set by SAMSPILL_S3_BUCKET, under "
        "the same name, reads each back and compares its SHA-256. Files already in the "
        "bucket with the same content are skipped, so it can be run again. The disk files "
        "are left in place."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        migrate = sub.add_parser("migrate", help="Copy disk uploads to the bucket.")
        migrate.add_argument("--source", type=Path, default=None)

    def handle(self, *args, action: str, source: Path | None = None, **options):
        if not settings.S3_BUCKET:
            raise CommandError("Set SAMSPILL_S3_BUCKET (and the other SAMSPILL_S3_*) first.")
        root = Path(source or settings.UPLOAD_DIR)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        bucket = upload_storage()
        copied = skipped = 0
        failed: list[str] = []
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if ".partial-" in path.name:
                continue  # an interrupted write (core/storage.py), never a stored file
            with path.open("rb") as handle:
                expected = _sha256(handle)
            if bucket.exists(name):
                with bucket.open(name, "rb") as handle:
                    if _sha256(handle) == expected:
                        skipped += 1
                        continue
                bucket.delete(name)
            with path.open("rb") as handle:
                saved = bucket.save(name, File(handle, name=name))
            with bucket.open(saved, "rb") as handle:
                actual = _sha256(handle)
            if saved != name or actual != expected:
                failed.append(name)
                self.stderr.write(f"MISMATCH {name}: {expected} on disk, {actual} in bucket")
                continue
            copied += 1
            self.stdout.write(f"copied {name} sha256={expected}")
        self.stdout.write(f"{copied} copied, {skipped} already there, {len(failed)} failed.")
        if failed:
            raise CommandError(f"{len(failed)} file(s) did not arrive intact; see above.")
