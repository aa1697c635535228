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
    _insert(model, rows, returning=False)
    return len(rows)


def insert_returning_ids(model: type[models.Model], rows: list[dict]) -> list:
    """INSERT the rows and return their primary keys, in row order.

    Both SQLite (3.35+) and PostgreSQL return the rows of one multi-row INSERT in the order
    of its VALUES, which is what ``bulk_create`` itself relies on to set primary keys.
    """
    return _insert(model, rows, returning=True)


def _insert(model: type[models.Model], rows: list[dict], *, returning: bool) -> list:
    """Multi-row ``INSERT … VALUES (…), (…)`` in chunks: one statement per few hundred rows.

    Multi-row VALUES rather than ``executemany``: Django's PostgreSQL cursor binds on the
    client and psycopg's ``executemany`` sends one statement per row.
    """
    if not rows:
        return []
    opts = model._meta
    rows = _with_defaults(opts, rows)
    names = list(rows[0])
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(n).column) for n in names)
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    tail = f" RETURNING {quote(opts.pk.column)}" if returning else ""
    converters = _column_converters(opts, names)
    chunk = max(1, min(500, 30_000 // len(names)))  # under SQLite's bound-variable limit
    ids: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            sql = (
                f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES "  # noqa: S608
                f"{', '.join([one] * len(part))}{tail}"
            )
            cursor.execute(sql, [v for row in _tuples(part, names, converters) for v in row])
            if returning:
                ids += [r[0] for r in cursor.fetchall()]
    return ids
