import uuid

from django.conf import settings
from django.db import models


class ApiJob(models.Model):
    """An import sent through the API, run as a background job (jobs.py). The client polls
    /jobs/{uuid}; the row says what the job has done, the task result how it runs."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # usage | pilot
    filename = models.CharField(max_length=200)
    data = models.BinaryField()  # the upload, cleared once the job has run
    options = models.JSONField(default=dict)
    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, default="queued")  # queued|running|done|failed
    result = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.uuid}"

    # The steps the import page's job shows (notify/imports.py): the file read, then imported.
    PROGRESS_TOTAL = 2

    @property
    def progress(self) -> dict:
        done = {"queued": 0, "running": 1}.get(self.status, self.PROGRESS_TOTAL)
        return {"done": done, "total": self.PROGRESS_TOTAL}
