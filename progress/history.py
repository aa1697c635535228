"""Each target's month-by-month history since the plan's start, against the linear expectation.

A record counts from the month of its own counting date — a demonstration project or a centre
from its actual start, a talent from their first completion, a standard indicator's value from
the end of the period it reports — among the records that count today (approved). So the line
shows when the plan's progress happened, and its last point is the figure on the page.

Apps that own a metric's data register its dated counts here, as they register the measure in
progress.metrics (the talent registry registers the digital-talents one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from activities.codes import WorkflowState
from activities.models import Activity, IndicatorPeriod
from plans.models import Metric, Target
from progress import metrics
from progress.services import elapsed_share

# (date, amount) pairs: how much the metric grew on that date. Summed per month here.
Dated = Callable[[Target], Iterable[tuple[dt.date, Decimal]]]
_DATED: dict[str, Dated] = {}


def register(metric: str) -> Callable[[Dated], Dated]:
    def decorate(fn: Dated) -> Dated:
        _DATED[metric] = fn
        return fn

    return decorate


@dataclass(frozen=True)
class Point:
    month: dt.date  # first day of the month
    value: Decimal  # the figure at the end of that month
    expected: Decimal | None  # where a linear path to the target would be then


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def target_history(target: Target, today: dt.date | None = None) -> list[Point]:
    """One point per month from the plan's start to this month (or the deadline, if passed).

    Empty for metrics with no dated counts (a milestone is a stage, not a line).
    """
    dated = _DATED.get(target.metric)
    if dated is None:
        return []
    today = today or timezone.localdate()
    plan = target.plan
    deadline = target.deadline or plan.period_end
    months = month_starts(plan.period_start, max(plan.period_start, min(today, deadline)))
    per_month: dict[dt.date, Decimal] = {}
    for day, amount in dated(target):
        if day is None:
            continue
        # Before the start counts from the first month; a date still ahead (a period that
        # ends later but already reports) from this month, as the figure on the page does.
        key = min(max(day, plan.period_start).replace(day=1), months[-1])
        per_month[key] = per_month.get(key, Decimal(0)) + Decimal(amount or 0)
    points, running = [], Decimal(0)
    for month in months:
        running += per_month.get(month, Decimal(0))
        expected = None
        if target.value:
            share = elapsed_share(plan.period_start, deadline, min(month_end(month), deadline))
            expected = (target.value * share).quantize(Decimal("0.1"))
        points.append(Point(month, running, expected))
    return points


def _by_day(queryset, field: str) -> list[tuple[dt.date, Decimal]]:
    """Counts grouped by a date column: at most one row per day, never one per record."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return [(day, Decimal(n)) for day, n in rows]


@register(Metric.DEMONSTRATION_PROJECTS)
def dated_demonstration_projects(target: Target):
    return _by_day(metrics.demonstration_projects_query(target.plan), "actual_start")


@register(Metric.AI_CENTRES)
def dated_ai_centres(target: Target):
    centres = Activity.objects.filter(pk__in=metrics.ai_centres_query(target.plan).values("pk"))
    return _by_day(centres, "actual_start")


@register(Metric.STANDARD_INDICATOR)
def dated_standard_indicator(target: Target):
    periods = IndicatorPeriod.objects.filter(
        indicator__standard_indicator__plan=target.plan,
        indicator__standard_indicator__code=target.standard_indicator.code,
        indicator__result__activity__workflow_state=WorkflowState.APPROVED,
        indicator__result__activity__plan=target.plan,
    )
    rows = (
        periods.order_by()
        .values("period_end")
        .annotate(total=Sum("actual_value"))
        .values_list("period_end", "total")
    )
    return list(rows)
