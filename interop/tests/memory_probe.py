"""Run in a subprocess by test_iati_memory: imports a file, prints memory figures as JSON.

The database is migrated beforehand by another process. After a small warm-up import (every
module loaded, caches warm) the kernel's peak-RSS mark of this process is reset (writing 5 to
/proc/self/clear_refs) and the resident set is read as the baseline; after the big import the
peak mark (VmHWM in /proc/self/status) is read. Their difference is the most the big import
ever added.

``getrusage().ru_maxrss`` is not used for this process: Linux carries the parent's resident
size over into a child's ru_maxrss across fork/exec, so a child of a large pytest process would
report the parent's size, not its own.

A file this large is read by a reader process (``interop.iati_read``); its peak is reported
too, as ``RUSAGE_CHILDREN``'s ru_maxrss. For the reader that carried-over figure is this
process's size when it started the reader, so the value can only overstate the reader's peak.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def main(warmup: str, big: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    django.setup()
    from interop.iati_import import import_iati_files

    import_iati_files([Path(warmup)])
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    baseline = _status_kb("VmRSS")
    summary = import_iati_files([Path(big)])
    peak = _status_kb("VmHWM")
    reader_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    print(
        json.dumps(
            {
                "baseline_kb": baseline,
                "peak_kb": peak,
                "reader_peak_kb": reader_peak,
                "read": summary.read,
                "refusals": len(summary.refusals),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
