"""The checks themselves fail when what they need is missing, instead of passing on less."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import require_shared_data

ROOT = Path(__file__).resolve().parents[2]


def _fake_command(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_ci_fails_when_postgresql_cannot_be_reached_or_started(tmp_path):
    # A PostgreSQL that is down and will not start: pg_isready and pg_ctlcluster both fail.
    # `make` must never be reached (it would start the whole suite again from inside it).
    for name in ("pg_isready", "pg_ctlcluster"):
        _fake_command(tmp_path, name, "exit 2")
    _fake_command(tmp_path, "make", "echo 'make ran' >&2; exit 99")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        ["/bin/bash", str(ROOT / ".ci/run")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "CI needs PostgreSQL on 127.0.0.1:5432" in result.stderr
    assert "make ran" not in result.stderr


def test_missing_shared_data_fails_the_test_naming_the_folder(tmp_path):
    missing = tmp_path / "shared" / "data"
    with pytest.raises(pytest.fail.Exception, match=f"reference data not found at {missing}"):
        require_shared_data(missing)


def test_present_shared_data_is_handed_to_the_test(tmp_path):
    assert require_shared_data(tmp_path) == tmp_path
