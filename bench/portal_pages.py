"""Public pages at demo scale and at 100,000 activities, beside a static file.

    python -m bench.portal_pages                 # demo data, then 100,000 activities (SQLite)
    python -m bench.portal_pages --sizes demo    # demo data only
    python -m bench.portal_pages --requests 10   # fewer requests per page (shared machine)

Each page is requested through the whole Django stack (middleware, WhiteNoise, views,
templates) in-process, and the server time of each request is measured; the stylesheet,
served by WhiteNoise from the same handler, is the floor. Reported: p50 and p95 in
milliseconds. The 100,000 activities are generated with bulk inserts: approved, spread over
every kind, pillar, sector, status and AU member state, each with a budget and a
disbursement, so every grouped figure and the map have rows to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
BULK = 100_000


def setup() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / "portal.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DIGICOOP_VAR_DIR", str(OUT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    os.environ.setdefault("DIGICOOP_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", stdout=StringIO())


def add_activities(n: int) -> None:
    """``n`` approved activities with their countries, pillar, sector, budget and disbursement."""
    import datetime as dt
    import random
    from decimal import Decimal

    from activities import models as m
    from participants.models import Country, Organisation
    from plans.models import Plan

    rng = random.Random(11)
    plan = Plan.objects.get(is_builtin=True)
    kinds = list(plan.activity_kinds.select_related("pillar"))
    sectors = list(plan.sectors.all())
    countries = list(Country.objects.filter(au_member=True).values_list("code", flat=True))
    orgs = list(Organisation.objects.filter(is_demo=True).values_list("pk", flat=True))
    start = dt.date(2024, 8, 1)
    for offset in range(0, n, 10_000):
        batch = []
        for i in range(offset, min(n, offset + 10_000)):
            day = start + dt.timedelta(days=rng.randrange(800))
            batch.append(
                m.Activity(
                    plan=plan,
                    iati_identifier=f"XI-BENCH-{i:06d}",
                    reporting_org_id=rng.choice(orgs),
                    title={"en": f"Bench activity {i}"},
                    kind=kinds[i % len(kinds)],
                    status=rng.choice([1, 2, 2, 3, 4]),
                    actual_start=day,
                    planned_start=day,
                    workflow_state="approved",
                )
            )
        made = m.Activity.objects.bulk_create(batch)
        pillar_links = m.Activity.pillars.through
        sector_links = m.Activity.sectors.through
        pillar_links.objects.bulk_create(
            pillar_links(activity_id=a.pk, pillar_id=a.kind.pillar_id) for a in made
        )
        sector_links.objects.bulk_create(
            sector_links(activity_id=a.pk, sector_id=rng.choice(sectors).pk) for a in made
        )
        m.RecipientCountry.objects.bulk_create(
            m.RecipientCountry(activity=a, country_id=rng.choice(countries), percentage=100)
            for a in made
        )
        value = Decimal(rng.randrange(10, 5000) * 1000)
        m.Budget.objects.bulk_create(
            m.Budget(
                activity=a,
                period_start=a.actual_start,
                period_end=a.actual_start + dt.timedelta(days=364),
                value=value,
                currency="USD",
                value_date=a.actual_start,
            )
            for a in made
        )
        m.Transaction.objects.bulk_create(
            m.Transaction(
                activity=a,
                type="3",
                date=a.actual_start,
                value=value / 4,
                currency="USD",
                value_date=a.actual_start,
            )
            for a in made
        )


def pages() -> dict[str, str]:
    from participants.models import Organisation

    org = Organisation.objects.filter(is_demo=True).order_by("pk").first()
    return {
        "static file (floor)": "/static/css/digicoop.css",
        "home": "/",
        "home, map by trainees": "/?measure=trainees",
        "pillar": "/pillars/infrastructure/",
        "country": "/countries/KE/",
        "members": "/organisations/",
        "organisation": f"/organisations/{org.pk}/",
        "sectors": "/sectors/",
        "sector": "/sectors/energy/",
        "activities list": "/activities/",
        "talent dashboard": "/talent/",
    }


def time_pages(requests: int, cached: bool) -> dict[str, tuple[float, float]]:
    """p50 and p95 server time of each page: ``cached`` with the public page cache on (an
    anonymous visitor after the first), else with it off (every request renders)."""
    from django.test import Client, override_settings

    client = Client()
    results = {}
    with override_settings(PUBLIC_CACHE_SECONDS=300 if cached else 0):
        for name, url in pages().items():
            results[name] = _time_page(client, url, requests)
    return results


def _time_page(client, url: str, requests: int) -> tuple[float, float]:
    assert client.get(url).status_code == 200, url  # warm-up (and the map's shapes)
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,bulk", help="demo, bulk or both (demo,bulk)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--activities", type=int, default=BULK)
    args = parser.parse_args()
    setup()
    from activities.models import Activity

    columns = []
    for size in args.sizes.split(","):
        if size == "bulk":
            t0 = time.perf_counter()
            add_activities(args.activities)
            print(f"generated {args.activities:,} activities in {time.perf_counter() - t0:.0f} s")
        count = Activity.objects.count()
        for cached in (False, True):
            mode = "cached" if cached else "rendered"
            columns.append((f"{count:,} activities, {mode}", time_pages(args.requests, cached)))
    print("| page | " + " | ".join(f"{c} p50 / p95 ms" for c, _ in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for name in columns[0][1]:
        cells = " | ".join(f"{_ms(r[name][0])} / {_ms(r[name][1])}" for _, r in columns)
        print(f"| {name} | {cells} |")


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


if __name__ == "__main__":
    main()
