"""What the import jobs tell the apps above them, without knowing them.

``import_finished`` is sent by ``interop.jobs.run_import`` (in the worker) once a job is done
or has failed, with ``job`` (the ImportJob, its final state saved).
"""

from __future__ import annotations

from django.dispatch import Signal

import_finished = Signal()
