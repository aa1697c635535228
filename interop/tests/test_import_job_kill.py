"""A worker killed (SIGKILL) in the middle of an import leaves every activity whole, the job
is then marked failed with the reason, and running it again completes the file.

Real processes on a real database file: the test database is in memory and private to the
test process, so, as test_iati_memory does, this test migrates its own SQLite file in a
temporary folder, queues the job with one process, runs a real ``db_worker`` in another and
kills it with SIGKILL (no chance to clean up) once some batches are committed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from interop.synthetic import write_synthetic_iati

REPO = Path(__file__).resolve().parents[2]
COUNT = 6_000


def _run(env, *args: str) -> str:
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "interop.tests.job_probe", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def _worker(env, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *extra,
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_mid_file_leaves_whole_activities_and_a_retry_completes(tmp_path):
    big = write_synthetic_iati(tmp_path / "big.xml", COUNT)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DIGICOOP_VAR_DIR"] = str(tmp_path / "var")
    env["DIGICOOP_MEDIA_ROOT"] = str(tmp_path / "media")
    env["DIGICOOP_IATI_PARALLEL_MIN_BYTES"] = str(10**12)  # one process: the one we kill
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=REPO, env=env, check=True
    )
    job_id = _run(env, "submit", str(big))

    worker = _worker(env)
    deadline = time.monotonic() + 240
    database = sqlite3.connect(tmp_path / "var" / "digicoop.sqlite3", timeout=30)
    query = "SELECT state, created FROM interop_importjob WHERE id = ?"
    try:
        while True:
            row = database.execute(query, [job_id]).fetchone()
            state = dict(zip(("state", "created"), row, strict=True))
            if state["state"] == "running" and state["created"] >= 500:
                break
            assert state["state"] in ("queued", "running"), state
            assert time.monotonic() < deadline, f"the worker made no progress: {state}"
            time.sleep(0.2)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=60)
        database.close()

    check = json.loads(_run(env, "check"))
    assert 500 <= check["activities"] < COUNT, "the kill did not land mid-file"
    assert check["not_whole"] == 0, check

    reaped = json.loads(_run(env, "reap"))
    assert reaped["state"] == "failed" and "worker process ended" in reaped["error"]

    _run(env, "retry", job_id)
    finisher = _worker(env, "--batch")
    assert finisher.wait(timeout=400) == 0
    done = json.loads(_run(env, "state", job_id))
    assert done["state"] == "done", done
    assert done["created"] + done["unchanged"] == COUNT and done["unchanged"] == check["activities"]
    assert json.loads(_run(env, "check")) == {"activities": COUNT, "not_whole": 0}
