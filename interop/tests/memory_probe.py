"""Run in a subprocess by test_iati_memory: imports a file, prints RSS figures as JSON.

The database is migrated beforehand by another process, so ``ru_maxrss`` (the peak of this
process's whole life) covers only set-up, a small warm-up import and the big import.
Baseline is the resident set after the warm-up (every module loaded, caches warm); the
difference is what the big import added at its worst moment.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path


def rss_now_kb() -> int:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def main(warmup: str, big: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    django.setup()
    from interop.iati_import import import_iati_files

    import_iati_files([Path(warmup)])
    baseline = rss_now_kb()
    summary = import_iati_files([Path(big)])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "baseline_kb": baseline,
                "peak_kb": peak,
                "read": summary.read,
                "refusals": len(summary.refusals),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
