"""Reports asked for on the web are made by a background worker (``digicoop.tasks``).

The request only checks the filters (``reports.services.resolve``, the command's own checks),
saves a ``Report`` row and queues the job in the same transaction; the report's page reloads
until the worker has stored the file. A job that fails keeps the reason on the row.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digicoop.tasks import task
from reports.models import Report
from reports.services import ReportSpec, report_bytes

State = Report.State


def submit(spec: ReportSpec, fmt: str, user) -> Report:
    """Queue the report described by ``spec``; returns its row (queued)."""
    report = Report(
        plan=spec.plan,
        pillar=spec.pillar,
        country=spec.country,
        period_start=spec.start,
        period_end=spec.end,
        language=spec.language,
        format=fmt,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    with transaction.atomic():  # the row and its queued task, both or neither
        report.save()
        make_report.enqueue(report.pk)
    return report


def spec_of(report: Report) -> ReportSpec:
    return ReportSpec(
        report.plan,
        report.pillar,
        report.country,
        report.period_start,
        report.period_end,
        report.language,
    )


@task()
def make_report(report_id: int) -> str:
    """Make a queued report (in a worker) and store its file under MEDIA_ROOT."""
    claimed = Report.objects.filter(pk=report_id, state=State.QUEUED).update(state=State.RUNNING)
    if not claimed:
        return "not queued"
    report = Report.objects.select_related("plan", "pillar", "country").get(pk=report_id)
    spec = spec_of(report)
    try:
        data = report_bytes(spec, report.format)
        report.file.save(spec.file_name(report.format), ContentFile(data), save=False)
    except Exception as exc:
        Report.objects.filter(pk=report.pk).update(
            state=State.FAILED,
            finished_at=timezone.now(),
            error=_("The report could not be made: %(reason)s") % {"reason": exc},
        )
        raise
    Report.objects.filter(pk=report.pk).update(
        state=State.DONE, finished_at=timezone.now(), file=report.file.name, size=len(data)
    )
    return State.DONE
