from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A progress report asked for on the web: queued, made by a background worker, kept.

    The filters are kept as asked (plan, pillar or country, period, language, format) so the
    list of reports says what each covers; the file is stored under MEDIA_ROOT and served only
    through the report's own view (``reports.views.report_file``).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    pillar = models.ForeignKey(
        "plans.Pillar", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    country = models.ForeignKey(
        "participants.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    language = models.CharField(max_length=10)
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.PDF)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", max_length=300, blank=True)
    size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.pillar or self.country or ''} {self.language} {self.format}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)
