"""Finance summary at scale: ``finance_summary`` against the same sums written as raw SQL.

    python -m bench.finance_summary --database postgres://postgres@127.0.0.1:5432/NAME
    python -m bench.finance_summary --database … --activities 100000 --transactions 1000000
    python -m bench.finance_summary --database … --reuse        # time the previous data again

The database is emptied first (unless --reuse). Rows are generated inside PostgreSQL with one
INSERT … SELECT generate_series per table; every column the models define gets its default, so
the generator keeps working when apps add fields. The data: approved activities of the built-in
plan, transactions of types 1, 2, 3, 4 and 11 in five currencies over 2019–2025; one
transaction in 200 is a disbursement naming the next activity as its receiver and one in 200
incoming funds naming the previous activity as provider (internal flows to trace: 50,000 each
at 10 M); the rest of the incoming funds name none (untraced).

Timed: ``finance_summary(plan)`` as the API and the pages call it (conversion, internal flows,
untraced money, rates) against the raw SQL that computes the same grouped sums — the floor any
implementation pays to read the rows. Each is run three times, alternately; the best is kept.
"""

from __future__ import annotations

import argparse
import os
import time

CURRENCIES = ("USD", "EUR", "CNY", "KES", "XOF")
TYPES = ("3", "3", "4", "4", "2", "1", "3", "4", "11", "4")  # by n %% 10


def setup(database: str, *, reuse: bool) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL (--database postgres://…).")
    if reuse:
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def _insert(model, special: dict[str, str], n: int) -> tuple[str, list]:
    """INSERT … SELECT over generate_series: ``special`` columns get SQL expressions of ``n``,
    every other column its model default as a parameter."""
    from django.db import connection

    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.column in special:
            values.append(special[field.column])
        else:
            default = field.get_default()
            values.append("%s")
            params.append(field.get_db_prep_save(default, connection))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (constants and model names)
        f"SELECT {', '.join(values)} FROM generate_series(1, {n}) AS s(n)"
    )
    return sql, params


def generate(plan, activities: int, transactions: int) -> None:
    from django.db import connection, transaction

    from activities.models import Activity, Transaction
    from participants.models import Organisation

    org = Organisation.objects.create(name="Bench partner", type="government", country_id="KE")
    case_cur = "CASE n %% 5 " + " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(CURRENCIES))
    case_type = "CASE n %% 10 " + " ".join(f"WHEN {i} THEN '{t}'" for i, t in enumerate(TYPES))
    act = f"(1 + n %% {activities})"
    day = "(DATE '2019-01-01' + ((n::bigint * 7919) %% 2555)::int)"
    acts_sql = _insert(
        Activity,
        {
            "id": "n",
            "plan_id": str(plan.pk),
            "iati_identifier": "'XB-' || n",
            "reporting_org_id": str(org.pk),
            "title": '\'{"en": "Bench activity"}\'::jsonb',
            "workflow_state": "'approved'",
            "created_at": "now()",
            "updated_at": "now()",
        },
        activities,
    )
    txs_sql = _insert(
        Transaction,
        {
            "id": "n",
            "activity_id": act,
            "type": f"({case_type} END)",
            "date": day,
            "value_date": day,
            "value": "((n::bigint * 7901) %% 1000000) / 100.0 + 1",
            "currency": f"({case_cur} END)",
            # n % 10 = 0 is a disbursement: one in twenty of those (1 in 200 rows) names the
            # next activity as receiver; n % 10 = 5 is incoming funds: one in twenty of those
            # names the previous activity as provider.
            "receiver_activity_id": (
                f"CASE WHEN n %% 200 = 0 THEN 'XB-' || (1 + (n + 1) %% {activities}) ELSE '' END"
            ),
            "provider_activity_id": (
                f"CASE WHEN n %% 200 = 5 THEN 'XB-' || (1 + (n - 1 + {activities}) %% "
                f"{activities}) ELSE '' END"
            ),
        },
        transactions,
    )
    with connection.cursor() as cursor:
        for label, (sql, params) in (("activities", acts_sql), ("transactions", txs_sql)):
            started = time.perf_counter()
            with transaction.atomic():
                cursor.execute(sql, params)
            print(f"  inserted {label} in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze in {time.perf_counter() - started:.0f} s", flush=True)


RAW = """
    SELECT t.type, COALESCE(NULLIF(t.currency, ''), a.default_currency),
           EXTRACT(YEAR FROM t.value_date), t.provider_activity_id = '', SUM(t.value)
    FROM activities_transaction t JOIN activities_activity a ON a.id = t.activity_id
    WHERE a.plan_id = %s AND a.workflow_state = 'approved'
      AND t.type IN ('1', '2', '3', '4', '11')
    GROUP BY 1, 2, 3, 4
"""


def raw_sums(plan) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW, [plan.pk])
        return cursor.fetchall()


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="postgres://… (emptied first)")
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)
    setup(args.database, reuse=args.reuse)
    from finance.models import ExchangeRate
    from finance.rates import WDI_SOURCE
    from finance.services import finance_summary
    from plans.models import Plan

    plan = Plan.objects.get(is_builtin=True)
    if not args.reuse:
        import datetime as dt
        from decimal import Decimal

        print(
            f"Finance bench: generating {args.activities:,} activities and "
            f"{args.transactions:,} transactions…",
            flush=True,
        )
        ExchangeRate.objects.bulk_create(
            ExchangeRate(
                currency=c,
                period_start=dt.date(y, 1, 1),
                period_end=dt.date(y, 12, 31),
                units_per_usd=Decimal(r),
                source=WDI_SOURCE,
            )
            for c, r in (("EUR", "0.9"), ("CNY", "7"), ("KES", "120"), ("XOF", "600"))
            for y in range(2019, 2026)
        )
        generate(plan, args.activities, args.transactions)
    runs: dict[str, list[float]] = {"summary": [], "raw": []}
    for _ in range(3):
        elapsed, summary = timed(lambda: finance_summary(plan))
        runs["summary"].append(elapsed)
        elapsed, _rows = timed(lambda: raw_sums(plan))
        runs["raw"].append(elapsed)
    best = {k: min(v) for k, v in runs.items()}
    print(f"  finance_summary   best {best['summary']:6.2f} s  runs {runs['summary']}")
    print(f"  raw SQL sums      best {best['raw']:6.2f} s  runs {runs['raw']}")
    print(f"  ratio             {best['summary'] / best['raw']:.2f}×")
    print(
        f"  disbursed {summary.disbursed_usd:,.0f} USD, internal {summary.internal_flows_usd:,.0f}"
        f" USD, untraced {summary.untraced_usd:,.0f} USD, {len(summary.flows):,} flows",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
