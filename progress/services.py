"""Where each target stands, judged against a linear expectation over the plan period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from lib import formatting
from plans.models import Metric, MilestoneStage, Plan, Target
from progress import metrics


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    value: Decimal
    percent: Decimal | None  # of the target value; None for open counts and milestones
    expected_percent: Decimal | None  # where a linear path would be today
    rule: str

    @property
    def on_track(self) -> bool | None:
        if self.percent is None or self.expected_percent is None:
            return None
        return self.percent >= self.expected_percent

    @property
    def display_value(self) -> str:
        if self.target.metric == Metric.MILESTONE:
            return str(MilestoneStage.labels[int(self.value)])
        return formatting.number(self.value.normalize())


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """Share of the period [start, end] that has elapsed on ``today``, between 0 and 1."""
    if today <= start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    return Decimal((today - start).days) / Decimal((end - start).days)


def _pct(value: Decimal) -> Decimal:
    return (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def target_progress(target: Target, today: dt.date | None = None) -> TargetProgress:
    today = today or timezone.localdate()
    value = metrics.measure(target)
    percent = expected = None
    if target.value and target.metric != Metric.MILESTONE:
        percent = _pct(value / target.value)
        deadline = target.deadline or target.plan.period_end
        expected = _pct(elapsed_share(target.plan.period_start, deadline, today))
    return TargetProgress(target, value, percent, expected, str(metrics.RULES[target.metric]))


@dataclass(frozen=True)
class PlanOverview:
    plan: Plan
    pillars: list
    targets: list[TargetProgress]
    elapsed_percent: Decimal


def plan_overview(plan: Plan, today: dt.date | None = None) -> PlanOverview:
    today = today or timezone.localdate()
    targets = plan.targets.select_related("plan", "pillar", "standard_indicator")
    return PlanOverview(
        plan=plan,
        pillars=list(plan.pillars.all()),
        targets=[target_progress(t, today) for t in targets],
        elapsed_percent=_pct(elapsed_share(plan.period_start, plan.period_end, today)),
    )
