"""The portal's grouped figures beside the same aggregate as one raw SQL statement.

    python -m bench.aggregates                       # bench/out/load.sqlite3 (bench.load made it)
    python -m bench.aggregates --database postgres://…/db

Timed, on the database as it is: each figure function the overview, pillar, country, sector
and organisation pages call (through ``portal.figures`` with the page's scope), and the
least SQL that gives the same numbers (one ``SELECT … GROUP BY`` over the approved activities
of the plan, with the scope's filter). Best of three runs each, alternated.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
RESULTS = Path(__file__).resolve().parent / "results"

APPROVED = "a.plan_id = %s AND a.workflow_state = 'approved'"
IN_KENYA = (
    "(EXISTS (SELECT 1 FROM activities_recipientcountry r WHERE r.activity_id = a.id AND "
    "r.country_id = 'KE') OR EXISTS (SELECT 1 FROM activities_transaction t WHERE "
    "t.activity_id = a.id AND t.recipient_country_id = 'KE'))"
)
PILLAR = (
    "EXISTS (SELECT 1 FROM activities_activity_pillars ap JOIN plans_pillar p ON "
    "p.id = ap.pillar_id WHERE ap.activity_id = a.id AND p.code = %s)"
)

SECTOR = (
    "EXISTS (SELECT 1 FROM activities_activity_sectors x JOIN plans_sector p ON "
    "p.id = x.sector_id WHERE x.activity_id = a.id AND p.code = %s)"
)
BY_ORG = (
    "(a.reporting_org_id = %s OR EXISTS (SELECT 1 FROM activities_participatingorg o WHERE "
    "o.activity_id = a.id AND o.organisation_id = %s))"
)
# An activity counts in its own recipient countries or, where it has none, in its
# transactions' (activities.countries).
COUNTRY_COUNTS = (
    "SELECT c, COUNT(DISTINCT id) FROM (SELECT r.country_id AS c, a.id FROM activities_activity a "
    "JOIN activities_recipientcountry r ON r.activity_id = a.id WHERE {approved} UNION ALL "
    "SELECT t.recipient_country_id, a.id FROM activities_activity a JOIN activities_transaction t "
    "ON t.activity_id = a.id WHERE {approved} AND t.recipient_country_id IS NOT NULL AND NOT "
    "EXISTS (SELECT 1 FROM activities_recipientcountry r WHERE r.activity_id = a.id)) x GROUP BY c"
)
# Member organisations reporting or taking part in an approved activity, per pillar.
PARTNERS_BY_PILLAR = (
    "SELECT ap.pillar_id, COUNT(DISTINCT m.organisation_id) FROM participants_membership m "
    "JOIN (SELECT a.id, a.reporting_org_id AS org FROM activities_activity a WHERE {approved} "
    "UNION ALL SELECT a.id, o.organisation_id FROM activities_activity a JOIN "
    "activities_participatingorg o ON o.activity_id = a.id WHERE {approved}) x "
    "ON x.org = m.organisation_id JOIN activities_activity_pillars ap ON ap.activity_id = x.id "
    "WHERE m.plan_id = %s AND m.status = 'approved' GROUP BY ap.pillar_id"
)


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=f"sqlite:///{OUT / 'load.sqlite3'}")
    parser.add_argument(
        "--add", type=int, default=0, help="PostgreSQL: first copy in this many activities"
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DIGICOOP_VAR_DIR", str(OUT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from plans.models import Plan
    from portal import figures
    from portal.figures import Scope

    if args.add:
        t0 = time.perf_counter()
        add_activities_postgres(args.add)
        print(f"added {args.add:,} activities in {time.perf_counter() - t0:.0f} s", flush=True)
    plan = Plan.objects.get(is_builtin=True)
    pillar = plan.pillars.order_by("order").first().code
    sector = plan.sectors.order_by("code").first().code
    # The organisation reporting most activities: the largest organisation page.
    org = (
        plan.activities.filter(workflow_state="approved")
        .values_list("reporting_org_id", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )

    def raw(sql: str, *params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, (plan.pk, *params))
                return cursor.fetchall()

        return run

    cases = [
        ("overview: approved activities", lambda: Scope(plan).count(),
         raw(f"SELECT COUNT(*) FROM activities_activity a WHERE {APPROVED}")),  # noqa: S608
        ("overview: by status", lambda: figures.activities_by_status(Scope(plan)),
         raw(f"SELECT status, COUNT(*) FROM activities_activity a WHERE {APPROVED} GROUP BY status")),  # noqa: S608, E501
        ("overview: by kind", lambda: figures.activities_by_kind(Scope(plan)),
         raw(f"SELECT kind_id, COUNT(*) FROM activities_activity a WHERE {APPROVED} GROUP BY kind_id")),  # noqa: S608, E501
        ("overview: by pillar", lambda: figures.pillars_table(Scope(plan)),
         raw("SELECT ap.pillar_id, COUNT(DISTINCT a.id) FROM activities_activity a JOIN "  # noqa: S608
             f"activities_activity_pillars ap ON ap.activity_id = a.id WHERE {APPROVED} "
             "GROUP BY ap.pillar_id")),
        ("overview: by sector", lambda: figures.activities_by_sector(Scope(plan)),
         raw("SELECT s.sector_id, COUNT(DISTINCT a.id) FROM activities_activity a JOIN "  # noqa: S608
             f"activities_activity_sectors s ON s.activity_id = a.id WHERE {APPROVED} "
             "GROUP BY s.sector_id")),
        ("pillar page: by status", lambda: figures.activities_by_status(Scope(plan, pillar=pillar)),
         raw(f"SELECT status, COUNT(*) FROM activities_activity a WHERE {APPROVED} AND {PILLAR} "  # noqa: S608
             "GROUP BY status", pillar)),
        ("country page (Kenya): by status",
         lambda: figures.activities_by_status(Scope(plan, country="KE")),
         raw(f"SELECT status, COUNT(*) FROM activities_activity a WHERE {APPROVED} AND "  # noqa: S608
             f"{IN_KENYA} GROUP BY status")),
        ("map: activities by country",
         lambda: figures.measure_by_country(plan, "activities"),
         raw(COUNTRY_COUNTS.format(approved=APPROVED), plan.pk)),
        ("sector page: by status", lambda: figures.activities_by_status(Scope(plan, sector=sector)),
         raw(f"SELECT status, COUNT(*) FROM activities_activity a WHERE {APPROVED} AND {SECTOR} "  # noqa: S608
             "GROUP BY status", sector)),
        ("organisation page: by status",
         lambda: figures.activities_by_status(Scope(plan, organisation=org)),
         raw(f"SELECT status, COUNT(*) FROM activities_activity a WHERE {APPROVED} AND {BY_ORG} "  # noqa: S608
             "GROUP BY status", org, org)),
        ("members: partners by pillar", lambda: figures.partners_by_pillar(plan),
         raw(PARTNERS_BY_PILLAR.format(approved=APPROVED), plan.pk, plan.pk)),
    ]  # fmt: skip
    rows = []
    count = raw(f"SELECT COUNT(*) FROM activities_activity a WHERE {APPROVED}")()[0][0]  # noqa: S608
    print(f"{connection.vendor}, {count:,} approved activities")
    for label, ours, floor in cases:
        ours(), floor()  # warm caches of both
        mine, least = best(ours), best(floor)
        rows.append({"figure": label, "ours": mine, "raw": least, "ratio": mine / least})
        print(f"  {label:36} {mine * 1000:9.0f} ms  raw SQL {least * 1000:9.0f} ms  "
              f"ratio {mine / least:5.2f}", flush=True)  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"aggregates-{connection.vendor}.json").write_text(
        json.dumps({"activities": count, "rows": rows}, indent=1)
    )


def add_activities_postgres(n: int) -> None:
    """PostgreSQL counterpart of ``bench.load.add_activities``: copy the demo's approved
    activities (and their child rows) until ``n`` more exist."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = "
            "'activities_activity' ORDER BY ordinal_position"
        )
        cols = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM activities_activity")
        first = cursor.fetchone()[0]
        cursor.execute(
            "CREATE TEMP TABLE src AS SELECT s.n, t.id AS tpl FROM generate_series(0, %s - 1) "
            "AS s(n) JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, COUNT(*) OVER () "
            "AS total FROM activities_activity WHERE workflow_state = 'approved') t "
            "ON t.k = s.n %% t.total",
            (n,),
        )
        picked = {
            "id": f"{first} + s.n",
            "iati_identifier": "'XI-BENCH-' || s.n",
            "updated_at": "a.updated_at - (s.n % 100000) * interval '1 second'",
        }
        select = ", ".join(picked.get(c, f"a.{c}") for c in cols)
        cursor.execute(
            f"INSERT INTO activities_activity ({', '.join(cols)}) SELECT {select} "  # noqa: S608
            "FROM src s JOIN activities_activity a ON a.id = s.tpl"
        )
        for table in (
            "activities_recipientcountry",
            "activities_activitysector",
            "activities_activity_pillars",
            "activities_activity_sectors",
            "activities_budget",
            "activities_transaction",
        ):
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND column_name <> 'id' ORDER BY ordinal_position",
                (table,),
            )
            tcols = [r[0] for r in cursor.fetchall()]
            values = ", ".join(f"{first} + s.n" if c == "activity_id" else f"t.{c}" for c in tcols)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(tcols)}) SELECT {values} "  # noqa: S608
                f"FROM src s JOIN {table} t ON t.activity_id = s.tpl"
            )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('activities_activity', 'id'), "
            "(SELECT MAX(id) FROM activities_activity))"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
