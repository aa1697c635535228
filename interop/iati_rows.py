"""A checked activity in storage form: the rows the database will hold, values ready to write.

``parse_activity`` returns Python values (decimals, date-times, narrative dicts; dates are
already ISO text). Turning those into what the database stores (decimal text, JSON text…) is
done here, by the reading side, so that the writing side — the one that cannot be split
across processes — only attaches keys and writes. Storage form is also far cheaper to send
between processes than decimals and dicts.

Column lists come from the models themselves (every concrete field except the primary key and
the parent key), with the model's default for a field the reader does not fill: a field added
to a model later is written as ``bulk_create`` would write it, without touching this module.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from activities import models as am
from interop.iati_parse import ParsedActivity
from interop.models import IatiExtra

_MISSING = object()
_encode_json = json.JSONEncoder(ensure_ascii=False).encode
_escape = json.encoder.encode_basestring  # what the encoder uses for ensure_ascii=False
# The child tables of an activity, by the ParsedActivity attribute that holds their rows.
CHILD_TABLES = {
    "countries": am.RecipientCountry,
    "regions": am.RecipientRegion,
    "sectors": am.ActivitySector,
    "budgets": am.Budget,
    "transactions": am.Transaction,
    "locations": am.Location,
    "documents": am.DocumentLink,
    "policy_markers": am.PolicyMarker,
    "related": am.RelatedActivity,
    "contacts": am.ContactInfo,
}
# Keys the writing side fills in, so they are not part of the stored tuples.
PARENT_KEYS = {
    am.Result: "activity_id",
    am.ResultIndicator: "result_id",
    am.IndicatorPeriod: "indicator_id",
    am.ParticipatingOrg: "activity_id",
    IatiExtra: "activity_id",
    **{model: "activity_id" for model in CHILD_TABLES.values()},
}
WRITER_FILLED = {am.ParticipatingOrg: ("organisation_id",)}


class ActivityRows(NamedTuple):
    """One activity ready to write; child rows are tuples in ``columns(model)`` order.

    A named tuple of plain values: it crosses between processes several times faster than a
    dataclass holding decimals and dicts.
    """

    identifier: str
    line: int
    activity: dict  # activity columns → stored values (the writer adds plan, state, keys…)
    reporting_org: dict  # {"ref", "type", "name"}: to find or create the organisation
    language: str
    tables: tuple[list[tuple], ...]  # one list per model of CHILD_TABLES, in that order
    participating: list[tuple[str, tuple]]  # (organisation ref, row)
    results: list[tuple[tuple, list[tuple[tuple, list[tuple]]]]]
    extra: str | None
    sdg_codes: set[str]
    agenda2063_goals: set[str]


@cache
def columns(model) -> tuple[str, ...]:
    """The columns a stored tuple of ``model`` holds, in order."""
    skip = {PARENT_KEYS.get(model), *WRITER_FILLED.get(model, ())}
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in skip
    )


def _json(value) -> str:
    """JSON text as ``json.dumps(value, ensure_ascii=False)`` writes it.

    Most values are narratives ({language: text}); those are joined directly from the C
    string escaper, several times faster than the general encoder's Python layers.
    """
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    if type(value) is dict:
        try:
            return "{" + ", ".join([_escape(k) + ": " + _escape(v) for k, v in value.items()]) + "}"
        except TypeError:  # a value (or key) that is not a string: the general encoder
            pass
    return _encode_json(value)


@cache
def _plan(model, vendor: str) -> tuple:
    """(column, stored default, converter or None) for each column of ``model``: chosen once."""
    postgres = vendor == "postgresql"
    by_column = {f.attname: f for f in model._meta.concrete_fields}
    out = []
    for name in columns(model):
        f = by_column[name]
        kind = f.get_internal_type()
        convert: Callable[[Any], Any] | None = None
        if kind == "JSONField":
            convert = _json
        elif kind == "DecimalField":
            convert = str
        elif kind == "DateTimeField" and not postgres:
            convert = _sqlite_datetime
        default = f.get_default()
        if default is not None and convert is not None:
            default = convert(default)
        out.append((name, default, convert))
    return tuple(out)


def _sqlite_datetime(value: dt.datetime) -> str:
    """As Django stores a datetime on SQLite: naive UTC text."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return str(value)


def stored(model, row: dict, vendor: str) -> tuple:
    """One row as the tuple to write, in ``columns(model)`` order; a missing key, the default."""
    return _storer(model, vendor)(row)


@cache
def _storer(model, vendor: str):
    """A function turning a row dict into its stored tuple, generated once per model.

    Generated (as ``collections.namedtuple`` generates its class) because it runs for every
    child row of every activity: one expression per column, no loop or look-ups at run time.
    """
    env: dict = {"_MISSING": _MISSING}
    parts = []
    for i, (name, default, convert) in enumerate(_plan(model, vendor)):
        env[f"d{i}"] = default
        if convert is None:
            parts.append(f"get({name!r}, d{i})")
        else:
            env[f"c{i}"] = convert
            parts.append(
                f"(d{i} if (v := get({name!r}, _MISSING)) is _MISSING "
                f"else None if v is None else c{i}(v))"
            )
    source = f"def store(row):\n    get = row.get\n    return ({', '.join(parts)},)\n"
    exec(source, env)  # noqa: S102 - code built above from the model's own field list
    return env["store"]


def filled(model, row: dict, vendor: str) -> tuple:
    """A row already in stored form as a tuple in ``columns(model)`` order, defaults filled."""
    return tuple(
        default if (value := row.get(name, _MISSING)) is _MISSING else value
        for name, default, _ in _plan(model, vendor)
    )


def stored_datetime(value: dt.datetime, vendor: str):
    return value if vendor == "postgresql" else _sqlite_datetime(value)


def activity_values(fields: dict, vendor: str) -> dict:
    """The activity's own columns as stored (dates, datetimes, JSON narratives)."""
    out = {}
    for name, value in fields.items():
        if value is None or isinstance(value, str | int):
            out[name] = value
        elif isinstance(value, dict | list):
            out[name] = _json(value)
        elif isinstance(value, dt.datetime):
            out[name] = stored_datetime(value, vendor)
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def to_rows(p: ParsedActivity, vendor: str) -> ActivityRows:
    """A checked activity in storage form for the given database vendor."""
    return ActivityRows(
        identifier=p.identifier,
        line=p.line,
        activity=activity_values(p.fields, vendor),
        reporting_org=p.reporting_org,
        language=p.fields["default_language"],
        tables=tuple(
            [stored(model, row, vendor) for row in getattr(p, attr)]
            for attr, model in CHILD_TABLES.items()
        ),
        participating=[(o["ref"], stored(am.ParticipatingOrg, o, vendor)) for o in p.participating],
        results=[
            (
                stored(am.Result, result, vendor),
                [
                    (
                        stored(am.ResultIndicator, indicator, vendor),
                        [stored(am.IndicatorPeriod, period, vendor) for period in periods],
                    )
                    for indicator, periods in indicators
                ],
            )
            for result, indicators in p.results
        ],
        extra=_json(p.extra) if p.extra else None,
        sdg_codes=p.sdg_codes,
        agenda2063_goals=p.agenda2063_goals,
    )
