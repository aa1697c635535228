"""Time to make the whole plan's progress report (PDF), on the demo data and at 100,000 activities.

    python -m bench.reports                  # demo data, then 100,000 more activities (SQLite)
    python -m bench.reports --sizes demo     # demo data only
    nice python -m bench.reports             # on a shared machine

The report is made as ``manage.py report`` makes it (``reports.services``): first the figures
and the HTML (``render_html``: every query of the report), then WeasyPrint's layout of the same
HTML into the PDF (``render_pdf``), each timed. The 100,000 activities are the portal bench's
(``bench.portal_pages.add_activities``: approved, every kind, pillar, sector, status and AU
member state, each with a budget and a disbursement). The annex lists at most
``reports.content.ANNEX_LIMIT`` activities, so the PDF's length stays bounded.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def setup() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / "reports.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DIGICOOP_VAR_DIR", str(OUT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=StringIO())


def time_report(language: str) -> dict[str, float]:
    from weasyprint import HTML

    from reports.services import render_html, resolve

    spec = resolve(language=language)
    t0 = time.perf_counter()
    html = render_html(spec)
    t1 = time.perf_counter()
    pdf = HTML(string=html, base_url=str(OUT)).write_pdf()
    t2 = time.perf_counter()
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    (OUT / f"report-{language}.pdf").write_bytes(pdf)
    return {"figures and HTML": t1 - t0, "PDF layout": t2 - t1, "total": t2 - t0, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,bulk", help="demo, bulk or both (demo,bulk)")
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--language", default="en")
    args = parser.parse_args()
    setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from activities.models import Activity
    from bench.portal_pages import add_activities

    columns = []
    for size in args.sizes.split(","):
        if size == "bulk":
            t0 = time.perf_counter()
            add_activities(args.activities)
            print(f"generated {args.activities:,} activities in {time.perf_counter() - t0:.0f} s")
        count = Activity.objects.count()
        result = time_report(args.language)
        print(f"{count:,} activities: {result}", flush=True)
        columns.append((f"{count:,} activities", result))
    print("| step | " + " | ".join(c for c, _ in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for step in ("figures and HTML", "PDF layout", "total"):
        print(f"| {step} (s) | " + " | ".join(f"{r[step]:.1f}" for _, r in columns) + " |")
    print("| pages | " + " | ".join(f"{r['pages']:.0f}" for _, r in columns) + " |")


if __name__ == "__main__":
    main()
