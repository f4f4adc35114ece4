"""Where uploaded and generated files live: a disk folder, or an S3-compatible bucket.

settings.STORAGES["uploads"] picks one (SAMSPILL_S3_BUCKET selects the bucket; see
docs/operations.md). Either way a file is served only through a view that checked the
permission first, and a write either stores the whole file or nothing: on disk the file is
written under a temporary name and linked into place when complete, so a full disk leaves
no half file; a bucket stores an object only when its upload completed. A write that fails
raises FileNotStored, a ValidationError, so the form that sent the file shows the reason
and the database change around it is rolled back.
"""

import contextlib
import logging
import os
import secrets

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("samspill.storage")

NOT_STORED = _(
    "The server could not store the file: its file storage is full or unreachable. "
    "Nothing was saved. Try again later, or tell your administrator."
)


class FileNotStored(ValidationError):
    def __init__(self):
        super().__init__(NOT_STORED, code="file_not_stored")


def upload_storage():
    """The storage for uploaded and generated files (a callable, so no path or bucket
    ends up in a migration)."""
    return storages["uploads"]


class DiskUploadStorage(FileSystemStorage):
    """FileSystemStorage that never leaves a partly written file under its final name."""

    def _save(self, name: str, content) -> str:
        partial = f"{name}.partial-{secrets.token_hex(8)}"
        try:
            partial = super()._save(partial, content)
        except OSError as error:
            self._discard(partial)
            logger.warning("Upload not stored (%s): %s", name, error)
            raise FileNotStored() from error
        return self._link_into_place(partial, name)

    def _link_into_place(self, partial: str, name: str) -> str:
        try:
            while True:
                try:
                    os.link(self.path(partial), self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        except OSError as error:
            logger.warning("Upload not stored (%s): %s", name, error)
            raise FileNotStored() from error
        finally:
            self._discard(partial)
        return name

    def _discard(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path(name))


try:
    from botocore.exceptions import BotoCoreError, ClientError
    from storages.backends.s3 import S3Storage
except ImportError:  # the bucket is optional; without boto3 only the disk storage exists
    S3Storage = None
else:

    class BucketUploadStorage(S3Storage):
        """django-storages' S3Storage; a failed upload becomes a clear form error."""

        def _save(self, name: str, content) -> str:
            try:
                return super()._save(name, content)
            except (BotoCoreError, ClientError, OSError) as error:
                logger.warning("Upload to the bucket failed (%s): %s", name, error)
                raise FileNotStored() from error


def file_response(field_file, *, filename: str):
    """The download of a stored file, for a view that has checked the permission.

    Streamed through the app by default; with SAMSPILL_S3_REDIRECT=1 a redirect to a
    pre-signed bucket URL that expires after SAMSPILL_S3_URL_SECONDS and names the file as
    an attachment. Whoever holds that URL can fetch the file until it expires."""
    from django.conf import settings
    from django.http import FileResponse, HttpResponseRedirect

    if settings.S3_REDIRECT:
        disposition = f'attachment; filename="{filename.replace('"', "")}"'
        return HttpResponseRedirect(
            field_file.storage.url(
                field_file.name, parameters={"ResponseContentDisposition": disposition}
            )
        )
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
