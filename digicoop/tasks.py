"""Background jobs: the one place apps get the task queue from.

Django's own tasks framework (``django.tasks`` from Django 6.0; the ``django-tasks`` package,
its reference implementation, before) with the database backend of ``django-tasks-db``: a
queued job is a row of the application's database, so there is no extra server, a job is
queued in the same transaction as the request that asks for it (rolled back with it), and
survives restarts of the web server and of the workers. Workers are ``manage.py db_worker``
processes; ``make run`` starts one, production runs several (README, "Background jobs").

Defining and queueing a job::

    from digicoop.tasks import task

    @task()                         # or task(queue_name="imports") for long jobs
    def send_reminder(pledge_id: int) -> None:
        ...

    send_reminder.enqueue(pledge.pk)   # arguments must be JSON: pass ids, not objects

A job runs in a worker, outside any request, so it loads what it needs from the database and
must tolerate running again after a worker was killed (write in transactions). Tests run the
queued jobs with :func:`run_queued` (the real worker loop, in the test's process).
"""

from __future__ import annotations

import os

try:  # Django 6.0 ships the framework itself
    from django.tasks import (  # type: ignore[import-not-found,unused-ignore]
        TaskResultStatus,
        default_task_backend,
        task,
    )
except ImportError:
    from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["TaskResultStatus", "default_task_backend", "run_queued", "task"]


def run_queued(*, max_tasks: int | None = None, queue: str = "*") -> None:
    """Run the jobs waiting in the queue (all of them, or ``max_tasks``) in this process, with
    the worker's own loop, then return. For tests and one-off scripts; servers run
    ``manage.py db_worker``."""
    from django.db import connection
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(
        queue_names=[queue],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"run_queued-{os.getpid()}",
        excluded_queue_names=[],
    )
    if not connection.in_atomic_block:
        worker.run()
        return
    # Inside a transaction (a test's): the worker loop's periodic close of "obsolete"
    # connections would close this one and lose the transaction; keep it for the run.
    close = db_worker.close_old_connections
    db_worker.close_old_connections = lambda **kwargs: None
    try:
        worker.run()
    finally:
        db_worker.close_old_connections = close
