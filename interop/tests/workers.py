"""A background worker for browser tests: the real worker loop in a thread of the test.

It runs ``max_tasks`` jobs (one by default) and stops, so that once the job is done no worker
query competes with the pages: the test database is SQLite's shared in-memory one, which
answers a competing query with "table is locked" at once instead of waiting as a file does."""

from __future__ import annotations

import threading
import time

from django.db import OperationalError, connection


class BackgroundWorker:
    """The real database worker loop (as `manage.py db_worker` runs it) in a thread."""

    def __init__(self, max_tasks: int = 1) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["*"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id="browser-test",
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            while True:
                try:
                    self.worker.run()
                    return
                except OperationalError:  # the queue poll met a page's query: poll again
                    time.sleep(0.1)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.thread.join(timeout=60)  # the job ends, then the worker (max_tasks)
        self.worker.running = False
