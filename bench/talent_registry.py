"""Talent registry at scale: 1,000,000 person records, 1,500,000 enrolments, 50 partners.

    python -m bench.talent_registry                      # SQLite file in bench/out/
    python -m bench.talent_registry --database postgres://postgres@127.0.0.1:5432/bench_talent

The data is generated inside the database with one INSERT … SELECT per table (a recursive CTE
on SQLite, generate_series on PostgreSQL), so loading takes seconds, not the hours a million
ORM saves would. 10 % of the person records (100,000) are a second partner's record of someone
another partner already trained (``merged_into`` set, as cross-partner matching does), so there
are 900,000 distinct people. Blind indexes are random bytes and the sealed personal fields are
left empty: the counts never read either, and encrypting a million rows would only time AES.

Then it times the registry's own functions — ``digital_talents`` and ``breakdown`` for every
dimension — exactly as the home page, the dashboard and the API call them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
PERSONS, SECOND_RECORDS, EXTRA_ENROLMENTS, PARTNERS = 1_000_000, 100_000, 500_000, 50
COUNTRIES = ("KE", "NG", "ZA", "EG", "ET", "GH", "SN", "TZ", "MA", "CI", "UG", "RW", "CN", "DZ")


def setup(database: str | None, *, reuse: bool = False) -> str:
    OUT.mkdir(exist_ok=True)
    if database is None:
        path = OUT / "talent.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        database = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DIGICOOP_VAR_DIR", str(OUT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if reuse:
        return connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return connection.vendor


def partners_and_programmes(plan):
    """50 partner organisations, each providing two approved training programmes."""
    import datetime as dt

    from activities.codes import ActivityStatus, WorkflowState
    from activities.models import Activity
    from participants.models import Organisation
    from plans.models import KindCategory
    from talent.models import Programme

    kinds = list(
        plan.activity_kinds.filter(
            category__in=(KindCategory.TRAINING_PROGRAMME, KindCategory.SECURITY_TRAINING)
        ).order_by("code")
    )
    types = ("government", "business", "academia", "international", "civil_society")
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bench partner {n}", type=types[n % 5], country_id=COUNTRIES[n % 14])
        for n in range(PARTNERS)
    )
    programmes = []
    for k in range(PARTNERS * 2):
        org = orgs[k % PARTNERS]
        activity = Activity.objects.create(
            plan=plan,
            iati_identifier=f"XI-BENCH-{k:03d}",
            reporting_org=org,
            title={"en": f"Bench programme {k}"},
            kind=kinds[k % len(kinds)],
            status=ActivityStatus.IMPLEMENTATION,
            actual_start=dt.date(2024, 8, 1),
            workflow_state=WorkflowState.APPROVED,
        )
        programme = Programme.objects.create(activity=activity)
        programme.providers.set([org])
        programmes.append(programme)
    return orgs[0].pk, programmes[0].pk


def _case(expr: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE {expr} {whens} END"


def generate(vendor: str, org0: int, prog0: int) -> None:
    """Persons and enrolments in four INSERT … SELECT statements."""
    from django.db import connection, transaction

    pg = vendor == "postgresql"
    series = (
        "generate_series(1, {n}) AS s(n)"
        if pg
        else "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {n}) "
        "SELECT n FROM s) AS s"
    )
    blob = "decode(md5(random()::text), 'hex')" if pg else "randomblob(16)"
    uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    now = "now()" if pg else "datetime('now')"
    day = (
        "(DATE '2024-08-01' + ({x})::int)" if pg else "date('2024-08-01', '+' || ({x}) || ' days')"
    )
    year = "extract(year from {d})::int" if pg else "CAST(strftime('%Y', {d}) AS INTEGER)"
    first = PERSONS - SECOND_RECORDS
    partner = f"(CASE WHEN n > {first} THEN (n + 1) % {PARTNERS} ELSE n % {PARTNERS} END)"
    persons = f"""
        INSERT INTO talent_person (id, ref, recorded_by_id, sex, birth_year, country_id,
            affiliation, personal, key_id, email_index, id_index, name_index, merged_into_id,
            erased_at, created_at)
        SELECT n, {uuid}, {org0} + {partner},
            {_case("n % 4", ("female", "male", "female", "male"))},
            1960 + (n * 37) % 48, {_case(f"n % {len(COUNTRIES)}", COUNTRIES)},
            '', NULL, 'bench000', {blob}, CASE WHEN n % 3 = 0 THEN {blob} END, {blob},
            CASE WHEN n > {first} THEN n - {first} END, NULL, {now}
        FROM {series.format(n=PERSONS)}
    """  # noqa: S608 (built from constants, never from input)
    enrolment_cols = (
        "INSERT INTO talent_enrolment (id, person_id, talent_id, programme_id, provider_id, "
        "enrolled_on, status, completed_on, consent_given, consent_on, age_at_enrolment, "
        "created_by_id, created_at) "
    )

    def enrolments(offset: int, limit: int, shift: int) -> str:
        enrolled = day.format(x=f"(p.id * 31 + {shift}) % 1000")
        status = _case("p.id % 10", ("completed",) * 7 + ("attended", "enrolled", "dropped"))
        completed = day.format(x=f"(p.id * 31 + {shift}) % 1000 + 60")
        return f"""{enrolment_cols}
            SELECT p.id + {offset}, p.id, COALESCE(p.merged_into_id, p.id),
                {prog0} + (p.recorded_by_id - {org0}) + {PARTNERS} * ((p.id + {shift}) % 2),
                p.recorded_by_id, {enrolled}, {status},
                CASE WHEN p.id % 10 < 7 THEN {completed} END, TRUE, {enrolled},
                {year.format(d=enrolled)} - p.birth_year, NULL, {now}
            FROM talent_person p WHERE p.id <= {limit}
        """  # noqa: S608

    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in (
            ("persons", persons),
            ("enrolments", enrolments(0, PERSONS, 0)),
            ("second enrolments", enrolments(PERSONS, EXTRA_ENROLMENTS, 1)),
        ):
            started = time.perf_counter()
            cursor.execute(sql)
            print(f"  inserted {label} in {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"  {label:<28} {elapsed:6.2f} s", flush=True)
    return elapsed, result


def main(argv: list[str] | None = None) -> int:
    global PERSONS, SECOND_RECORDS, EXTRA_ENROLMENTS  # the generator's sizes (--persons)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="DATABASE_URL (default: a SQLite file in bench/out)")
    parser.add_argument(
        "--reuse", action="store_true", help="Time the data generated by the previous run again"
    )
    parser.add_argument(
        "--persons", type=int, default=PERSONS, help="person records (1,000,000; fewer: quick)"
    )
    args = parser.parse_args(argv)
    if args.persons != PERSONS:
        share = args.persons / PERSONS
        PERSONS, SECOND_RECORDS = args.persons, int(SECOND_RECORDS * share)
        EXTRA_ENROLMENTS = int(EXTRA_ENROLMENTS * share)
    vendor = setup(args.database, reuse=args.reuse)
    from plans.models import Plan
    from talent import counting

    plan = Plan.objects.get(is_builtin=True)
    if not args.reuse:
        print(f"Talent registry benchmark on {vendor}: generating data…", flush=True)
        started = time.perf_counter()
        generate(vendor, *partners_and_programmes(plan))
        print(f"  data ready in {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import transaction

    from talent import rollup

    if not args.reuse:
        # The rows were generated in SQL, past the roll-up's upkeep: build it once, as the
        # migration does on a database that already holds enrolments.
        with transaction.atomic():
            timed("roll-up rebuilt", rollup.rebuild)
    results: dict[str, dict[str, float]] = {}
    figures = [("digital talents (distinct)", "digital_talents", ())]
    figures += [(f"by {d}", "breakdown", (d,)) for d in counting.DIMENSIONS]
    figures += [("enrolled, not completed", "enrolled_not_completed", ())]
    for label, name, extra in figures:
        rolled, value = timed(
            f"{label} (roll-up)", lambda n=name, e=extra: getattr(counting, n)(plan, *e)
        )
        raw, raw_value = timed(
            f"{label} (raw)", lambda n=name, e=extra: getattr(counting, f"raw_{n}")(plan, *e)
        )
        assert value == raw_value, f"{label}: roll-up {value} differs from raw {raw_value}"
        results[label] = {"rollup": rolled, "raw": raw}
    talents = counting.digital_talents(plan)
    print(f"  → {talents:,} distinct digital talents", flush=True)
    (OUT / f"talent-{vendor}.json").write_text(
        json.dumps({"talents": talents, "seconds": results}, indent=2)
    )
    slowest = max(r["rollup"] for r in results.values())
    print(f"Slowest figure from the roll-up: {slowest:.3f} s (goal: under 0.3 s on PostgreSQL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
