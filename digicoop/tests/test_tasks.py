"""The task queue: a job queued by one process is run by a worker, not by whoever queued it."""

from __future__ import annotations

import os

import pytest

from digicoop.tasks import TaskResultStatus, default_task_backend, run_queued, task
from plans.models import Plan


@task()
def rename_plan(slug: str, title: str) -> int:
    Plan.objects.filter(slug=slug).update(short_title=title)
    return os.getpid()


@pytest.mark.django_db
def test_a_queued_job_waits_for_a_worker_and_the_worker_runs_it():
    plan = Plan.objects.get(is_builtin=True)
    result = rename_plan.enqueue(plan.slug, "Renamed by a job")

    plan.refresh_from_db()
    assert plan.short_title != "Renamed by a job"  # queueing ran nothing
    assert default_task_backend.get_result(result.id).status == TaskResultStatus.READY

    run_queued()

    plan.refresh_from_db()
    assert plan.short_title == "Renamed by a job"
    done = default_task_backend.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == os.getpid()


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_with_its_error():
    good = rename_plan.enqueue("no-such-plan", "nothing to rename")
    bad = rename_plan.enqueue("an-argument-missing")
    run_queued()
    assert default_task_backend.get_result(good.id).status == TaskResultStatus.SUCCESSFUL
    failed = default_task_backend.get_result(bad.id)
    assert failed.status == TaskResultStatus.FAILED
    assert "title" in failed.errors[0].traceback
