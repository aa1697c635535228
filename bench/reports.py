"""Time to make the whole plan's progress report (PDF), on the demo data and at 100,000 activities.

    nice python -m bench.reports                  # demo data, then 100,000 more activities (SQLite)
    python -m bench.reports --sizes demo          # demo data only
    python -m bench.reports --profile 40          # and a cProfile run of each size (top 40)
    python -m bench.reports --postgres postgres://postgres@127.0.0.1:5432/digicoop_reports
    python -m bench.reports --fresh               # generate the databases again

The databases are generated once and kept (git-ignored): SQLite files ``var/bench/reports-demo``
and ``var/bench/reports-100000.sqlite3``, or, with ``--postgres URL``, the databases
``NAME_demo`` and ``NAME_100000`` beside the URL's. The demo one is what ``make setup`` makes
(migrate, the demo data, the exchange rates and the shared reference data); the large one is a
copy of it plus the portal bench's activities (``bench.portal_pages.add_activities``: approved,
every kind, pillar, sector, status and AU member state, each with a budget and a
disbursement). Each is built under a temporary name and renamed once whole, so an interrupted
build is never reused.

The report is made as ``manage.py report`` makes it (``reports.services``): first the figures
and the HTML (``render_html``: every query of the report), then WeasyPrint's layout of the same
HTML into the PDF, each timed, with the number of queries and the load average before and
after. The annex lists at most ``reports.content.ANNEX_LIMIT`` activities, so the PDF's length
stays bounded. ``--profile N`` then makes the same report again under cProfile and prints the
N functions with the most cumulative time (written to ``bench/out/reports-profile-SIZE.txt``);
``--html-only`` leaves out the layout (timed and profiled: the figures and the HTML).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
KEPT = HERE.parent / "var" / "bench"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607


class Databases:
    """The kept databases, one per size, and switching the default connection between them."""

    def __init__(self, postgres: str | None) -> None:
        self.postgres = postgres
        if postgres:
            self.base, _, self.stem = postgres.rpartition("/")
            os.environ["DATABASE_URL"] = postgres
        else:
            KEPT.mkdir(parents=True, exist_ok=True)
            os.environ["DATABASE_URL"] = f"sqlite:///{KEPT / 'reports-demo.sqlite3'}"
        os.environ.setdefault("DIGICOOP_VAR_DIR", str(OUT / "var"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
        import django

        django.setup()

    def name(self, size: str, building: bool = False) -> str:
        suffix = "_building" if building else ""
        if self.postgres:
            return f"{self.stem}_{size}{suffix}"
        return str(KEPT / f"reports-{size}{suffix}.sqlite3")

    def use(self, name: str) -> None:
        from django.db import connections

        connection = connections["default"]
        connection.close()
        connection.settings_dict["NAME"] = name

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
            admin.execute(sql)  # type: ignore[arg-type]  # names built here, not input

    def exists(self, size: str) -> bool:
        if not self.postgres:
            return Path(self.name(size)).exists()
        import psycopg

        with psycopg.connect(f"{self.base}/postgres") as admin:
            row = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.name(size)]
            ).fetchone()
        return row is not None

    def drop(self, name: str) -> None:
        from django.db import connections

        connections["default"].close()
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)

    def create(self, name: str, template: str | None) -> None:
        """An empty database, or a copy of ``template``'s finished one."""
        from django.db import connections

        connections["default"].close()
        self.drop(name)
        if self.postgres:
            copy = f' TEMPLATE "{template}"' if template else ""
            self._admin(f'CREATE DATABASE "{name}"{copy}')
        elif template:
            shutil.copyfile(template, name)

    def finish(self, size: str) -> None:
        from django.db import connections

        connections["default"].close()
        building, final = self.name(size, building=True), self.name(size)
        self.drop(final)
        if self.postgres:
            self._admin(f'ALTER DATABASE "{building}" RENAME TO "{final}"')
        else:
            for suffix in ("-wal", "-shm"):
                Path(f"{building}{suffix}").unlink(missing_ok=True)
            os.replace(building, final)


def build_demo(dbs: Databases) -> None:
    from django.conf import settings
    from django.core.management import call_command

    building = dbs.name("demo", building=True)
    dbs.create(building, None)
    dbs.use(building)
    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=quiet)
    rates = settings.SHARED_DATA_DIR / "indicators" / "wdi-datasets-org" / "pa.nus.fcrf"
    if rates.is_dir():  # as `make setup` loads them
        call_command("load_exchange_rates", str(rates), stdout=quiet)
    call_command("load_shared_data", stdout=quiet)
    dbs.finish("demo")


def build_bulk(dbs: Databases, size: str, activities: int) -> None:
    from bench.portal_pages import add_activities

    building = dbs.name(size, building=True)
    dbs.create(building, dbs.name("demo"))
    dbs.use(building)
    add_activities(activities)
    dbs.finish(size)


def ensure(dbs: Databases, size: str, activities: int, fresh: set[str]) -> None:
    """Build the size's database (and the demo one it copies) unless kept; ``fresh`` holds the
    sizes still to rebuild (--fresh), emptied as they are built."""
    if "demo" in fresh or not dbs.exists("demo"):
        t0 = time.perf_counter()
        build_demo(dbs)
        fresh.discard("demo")
        print(f"built the demo database in {time.perf_counter() - t0:.0f} s", flush=True)
    if size != "demo" and (size in fresh or not dbs.exists(size)):
        t0 = time.perf_counter()
        build_bulk(dbs, size, activities)
        fresh.discard(size)
        print(f"added {activities:,} activities in {time.perf_counter() - t0:.0f} s", flush=True)


def time_report(language: str, size: str, layout: bool = True) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from weasyprint import HTML

    from reports.services import render_html, resolve

    spec = resolve(language=language)
    result: dict = {"uptime before": uptime()}
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        html = render_html(spec)
    t1 = time.perf_counter()
    result.update({"figures and HTML": t1 - t0, "queries": len(queries), "HTML bytes": len(html)})
    (OUT / f"report-{size}-{language}.html").write_text(html)
    # Printed at once: a layout stopped for taking too long still leaves this half measured.
    print(f"  figures and HTML: {t1 - t0:.1f} s, {len(queries)} queries", flush=True)
    if layout:
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        t2 = time.perf_counter()
        path = OUT / f"report-{size}-{language}.pdf"
        path.write_bytes(pdf)
        result.update({"PDF layout": t2 - t1, "total": t2 - t0, "pages": pages(path)})
    result["uptime after"] = uptime()
    return result


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)  # noqa: S603, S607
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def profile_report(language: str, size: str, top: int, layout: bool = True) -> str:
    from django.conf import settings
    from weasyprint import HTML

    from reports.services import render_html, resolve

    spec = resolve(language=language)
    profiler = cProfile.Profile()
    profiler.enable()
    html = render_html(spec)
    if layout:
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    (OUT / f"reports-profile-{size}.txt").write_text(text.getvalue())
    return text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="demo,bulk", help="demo, bulk or both (demo,bulk)")
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--language", default="en")
    parser.add_argument("--postgres", help="postgres://…/NAME: NAME_demo and NAME_<activities>")
    parser.add_argument("--fresh", action="store_true", help="generate the databases again")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile, top N")
    parser.add_argument("--html-only", action="store_true", help="time the figures and HTML only")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    dbs = Databases(args.postgres)
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from django.db import connection

    from activities.models import Activity

    sizes = ["demo" if s == "demo" else str(args.activities) for s in args.sizes.split(",")]
    fresh = {"demo", *sizes} if args.fresh else set()
    columns = []
    for size in sizes:
        ensure(dbs, size, args.activities, fresh)
        dbs.use(dbs.name(size))
        count = Activity.objects.count()
        result = time_report(args.language, size, layout=not args.html_only)
        print(f"{count:,} activities ({connection.vendor}): {result}", flush=True)
        columns.append((f"{count:,} activities", result))
        if args.profile:
            print(profile_report(args.language, size, args.profile, not args.html_only), flush=True)
    print("| step | " + " | ".join(c for c, _ in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for step in ("figures and HTML", "PDF layout", "total"):
        cells = [f"{r[step]:.1f}" if step in r else "—" for _, r in columns]
        print(f"| {step} (s) | " + " | ".join(cells) + " |")
    for step in ("queries", "pages"):
        print(
            f"| {step} | "
            + " | ".join(f"{r[step]:,}" if step in r else "—" for _, r in columns)
            + " |"
        )


if __name__ == "__main__":
    main()
