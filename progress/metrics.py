"""How each target metric is measured. Counting rules are described in DESIGN.md.

Each measure is one aggregate query over approved records of the plan; nothing loads rows into
Python. Apps that own the data behind a metric register its measure at start-up: the talent
registry registers the digital-talents measure (talent/metrics.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from activities.codes import ActivityStatus
from activities.models import Activity, IndicatorPeriod, approved_q
from plans.models import KindCategory, Metric, MilestoneStage, Target

if TYPE_CHECKING:
    from django.utils.functional import Promise

    StrOrPromise = str | Promise

UNDER_WAY = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION, ActivityStatus.CLOSED)

Measure = Callable[[Target], Decimal]
_MEASURES: dict[str, Measure] = {}
RULES: dict[str, StrOrPromise] = {}


def register(metric: str, rule: StrOrPromise) -> Callable[[Measure], Measure]:
    def decorate(fn: Measure) -> Measure:
        _MEASURES[metric] = fn
        RULES[metric] = rule
        return fn

    return decorate


def measure(target: Target) -> Decimal:
    return _MEASURES[target.metric](target)


def demonstration_projects_query(plan):
    return Activity.objects.approved(plan).filter(
        kind__category=KindCategory.DEMONSTRATION_PROJECT,
        status__in=UNDER_WAY,
        actual_start__gte=plan.period_start,
        actual_start__lte=plan.period_end,
    )


def ai_centres_query(plan):
    return (
        Activity.objects.approved(plan)
        .filter(
            kind__category=KindCategory.CENTRE,
            technologies__code="ai",
            status__in=UNDER_WAY,
        )
        .distinct()
    )


@register(
    Metric.DEMONSTRATION_PROJECTS,
    _(
        "Approved demonstration projects in implementation, finalisation or closed, "
        "started within the plan period."
    ),
)
def count_demonstration_projects(target: Target) -> Decimal:
    return Decimal(demonstration_projects_query(target.plan).count())


@register(
    Metric.AI_CENTRES,
    _("Approved joint centres tagged with artificial intelligence, in implementation or later."),
)
def count_ai_centres(target: Target) -> Decimal:
    return Decimal(ai_centres_query(target.plan).count())


def indicator_total(plan, indicator_code: str, *, start=None, end=None) -> Decimal:
    """Sum of actual values reported against a standard indicator by approved activities."""
    periods = IndicatorPeriod.objects.filter(
        approved_q(plan, via="indicator__result__activity__"),
        indicator__standard_indicator__plan=plan,
        indicator__standard_indicator__code=indicator_code,
    )
    if start:
        periods = periods.filter(period_end__gte=start)
    if end:
        periods = periods.filter(period_start__lte=end)
    return periods.aggregate(total=Sum("actual_value"))["total"] or Decimal(0)


@register(
    Metric.STANDARD_INDICATOR,
    _("Sum of actual values reported against the standard indicator by approved activities."),
)
def sum_standard_indicator(target: Target) -> Decimal:
    indicator = target.standard_indicator
    assert indicator is not None, "a standard-indicator target names its indicator (Target.clean)"
    return indicator_total(target.plan, indicator.code)


STAGE_ORDER = list(MilestoneStage.values)


@register(Metric.MILESTONE, _("Latest stage reached, each stage dated and backed by a record."))
def milestone_stage(target: Target) -> Decimal:
    stages = target.milestones.filter(approved_q(via="evidence__")).values_list("stage", flat=True)
    return Decimal(max((STAGE_ORDER.index(s) for s in stages), default=0))
