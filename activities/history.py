"""Every change to an activity is kept: who, when, what, and the previous values.

A change is recorded as the difference between two *snapshots*: flat dictionaries of every field
of the activity and of its child rows, keyed like ``budgets[#12].value``. Flat keys make the diff
one dictionary comparison and read well on the history page; child rows are keyed by their
primary key so editing one budget shows as one changed value, not a removed and an added row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from activities.models import (
    CHILD_RELATIONS,
    Activity,
    ActivityChange,
    Disaggregation,
    IndicatorPeriod,
    Result,
    ResultIndicator,
)

SKIP = {"id", "activity", "version", "created_at", "updated_at", "created_by", "iati_last_updated"}

M2M = ["pillars", "sectors", "technologies"]


def _plain(value: Any) -> Any:
    """A JSON-safe, comparable form of a field value."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 1000.00 and 1000 are the same amount
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _row(obj: models.Model, prefix: str, out: dict[str, Any]) -> None:
    for field in obj._meta.concrete_fields:
        if field.name in SKIP or field.name in ("result", "indicator", "period"):
            continue
        out[f"{prefix}.{field.name}"] = _plain(getattr(obj, field.attname))


def snapshot(activity: Activity) -> dict[str, Any]:
    """Every recorded value of ``activity`` and its child rows, as flat keys."""
    out: dict[str, Any] = {}
    for field in Activity._meta.concrete_fields:
        if field.name not in SKIP:
            out[field.name] = _plain(getattr(activity, field.attname))
    for name in M2M:
        out[name] = sorted(getattr(activity, name).values_list("code", flat=True))
    for name in CHILD_RELATIONS:
        for obj in getattr(activity, name).order_by("pk"):
            _row(obj, f"{name}[#{obj.pk}]", out)
    # The results tree one level per query (not one query per row): an activity with many
    # indicators and periods is snapshotted twice on every write.
    paths: dict[tuple[type, int], str] = {}
    for model, parent, query, name in (
        (Result, None, "activity", "results"),
        (ResultIndicator, (Result, "result_id"), "result__activity", "indicators"),
        (
            IndicatorPeriod,
            (ResultIndicator, "indicator_id"),
            "indicator__result__activity",
            "periods",
        ),
        (
            Disaggregation,
            (IndicatorPeriod, "period_id"),
            "period__indicator__result__activity",
            "disaggregations",
        ),
    ):
        for obj in model.objects.filter(**{query: activity}).order_by("pk"):
            above = f"{paths[parent[0], getattr(obj, parent[1])]}." if parent else ""
            path = paths[model, obj.pk] = f"{above}{name}[#{obj.pk}]"
            _row(obj, path, out)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields whose value differs, in a stable order, with both values."""
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes.append({"field": key, "before": old, "after": new})
    return changes


def record(
    activity: Activity,
    user,
    action: str,
    before: dict[str, Any] | None,
    *,
    comment: str = "",
    after: dict[str, Any] | None = None,
) -> ActivityChange:
    """Write one history entry comparing ``before`` with the activity as it is now."""
    after = snapshot(activity) if after is None else after
    return ActivityChange.objects.create(
        activity=activity if activity.pk else None,
        iati_identifier=activity.iati_identifier,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        version=activity.version,
        comment=comment,
        changes=diff(before or {}, after),
    )
