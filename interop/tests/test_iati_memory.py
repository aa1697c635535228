"""Streaming: importing 50,000 activities keeps memory flat.

Method: the import runs in a fresh subprocess on its own SQLite file (the test database is
in memory and per-process), migrated beforehand by a separate process. The subprocess imports
100 activities to warm up, resets the kernel's peak-RSS mark (/proc/self/clear_refs), reads
its resident set, imports the 50,000-activity file and reads the peak mark (VmHWM); the
difference is the most the big import ever added (see memory_probe for why not ru_maxrss).
The file is about 90 MB; a parser that built the whole tree would need several times that,
so a 64 MB bound cleanly separates streaming from not streaming while leaving room for a
500-activity batch and allocator slack.

A file this large is read by a reader process; the same bound applies to it, measured from
the importing process's own resident size (the reader loads the same modules).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from interop.synthetic import write_synthetic_iati

LIMIT_MB = 64
REPO = Path(__file__).resolve().parents[2]


def test_importing_50000_activities_keeps_peak_memory_growth_under_64_mb(tmp_path):
    warmup = write_synthetic_iati(tmp_path / "warmup.xml", 100)
    big = write_synthetic_iati(tmp_path / "big.xml", 50_000)
    assert big.stat().st_size > 80 * 1024 * 1024
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DIGICOOP_VAR_DIR"] = str(tmp_path / "var")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=REPO, env=env, check=True
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "interop.tests.memory_probe", str(warmup), str(big)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["read"] == 50_000 and figures["refusals"] == 0
    growth_mb = (figures["peak_kb"] - figures["baseline_kb"]) / 1024
    assert growth_mb < LIMIT_MB, f"peak RSS grew by {growth_mb:.1f} MB: {figures}"
    reader_mb = (figures["reader_peak_kb"] - figures["baseline_kb"]) / 1024
    assert figures["reader_peak_kb"] > 0, "the big file was not read by a reader process"
    assert reader_mb < LIMIT_MB, f"the reader peaked {reader_mb:.1f} MB above: {figures}"
