"""Plain multi-row INSERTs for the importer's child rows.

``bulk_create`` builds and compiles a model instance per row; for the dozen child rows of
every imported activity that compilation, not the database, was most of the import time.
Here rows arrive as dicts of Python values, are converted once per value for the backend,
and go to the database through one ``executemany`` per table and batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from django.db import connection, models
from django.utils import timezone

_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def _json_sqlite(value):
    return _encode_json(value) if value else ("{}" if isinstance(value, dict) else "[]")


def _column_converters(opts, names: list[str]) -> list:
    """One converter per column (None = pass as is), chosen once from the field types."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        from psycopg.types.json import Jsonb
    out = []
    for name in names:
        kind = opts.get_field(name).get_internal_type()
        if kind == "JSONField":
            out.append(Jsonb if postgres else _json_sqlite)
        elif postgres:
            out.append(None)
        elif kind == "DecimalField":
            out.append(str)
        elif kind == "DateTimeField":
            out.append(connection.ops.adapt_datetimefield_value)
        elif kind == "DateField":
            out.append(date.isoformat)
        else:
            out.append(None)
    return out


def _tuples(rows: list[dict], names: list[str], converters: list) -> list[tuple]:
    pairs = list(zip(names, converters, strict=True))
    return [
        tuple(row[n] if f is None or row[n] is None else f(row[n]) for n, f in pairs)
        for row in rows
    ]


def _with_defaults(opts, rows: list[dict]) -> list[dict]:
    """Add the model's Python-side defaults for fields the rows leave out.

    The database has no column defaults (Django keeps them in Python), so a field added to
    the model later (with a default) must still be filled in here as bulk_create would.
    """
    given = set(rows[0])
    missing = {}
    for f in opts.concrete_fields:
        if f.primary_key or f.name in given or f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            missing[f.attname] = timezone.now()
        else:
            missing[f.attname] = f.get_default()  # "" for text fields, as Django fills in
    return [{**row, **missing} for row in rows] if missing else rows


def insert_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """INSERT the rows (field name → value; every row has the same keys). Returns count."""
    rows = list(rows)
    if not rows:
        return 0
    opts = model._meta
    rows = _with_defaults(opts, rows)
    names = list(rows[0])
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(n).column) for n in names)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, _tuples(rows, names, _column_converters(opts, names)))
    return len(rows)


def insert_returning_ids(model: type[models.Model], rows: list[dict], chunk: int = 400) -> list:
    """INSERT the rows with multi-row VALUES … RETURNING the primary keys, in row order.

    Both SQLite (3.35+) and PostgreSQL return the rows of one multi-row INSERT in the order
    of its VALUES, which is what ``bulk_create`` itself relies on to set primary keys.
    """
    if not rows:
        return []
    opts = model._meta
    rows = _with_defaults(opts, rows)
    names = list(rows[0])
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(n).column) for n in names)
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    converters = _column_converters(opts, names)
    ids: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            sql = (
                f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES "  # noqa: S608
                f"{', '.join([one] * len(part))} RETURNING {quote(opts.pk.column)}"
            )
            params = [value for row in _tuples(part, names, converters) for value in row]
            cursor.execute(sql, params)
            ids += [r[0] for r in cursor.fetchall()]
    return ids
