"""IATI import speed: activities per second, against the parsing limit and a peer parser.

    python -m bench.iati_import [--activities 100000] [--real-shaped 3000]
                                [--postgres postgres://…/db]

Figures over the same generated file (interop.synthetic, ~1.9 kB per activity):

1. raw ``lxml.etree.iterparse`` over ``iati-activity`` end events, clearing as it goes —
   the parsing limit, doing nothing with the data;
2. the ``iatikit`` parser (``iatikit.Dataset(path).activities``) iterating every activity and
   reading its identifier — a peer that parses but stores nothing;
3. our reader alone (``read_activities``: iterparse, every check, storage form), in one
   process, writing nothing;
4. per database — SQLite file, and PostgreSQL if ``--postgres`` (or ``BENCH_POSTGRES_URL``)
   names one:
   a. the writing alone: every activity read into memory first (not timed), then only the
      importer's writer timed — the share one process must do in order;
   a'. the database floor: the very rows the writer stored (history entries included),
      written again by the backend's fastest path with no Python per value
      (``database_floor``) — what the database itself costs, whatever the importer does;
   a''. the same activities written again: each compared with what is stored and left
      untouched (an unchanged re-import);
   b. ``manage.py import_iati`` on the file, timed around the subprocess, with the time the
      same command takes on an empty file (Django start-up) reported beside it.

All of this runs twice: on the generated file (``--activities``, default 100,000) and, with
``--real-shaped N`` (default 3,000; needs ../shared/data/iati), on N activities cycled from
the shared real IATI files (``interop.synthetic.write_real_shaped_iati``), whose activities
are 4 to 50 times larger than the generated ones.

Each database figure runs in a subprocess so that the database is chosen by environment, as
in production. Results are printed and written to bench/results/iati_import.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_IATI = REPO.parent / "shared" / "data" / "iati"


def raw_iterparse(path: Path) -> int:
    from lxml import etree

    count = 0
    for _, element in etree.iterparse(
        str(path), events=("end",), tag="iati-activity", resolve_entities=False, no_network=True
    ):
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    django.setup()


def our_reader(path: Path) -> int:
    """Our reader without the database: iterparse, every check, rows in storage form."""
    import pycountry

    from interop.iati_read import read_activities

    countries = frozenset(c.alpha_2 for c in pycountry.countries)
    return sum(
        is_activity for _, _, is_activity in read_activities(path, "bench", countries, "sqlite")
    )


def write_only(path: Path) -> None:
    """Run in a subprocess on a migrated database: time only the importer's writer."""
    _django()
    from django.db import connection

    from interop.iati_import import BATCH_SIZE, ImportSummary, _Writer, default_plan
    from interop.iati_read import read_activities

    writer = _Writer(default_plan(), None, None)
    rows = [
        item
        for _, item, _ in read_activities(path, "bench", writer.country_codes, connection.vendor)
    ]

    def write_all() -> tuple[ImportSummary, float]:
        summary = ImportSummary()
        start = time.perf_counter()
        for at in range(0, len(rows), BATCH_SIZE):
            writer.write(rows[at : at + BATCH_SIZE], str(path), summary)
        return summary, time.perf_counter() - start

    summary, seconds = write_all()
    assert summary.created == len(rows) and not summary.refusals, summary
    # The same rows again: every activity is compared with what is stored and left untouched.
    again, unchanged_seconds = write_all()
    assert again.unchanged == len(rows) and not again.updated, again
    rows.clear()
    floor = database_floor()
    print(
        json.dumps(
            {
                "activities": summary.created,
                "seconds": seconds,
                "floor_seconds": floor,
                "unchanged_seconds": unchanged_seconds,
            }
        )
    )


def database_floor() -> float:
    """Seconds the database alone takes to store exactly the rows the writer just stored.

    Every imported table is copied out (with its keys), emptied, and the copied rows written
    back in one transaction by the backend's fastest path with no Python work per value:
    ``executemany`` of the fetched tuples on SQLite, ``COPY … FROM STDIN`` of the text
    ``COPY … TO STDOUT`` produced on PostgreSQL. Parents before children, same indexes,
    constraints and foreign-key checks as the import.
    """
    from django.db import connection, transaction

    from interop.iati_import import IMPORTED_MODELS

    connection.ensure_connection()
    raw = connection.connection
    quote = connection.ops.quote_name
    tables = []
    for model in IMPORTED_MODELS:
        columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
        tables.append((quote(model._meta.db_table), columns, len(model._meta.concrete_fields)))
    if connection.vendor == "postgresql":
        return _floor_postgres(raw, tables)
    saved = [raw.execute(f"SELECT {c} FROM {t}").fetchall() for t, c, _ in tables]  # noqa: S608
    with transaction.atomic():
        for table, _, _ in reversed(tables):
            raw.execute(f"DELETE FROM {table}")  # noqa: S608
    start = time.perf_counter()
    with transaction.atomic():
        for (table, columns, width), rows in zip(tables, saved, strict=True):
            marks = ", ".join("?" * width)
            raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    return time.perf_counter() - start


def _floor_postgres(raw, tables) -> float:
    from django.db import transaction

    saved = []
    with raw.cursor() as cursor:
        for table, columns, _ in tables:
            with cursor.copy(f"COPY {table} ({columns}) TO STDOUT") as copy:
                saved.append(b"".join(bytes(block) for block in copy))
    with transaction.atomic(), raw.cursor() as cursor:
        for table, _, _ in reversed(tables):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    start = time.perf_counter()
    with transaction.atomic(), raw.cursor() as cursor:
        for (table, columns, _), data in zip(tables, saved, strict=True):
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(data)
    return time.perf_counter() - start


def iatikit_pass(path: Path) -> int:
    import iatikit

    count = 0
    for activity in iatikit.Dataset(str(path)).activities:
        if activity.iati_identifier:
            count += 1
    return count


def timed(label: str, fn, *args) -> dict:
    start = time.perf_counter()
    count = fn(*args)
    return _result(label, count, time.perf_counter() - start)


def _env(database_url: str | None, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DIGICOOP_VAR_DIR"] = str(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *args], cwd=REPO, env=env, check=True, capture_output=True, text=True
    ).stdout


def database_figures(label: str, database_url: str | None, tmp: Path, path: Path, empty: Path):
    """Writing alone, then the whole command, each on a freshly migrated database."""
    figures = []
    floor_seconds = 0.0
    for run, what in (("write", "writing alone"), ("import", "import_iati")):
        if database_url:
            _fresh_postgres(database_url)
        env = _env(database_url, tmp / f"{path.stem}-{label}-{run}")
        _run(env, "manage.py", "migrate", "--verbosity", "0")
        if run == "write":
            out = json.loads(_run(env, "-m", "bench.iati_import", "--write-only", str(path)))
            figures.append(_result(f"{what}, {label}", out["activities"], out["seconds"]))
            figures.append(
                _result(f"database floor, {label}", out["activities"], out["floor_seconds"])
            )
            figures[-2]["ratio_to_floor"] = round(out["floor_seconds"] / out["seconds"], 3)
            figures.append(
                _result(
                    f"unchanged re-import, writer, {label}",
                    out["activities"],
                    out["unchanged_seconds"],
                )
            )
            floor_seconds = out["floor_seconds"]
            continue
        start = time.perf_counter()
        _run(env, "manage.py", "import_iati", str(empty))
        startup = time.perf_counter() - start
        start = time.perf_counter()
        _run(env, "manage.py", "import_iati", str(path))
        seconds = time.perf_counter() - start
        count = int(_run(env, "manage.py", "shell", "-c", COUNT).split()[-1])
        result = _result(f"{what}, {label}", count, seconds)
        result["startup_seconds"] = round(startup, 2)
        result["per_second_after_startup"] = round(count / (seconds - startup))
        result["ratio_to_floor"] = round(floor_seconds / (seconds - startup), 3)
        print(f"{'':<34}start-up {startup:.1f} s; {result['per_second_after_startup']} /s after it")
        figures.append(result)
    return figures


COUNT = "from activities.models import Activity; print(Activity.objects.count())"


def _fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument(
        "--real-shaped",
        type=int,
        default=3000,
        help="also measure this many activities cycled from the shared real IATI files (0: no)",
    )
    parser.add_argument("--write-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    if args.write_only:
        write_only(args.write_only)
        return
    from interop.synthetic import write_real_shaped_iati, write_synthetic_iati

    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        empty = write_synthetic_iati(tmp / "empty.xml", 0)
        path = write_synthetic_iati(tmp / "synthetic.xml", args.activities)
        report["synthetic"] = measure(path, args.activities, empty, tmp, args.postgres)
        if args.real_shaped and SHARED_IATI.is_dir():
            sources = sorted(SHARED_IATI.glob("*.xml"))
            path = write_real_shaped_iati(tmp / "real-shaped.xml", args.real_shaped, sources)
            report["real_shaped"] = measure(path, args.real_shaped, empty, tmp, args.postgres)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "iati_import.json").write_text(json.dumps(report, indent=2))


def measure(path: Path, count: int, empty: Path, tmp: Path, postgres: str | None) -> dict:
    size_mb = path.stat().st_size / 1e6
    print(f"\n{path.name}: {count} activities, {size_mb:.0f} MB, {os.cpu_count()} cores")
    results = [timed("raw lxml iterparse", raw_iterparse, path)]
    results.append(timed("iatikit (iterate activities)", iatikit_pass, path))
    _django()  # set up before the clock starts, as the importer's process is
    results.append(timed("our reader alone, no database", our_reader, path))
    results += database_figures("SQLite", None, tmp, path, empty)
    if postgres:
        results += database_figures("PostgreSQL", postgres, tmp, path, empty)
    raw = results[0]["per_second"]
    for r in results:
        r["ratio_to_raw_parse"] = round(r["per_second"] / raw, 3)
        if "per_second_after_startup" in r:
            r["ratio_after_startup"] = round(r["per_second_after_startup"] / raw, 3)
    print(
        "ratio to the raw parse: "
        + ", ".join(
            f"{r['what']}: {r.get('ratio_after_startup', r['ratio_to_raw_parse']):.2f}"
            for r in results[1:]
        )
    )
    return {"activities": count, "file_mb": round(size_mb), "results": results}


def _result(label: str, count: int, seconds: float) -> dict:
    per_second = round(count / seconds)
    print(f"{label:<34} {count:>8} activities {seconds:8.1f} s {per_second:>8} /s")
    return {
        "what": label,
        "activities": count,
        "seconds": round(seconds, 2),
        "per_second": per_second,
    }


if __name__ == "__main__":
    main()
