"""A background worker for browser tests: the real worker loop in a thread of the test."""

from __future__ import annotations

import threading
import time

from django.db import OperationalError, connection


class BackgroundWorker:
    """The real database worker loop (as `manage.py db_worker` runs it) in a thread."""

    def __init__(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["*"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test",
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        # The test database is SQLite's shared in-memory one, which locks whole tables rather
        # than waiting: a poll that meets the web server's write is simply tried again.
        try:
            while self.worker.running:
                try:
                    self.worker.run()
                except OperationalError:
                    time.sleep(0.1)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.worker.running = False
        self.thread.join(timeout=10)
