"""Fast row writing for the importer: the database's own bulk paths, not the ORM's.

``bulk_create`` builds and compiles a model instance per row; for the dozen child rows of
every imported activity that, and then Django's cursor wrapper, were most of the import time.
Here rows arrive as tuples already in stored form (``iati_rows``) and go to the database the
cheapest way each backend offers:

* **SQLite**: one prepared ``INSERT`` run by the driver's own ``executemany`` on the raw
  connection (no per-statement SQL rewriting, no statement text per row);
* **PostgreSQL**: ``COPY … FROM STDIN``, streamed by psycopg.

Rows that need their primary keys (activities, results, indicators) get them without a
round trip per row: on PostgreSQL by drawing the keys from the table's sequence first, on
SQLite by inserting the first row with ``RETURNING`` (which takes the database's single
write lock, so the following rows of the same transaction get the next keys) and checking
that the last key is where it must be.

Everything here runs inside the caller's transaction: a failure leaves nothing behind once
the caller rolls back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, overload

from django.db import DatabaseError, connection, models

from lib import public_cache

_SEQUENCES: dict[str, str] = {}
CHUNK = 1000  # ids per DELETE statement


def _column(field: Any) -> str:
    """The database column of a concrete field (every field written here is one)."""
    return field.column


@overload
def insert_tuples(
    model: type[models.Model],
    names: Iterable[str],
    tuples: list[tuple],
    *,
    returning: Literal[True],
) -> list[int]: ...
@overload
def insert_tuples(
    model: type[models.Model],
    names: Iterable[str],
    tuples: list[tuple],
    *,
    returning: Literal[False] = ...,
) -> None: ...
def insert_tuples(
    model: type[models.Model], names: Iterable[str], tuples: list[tuple], *, returning=False
) -> list[int] | None:
    """INSERT rows already in stored form (one value per name, in order).

    With ``returning``, returns the new primary keys in row order.
    """
    if not tuples:
        return [] if returning else None
    # The driver's own paths below pass by Django's statement wrappers: say so to the cache.
    public_cache.changed(connection.alias)
    opts = model._meta
    columns = [_column(opts.get_field(n)) for n in names]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        ids = _next_ids(opts, len(tuples)) if returning else None
        if ids is not None:
            columns.insert(0, _column(opts.pk))
            tuples = [(pk, *row) for pk, row in zip(ids, tuples, strict=True)]
        sql = f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in tuples:
                copy.write_row(row)
        return ids
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    if not returning:
        raw.executemany(sql, tuples)
        return None
    pk = quote(_column(opts.pk))
    first = raw.execute(f"{sql} RETURNING {pk}", tuples[0]).fetchone()[0]
    raw.executemany(sql, tuples[1:])
    last = first + len(tuples) - 1
    # The first INSERT took SQLite's write lock, so nobody else can have added rows since;
    # the check makes a broken assumption fail loudly (and roll back) instead of mislinking.
    if raw.execute(f"SELECT MAX({pk}) FROM {table}").fetchone()[0] != last:  # noqa: S608
        raise DatabaseError(f"{opts.db_table}: new primary keys were not consecutive.")
    return list(range(first, last + 1))


def _next_ids(opts, count: int) -> list[int]:
    """Draw ``count`` keys from the table's sequence (safe beside concurrent writers)."""
    table = opts.db_table
    with connection.cursor() as cursor:
        if table not in _SEQUENCES:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, opts.pk.column])
            _SEQUENCES[table] = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [_SEQUENCES[table], count])
        return [row[0] for row in cursor.fetchall()]


def update_rows(model: type[models.Model], names: list[str], rows: list[tuple]) -> None:
    """UPDATE rows by primary key: each tuple holds the stored values of ``names``, then the key.

    The row's ``version`` goes up by one, as every other write of an activity does.
    """
    if not rows:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    sets = [f"{quote(_column(opts.get_field(n)))} = %s" for n in names]
    sets.append(f"{quote('version')} = {quote('version')} + 1")
    sql = (
        f"UPDATE {quote(opts.db_table)} SET {', '.join(sets)} "  # noqa: S608
        f"WHERE {quote(_column(opts.pk))} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def delete_where_in(
    table: str, column: str, values: list, *, via: tuple[tuple[str, str], ...] = ()
) -> None:
    """DELETE FROM table WHERE column IN values, in chunks.

    ``via`` reaches the values through parent tables, nearest first: ``(("results",
    "activity_id"),)`` deletes the rows whose ``column`` is the id of a result of one of the
    given activities, without reading the results' keys first.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(values), CHUNK):
            part = values[start : start + CHUNK]
            where = f"({', '.join(['%s'] * len(part))})"
            for parent, parent_column in reversed(via):
                where = f"(SELECT id FROM {quote(parent)} WHERE {quote(parent_column)} IN {where})"  # noqa: S608
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} IN {where}", part)  # noqa: S608
