"""Imports as background jobs: an upload is saved, queued, and run by a worker.

The web request only checks the form, keeps the file (``ImportJob.file``, for the record) and
queues the job in the same transaction, so it returns at once whatever the file's size and
never holds the database's write lock for long. A worker (``manage.py db_worker``) runs
``run_import``: the same importers as the command line, which write activity by activity in
short transactions (or the whole file in one with all-or-nothing), while the job row shows
the progress.

If the worker dies mid-file (killed, machine restarted), every activity is still whole: each
batch commits or rolls back as one. The job stays "running" until ``reap_lost`` (called by
the job pages and by every worker before it starts a job) sees that its worker process is gone
(same machine) or has not reported for ``LOST_AFTER`` (another machine), and marks it failed
with the reason. ``retry`` queues it again: activities already written are found unchanged.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digicoop.tasks import task
from interop import signals
from interop.models import ImportJob
from languages.preferences import language_of

State = ImportJob.State
logger = logging.getLogger(__name__)
LOST_AFTER = dt.timedelta(minutes=10)  # no report from a worker on another machine for this long
PROGRESS_EVERY = 0.5  # seconds between progress writes
CREATED_IDS_KEPT = 1000  # links to created records on the report (the counts are exact)


def submit(
    upload: UploadedFile,
    *,
    kind: str,
    plan,
    user,
    requested_state: str = "",
    all_or_nothing: bool = False,
) -> ImportJob:
    """Keep the uploaded file and queue its import; returns the queued job."""
    job = ImportJob(
        kind=kind,
        plan=plan,
        user=user if getattr(user, "is_authenticated", False) else None,
        file_name=Path(upload.name).name[:300],
        size=upload.size or 0,
        requested_state=requested_state or "",
        all_or_nothing=all_or_nothing,
    )
    job.file.save(Path(upload.name).name, upload, save=False)
    with transaction.atomic():  # the job and its queued task, both or neither
        job.save()
        _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    # The queue is a table of the same database: the queued task commits (or rolls back)
    # with the job row, so no worker can pick it up before the job exists.
    run_import.enqueue(job.pk)


def retry(job: ImportJob) -> ImportJob:
    """Queue a failed job again, from the start of its file (kept)."""
    if job.state != State.FAILED:
        raise ValueError(_("Only a failed import can be run again."))
    ImportJob.objects.filter(pk=job.pk).update(
        state=State.QUEUED,
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
        worker="",
        error="",
        bytes_done=0,
        read=0,
        created=0,
        updated=0,
        unchanged=0,
        refused=0,
        refusals=[],
        created_ids=[],
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


# --- the worker's side ----------------------------------------------------------------------------


def _process_start(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot), so a reused pid is not mistaken
    for the worker that died; empty where /proc is not available."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def this_worker() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def _worker_alive(worker: str) -> bool | None:
    """True/False for a worker of this machine; None for another machine's (cannot tell)."""
    host, _sep, rest = worker.partition(":")
    if host != socket.gethostname() or not rest:
        return None
    pid_text, _sep, started = rest.partition(":")
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started or _process_start(pid) == started


def reap_lost() -> int:
    """Mark failed the running jobs whose worker is gone; returns how many."""
    now = timezone.now()
    lost = []
    for job in ImportJob.objects.filter(state=State.RUNNING).only(
        "pk", "worker", "heartbeat_at", "all_or_nothing"
    ):
        alive = _worker_alive(job.worker)
        if alive is None:
            # Another machine: only its reports tell. An all-or-nothing import reports nothing
            # until it ends (its writes are one transaction), so it is never judged by silence.
            alive = job.all_or_nothing or (job.heartbeat_at or now) > now - LOST_AFTER
        if not alive:
            lost.append(job.pk)
    if lost:
        ImportJob.objects.filter(pk__in=lost, state=State.RUNNING).update(
            state=State.FAILED,
            finished_at=now,
            error=_(
                "The import stopped before the end: its worker process ended (it was killed or "
                "its machine restarted). Every activity is either wholly written or not at all; "
                "run it again to finish (activities already written are found unchanged)."
            ),
        )
    return len(lost)


class _Progress:
    """Writes the running counts to the job row, at most every PROGRESS_EVERY seconds."""

    def __init__(self, job: ImportJob, summary) -> None:
        self.job = job
        self.summary = summary
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        if connection.in_atomic_block:
            # An all-or-nothing file is one transaction: a write here would be invisible until
            # the end and rolled back with it, so there is nothing to show meanwhile.
            return
        self.last = now
        s = self.summary
        try:
            ImportJob.objects.filter(pk=self.job.pk).update(
                bytes_done=done,
                read=s.read,
                created=s.created,
                updated=s.updated,
                unchanged=s.unchanged,
                refused=len(s.refusals),
                heartbeat_at=timezone.now(),
            )
        except OperationalError:
            # The database was busy past its timeout: progress is only for show, the import
            # goes on (the next report, or the final one, brings the counts up to date).
            self.last = 0.0


@task(queue_name="imports")
def run_import(job_id: int) -> str:
    """Run a queued import job (in a worker)."""
    reap_lost()
    claimed = ImportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        worker=this_worker(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "not queued"  # run already, or retried under another task
    job = ImportJob.objects.select_related("plan", "user").get(pk=job_id)
    # The refusals are stored as text for the import history: written in the language of
    # whoever submitted the file (their choice with the switcher, else the site's).
    with translation.override(language_of(job.user)):
        try:
            fields = _run_iati(job) if job.kind == ImportJob.Kind.IATI else _run_sheet(job)
        except Exception as exc:
            ImportJob.objects.filter(pk=job.pk).update(
                state=State.FAILED,
                finished_at=timezone.now(),
                error=_("The import failed: %(reason)s") % {"reason": exc},
            )
            _finished(job)
            raise
    ImportJob.objects.filter(pk=job.pk).update(
        state=State.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now(), **fields
    )
    _finished(job)
    return State.DONE


def _finished(job: ImportJob) -> None:
    """Tell whoever listens (notifications) that the job ended; their failure is not the
    import's, so it is logged and the job's outcome stands."""
    job.refresh_from_db()
    for _receiver, error in signals.import_finished.send_robust(sender=ImportJob, job=job):
        if error is not None:
            logger.error("a receiver of import_finished failed: %s", error)


def _run_iati(job: ImportJob) -> dict:
    from interop.iati_import import ImportSummary, import_iati_files

    path = Path(job.file.path)
    summary = ImportSummary()
    import_iati_files(
        [path],
        plan=job.plan,
        state=job.requested_state or None,
        user=job.user,
        all_or_nothing=job.all_or_nothing,
        progress=_Progress(job, summary),
        names={path: job.file_name},
        summary=summary,
    )
    return {
        "bytes_done": job.size,
        "read": summary.read,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "refused": len(summary.refusals),
        # FILE:LINE: activity ID: reason, as the command prints it
        "refusals": [str(problem) for problem in summary.refusals],
        "created_ids": summary.created_ids[:CREATED_IDS_KEPT],
    }


def _run_sheet(job: ImportJob) -> dict:
    from interop.sheet_import import import_sheet

    with job.file.open("rb") as handle:
        result = import_sheet(handle, job.file_name, plan=job.plan, user=job.user)
    refusals = [str(problem) for problem in result.errors]  # row, column, value: why
    rows = result.created + result.updated + result.unchanged
    return {
        "bytes_done": job.size,
        "read": rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "refused": len(refusals),
        "refusals": refusals,
        "created_ids": result.created_ids[:CREATED_IDS_KEPT],
    }


def visible_jobs(user):
    """The import history a user may read: the secretariat of a plan sees its plan's imports."""
    from accounts.permissions import is_secretariat
    from plans.models import Plan

    if getattr(user, "is_superuser", False):
        return ImportJob.objects.all()
    plans = [p.pk for p in Plan.objects.all() if is_secretariat(user, p.pk)]
    return ImportJob.objects.filter(Q(plan__in=plans))
