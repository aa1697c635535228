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

from django.core.management import call_command

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
    options: dict = {"batch": True, "reload": False, "startup_delay": False, "verbosity": 0}
    if max_tasks is not None:
        options["max_tasks"] = max_tasks
    call_command("db_worker", queue_name=queue, interval=0, **options)
