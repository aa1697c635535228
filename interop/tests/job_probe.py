"""Run in subprocesses by test_import_job_kill: acts on an import job in its own database.

``python -m interop.tests.job_probe submit FILE`` queues a job for FILE and prints its id;
``reap``, ``retry ID`` and ``state ID`` print the job as JSON; ``check`` prints how many
activities are not whole (a budget, two transactions and a history entry each, as every
synthetic activity has).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _job(pk) -> dict:
    from interop.models import ImportJob

    job = ImportJob.objects.get(pk=pk)
    fields = ("state", "error", "read", "created", "updated", "unchanged", "refused")
    return {k: getattr(job, k) for k in fields} | {"bytes_done": job.bytes_done, "size": job.size}


def main(command: str, *args: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    django.setup()
    from django.core.files import File
    from django.db.models import Count, Q

    from activities.models import Activity
    from interop import jobs
    from interop.iati_import import default_plan
    from interop.models import ImportJob

    if command == "submit":
        path = Path(args[0])
        with path.open("rb") as handle:
            job = jobs.submit(
                File(handle, name=path.name), kind="iati", plan=default_plan(), user=None
            )
        print(job.pk)
    elif command == "reap":
        jobs.reap_lost()
        print(json.dumps(_job(ImportJob.objects.get().pk)))
    elif command == "retry":
        jobs.retry(ImportJob.objects.get(pk=args[0]))
        print(json.dumps(_job(args[0])))
    elif command == "state":
        print(json.dumps(_job(args[0])))
    elif command == "check":
        counted = Activity.objects.annotate(
            n_budgets=Count("budgets", distinct=True),
            n_transactions=Count("transactions", distinct=True),
            n_history=Count("changes", distinct=True),
        )
        broken = counted.filter(~Q(n_budgets=1) | ~Q(n_transactions=2) | ~Q(n_history=1)).count()
        print(json.dumps({"activities": Activity.objects.count(), "not_whole": broken}))


if __name__ == "__main__":
    main(*sys.argv[1:])
