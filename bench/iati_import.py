"""IATI import speed: activities per second, against the parsing limit and a peer parser.

    python -m bench.iati_import [--activities 100000] [--postgres postgres://…/db]

Five figures over the same generated file (interop.synthetic, ~1.9 kB per activity):

1. raw ``lxml.etree.iterparse`` over ``iati-activity`` end events, clearing as it goes —
   the parsing limit, doing nothing with the data;
2. the ``iatikit`` parser (``iatikit.Dataset(path).activities``) iterating every activity and
   reading its identifier — a peer that parses but stores nothing;
3. our reader alone (iterparse + every check of ``parse_activity``), writing nothing — where
   the time goes before the database;
4. ``import_iati`` into a fresh SQLite file (the default deployment);
5. ``import_iati`` into a fresh PostgreSQL database, if ``--postgres`` (or
   ``BENCH_POSTGRES_URL``) names one.

Each import runs in a subprocess (``manage.py import_iati``) so the database is chosen by
environment, as in production. Results are printed and written to bench/results/iati_import.json.
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


def parse_and_check(path: Path) -> int:
    """Our reader without the database: iterparse plus every check of parse_activity."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    django.setup()
    import pycountry
    from lxml import etree

    from interop.iati_activity import parse_activity
    from interop.iati_parse import SAFE_PARSER_OPTIONS
    from interop.iati_read import _free

    countries = frozenset(c.alpha_2 for c in pycountry.countries)
    count = 0
    for _, element in etree.iterparse(
        str(path), events=("end",), tag="iati-activity", **SAFE_PARSER_OPTIONS
    ):
        parse_activity(element, countries)
        count += 1
        _free(element)
    return count


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
    seconds = time.perf_counter() - start
    result = {
        "what": label,
        "activities": count,
        "seconds": round(seconds, 2),
        "per_second": round(count / seconds),
    }
    print(f"{label:<32} {count:>8} activities {seconds:8.1f} s {result['per_second']:>8} /s")
    return result


def _manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def import_into(database_url: str | None, var_dir: Path, path: Path) -> int:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DIGICOOP_VAR_DIR"] = str(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    _manage(env, "migrate", "--verbosity", "0")
    start = time.perf_counter()
    _manage(env, "import_iati", str(path))
    return time.perf_counter() - start


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
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from interop.synthetic import write_synthetic_iati

    with tempfile.TemporaryDirectory() as tmp:
        path = write_synthetic_iati(Path(tmp) / "bench.xml", args.activities)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.activities} activities, {size_mb:.0f} MB")
        results = [timed("raw lxml iterparse", raw_iterparse, path)]
        results.append(timed("iatikit (iterate activities)", iatikit_pass, path))
        results.append(timed("our parse + checks, no database", parse_and_check, path))
        seconds = import_into(None, Path(tmp) / "sqlite", path)
        results.append(_import_result("import_iati, SQLite", args.activities, seconds))
        if args.postgres:
            _fresh_postgres(args.postgres)
            seconds = import_into(args.postgres, Path(tmp) / "pg", path)
            results.append(_import_result("import_iati, PostgreSQL", args.activities, seconds))
    raw = results[0]["per_second"]
    for r in results:
        r["ratio_to_raw_parse"] = round(r["per_second"] / raw, 3)
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "iati_import.json").write_text(
        json.dumps(
            {"activities": args.activities, "file_mb": round(size_mb), "results": results}, indent=2
        )
    )
    print(
        "\nratio to the raw parse: "
        + ", ".join(f"{r['what']}: {r['ratio_to_raw_parse']:.2f}" for r in results[1:])
    )


def _import_result(label: str, count: int, seconds: float) -> dict:
    per_second = round(count / seconds)
    print(
        f"{label:<32} {count:>8} activities {seconds:8.1f} s {per_second:>8} /s"
        "  (incl. process start-up)"
    )
    return {
        "what": label,
        "activities": count,
        "seconds": round(seconds, 2),
        "per_second": per_second,
    }


if __name__ == "__main__":
    main()
