"""What IATI carries beyond the activity model, kept so that an export gives back what came in.

The activity model holds one sector per transaction, one category per document and numbers for
indicator values; IATI allows several sectors and categories, free-text indicator values,
``tag`` elements and result references. ``IatiExtra.data`` keeps those, addressed by the
ordinal position of the child row (rows are exported in primary-key order, which is the order
they were imported in).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IatiExtra(models.Model):
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="iati_extra"
    )
    data = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"IATI extras of activity {self.activity_id}"


class ImportJob(models.Model):
    """One import of a file (uploaded on the web): queued, run by a background worker, kept.

    The file itself is kept for the record (``file``); the counts are updated as the worker
    goes, so the job's page shows live progress; refusals and the ids of the records created
    are kept for the report. A job whose worker died is marked failed with the reason (see
    ``interop.jobs.reap_lost``) and can be run again.
    """

    class Kind(models.TextChoices):
        IATI = "iati", _("IATI activity file")
        SHEET = "sheet", _("Spreadsheet of activities")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=300)
    file_name = models.CharField(max_length=300)
    size = models.BigIntegerField(default=0)
    # The workflow state asked for every activity of the file; blank: new ones draft, existing
    # ones keep theirs.
    requested_state = models.CharField(max_length=20, blank=True)
    all_or_nothing = models.BooleanField(default=False)

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)  # host:pid:process start
    attempts = models.PositiveIntegerField(default=0)

    bytes_done = models.BigIntegerField(default=0)
    read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    refusals = models.JSONField(default=list, blank=True)  # list of readable sentences
    created_ids = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def duration_text(self) -> str:
        """Whole seconds, as h:mm:ss."""
        return (
            str(dt.timedelta(seconds=round(self.duration.total_seconds()))) if self.duration else ""
        )

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(100, self.bytes_done * 100 // self.size) if self.size else 0
