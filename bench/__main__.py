"""Run every benchmark and print one table: `python -m bench [--quick]` (see bench/README.md).

    python -m bench --quick     # a few minutes: small sizes, demo data, 5-second load measures
    python -m bench             # full sizes (an hour or more; PostgreSQL with BENCH_POSTGRES_URL)

Each benchmark runs in its own process and writes its results (bench/results/, bench/out/);
the table reads them back: each figure, what it is compared with (the serving limit, the raw
parse, the raw SQL), the ratio, and the goal.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS, OUT = HERE / "results", HERE / "out"


def run(module: str, *args: str) -> None:
    print(f"== python -m {module} {' '.join(args)}", flush=True)
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=HERE.parent, check=False)  # noqa: S603
    if done.returncode:
        print(f"   ({module} ended with status {done.returncode}; its rows may be missing)")


def table() -> list[tuple[str, str, str, str]]:
    rows = []
    load = RESULTS / "load.json"
    if load.exists():
        for r in json.loads(load.read_text())["rows"]:
            if "page" in r:
                rows.append(
                    (
                        f"{r['page']} ({r['data']}, {r['mode']}), p50/p99 "
                        f"{r['p50']:.0f}/{r['p99']:.0f} ms",
                        f"static file {r['static']:,.0f}/s",
                        f"{r['ratio']:.3f} ({r['rate']:,.0f}/s)",
                        "≥ 0.25, p99 < 100 ms",
                    )
                )
            else:
                rows.append(
                    (
                        f"API list beside hostile requests ({r['data']})",
                        f"alone {r['alone']['rate']:,.0f}/s",
                        f"{r['beside']['rate'] / r['alone']['rate']:.2f}",
                        "no 5xx; little slowdown",
                    )
                )
    for vendor in ("sqlite", "postgresql"):
        talent = OUT / f"talent-{vendor}.json"
        if talent.exists():
            data = json.loads(talent.read_text())
            for label, t in data["seconds"].items():
                if isinstance(t, dict):
                    rows.append(
                        (
                            f"talent {label} ({vendor}, {data['talents']:,} talents) "
                            f"{t['rollup'] * 1000:.0f} ms",
                            f"raw SQL {t['raw'] * 1000:.0f} ms",
                            f"{t['rollup'] / t['raw']:.3f}",
                            "≤ 1.5, < 300 ms on PostgreSQL",
                        )
                    )
    for vendor in ("sqlite", "postgresql"):
        agg = RESULTS / f"aggregates-{vendor}.json"
        if agg.exists():
            data = json.loads(agg.read_text())
            for r in data["rows"]:
                rows.append(
                    (
                        f"{r['figure']} ({vendor}, {data['activities']:,} activities) "
                        f"{r['ours'] * 1000:.0f} ms",
                        f"raw SQL {r['raw'] * 1000:.0f} ms",
                        f"{r['ratio']:.2f}",
                        "≤ 1.5, < 300 ms on PostgreSQL",
                    )
                )
    iati = RESULTS / "iati_import.json"
    if iati.exists():
        for kind, data in json.loads(iati.read_text()).items():
            for r in data["results"]:
                rows.append(
                    (
                        f"IATI {kind}: {r['what']} ({r['activities']:,})",
                        "raw lxml parse",
                        f"{r['ratio_to_raw_parse']:.3f} ({r['per_second']:,}/s)",
                        "import ≥ 0.5",
                    )
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--table", action="store_true", help="only print the last results")
    args = parser.parse_args()
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if not args.table:
        if args.quick:
            run("bench.load", "--quick")
            run("bench.aggregates")
            run("bench.talent_registry", "--persons", "20000")
            run("bench.iati_import", "--activities", "2000", "--real-shaped", "0")
        else:
            run("bench.load", "--activities", "1000000")
            run("bench.aggregates")
            run("bench.talent_registry")
            if postgres:
                run("bench.talent_registry", "--database", postgres)
                run("bench.finance_summary", "--database", postgres)
            run("bench.iati_import", *(["--postgres", postgres] if postgres else []))
            run("bench.identity")
            run("bench.reports")
    print("| figure | limit or peer | ratio | goal |")
    print("| --- | --- | ---: | --- |")
    for row in table():
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
