"""Background jobs of the finance app (run by the task worker, never inside a request)."""

from __future__ import annotations

from digicoop.tasks import task
from finance.models import ReportingDeadline
from finance.reporting import send
from participants.models import Organisation


@task()
def send_reminder(deadline_id: int, organisation_id: int, kind: str) -> bool:
    deadline = ReportingDeadline.objects.select_related("plan").filter(pk=deadline_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if deadline is None or organisation is None:  # removed since the job was queued
        return False
    return send(deadline, organisation, kind)
