"""Two imports of overlapping people at the same moment give the people one import would.

Real transactions: on PostgreSQL two threads, each with its own connection; on SQLite two
processes on a database file (the test database lives in memory, shared by one process only).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from talent.identity import reveal
from talent.models import Enrolment, Merge, Person, PossibleDuplicate, TalentEvent
from talent.sheets import import_sheet, template_csv
from talent.tests.helpers import make_programme

PEOPLE = 40


def _sheet(rows: list[str]) -> bytes:
    return "\n".join([template_csv().decode("utf-8-sig").strip(), *rows]).encode()


def _row(n: int, *, email: bool, id_number: bool) -> str:
    return ",".join(
        [
            f"Trainee Number{n}",
            f"person{n}@example.org" if email else "",
            "",
            f"ID{n:06d}" if id_number else "",
            "KE" if id_number else "",
            "female" if n % 2 else "male",
            str(1980 + n % 25),
            "KE",
            "",
            "2025-03-01",
            "completed",
            "2025-05-30",
            "yes",
            "2025-03-01",
        ]
    )


def _sheets() -> tuple[bytes, bytes]:
    """Provider 1 knows people 0–29 by e-mail; provider 2 knows 10–39 by ID, and 10–19 also by
    e-mail: people 10–19 are linked across the two imports, 20–29 cannot be (nothing shared)."""
    first = [_row(n, email=True, id_number=False) for n in range(30)]
    second = [_row(n, email=n < 20, id_number=True) for n in range(10, PEOPLE)]
    return _sheet(first), _sheet(second)


def _people() -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for person in Person.objects.all():
        data = reveal(person)
        groups.setdefault(person.talent_id, []).append(data.email or data.id_number)
    return sorted(sorted(g) for g in groups.values())


def _expected() -> list[list[str]]:
    # People 10–19: provider 1's e-mail record and provider 2's e-mail+ID record are one person.
    groups = [[f"person{n}@example.org"] for n in range(10)]
    groups += [[f"person{n}@example.org"] * 2 for n in range(10, 20)]
    groups += [[f"person{n}@example.org"] for n in range(20, 30)]
    groups += [[f"ID{n:06d}"] for n in range(20, PEOPLE)]  # no shared identifier: apart
    return sorted(sorted(g) for g in groups)


def _clear() -> None:
    Enrolment.objects.all().delete()
    PossibleDuplicate.objects.all().delete()
    Merge.objects.all().delete()
    TalentEvent.objects.all().delete()
    Person.objects.update(merged_into=None)
    Person.objects.all().delete()


def _in_threads(jobs) -> None:
    start, errors = threading.Barrier(len(jobs)), []

    def run(programme, provider, content):
        try:
            start.wait()
            report = import_sheet(programme, provider, content, "sheet.csv")
            assert report.refused == 0, report.errors
        except Exception as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def _run(args: list[str], database: Path, *, wait: bool = True):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DIGICOOP_DATA_KEY": settings.DIGICOOP_DATA_KEYS,
    }
    command = [sys.executable, "-m", "talent.tests.concurrent_import", *args]
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if not wait:
        return process
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return json.loads(out)


def test_two_parallel_imports_give_the_people_of_one_sequential_import(
    transactional_db, personas, tmp_path
):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.chinese_company)
    one, two = _sheets()
    if connection.vendor == "postgresql":
        _in_threads([(first, p.kenyan_ministry, one), (second, p.chinese_company, two)])
        parallel = _people()
        _clear()
        import_sheet(first, p.kenyan_ministry, one, "one.csv")
        import_sheet(second, p.chinese_company, two, "two.csv")
        sequential = _people()
    else:
        (tmp_path / "one.csv").write_bytes(one)
        (tmp_path / "two.csv").write_bytes(two)
        base = tmp_path / "base.sqlite3"
        with sqlite3.connect(base) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        shutil.copy(base, tmp_path / "sequential.sqlite3")
        jobs = [
            ["import", str(first.pk), str(p.kenyan_ministry.pk), str(tmp_path / "one.csv")],
            ["import", str(second.pk), str(p.chinese_company.pk), str(tmp_path / "two.csv")],
        ]
        running = [_run(job, base, wait=False) for job in jobs]
        for process in running:
            _out, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
        parallel = _run(["people"], base)
        for job in jobs:
            _run(job, tmp_path / "sequential.sqlite3")
        sequential = _run(["people"], tmp_path / "sequential.sqlite3")
    assert parallel == sequential == _expected()
