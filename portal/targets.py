"""A target on the public pages: its figure with the month-by-month history drawn, the link to
the records it counts, and those records.

The figure and its history are progress's (``progress.services.target_progress``,
``progress.history.target_history``); here they are drawn, summarised and linked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.codes import WorkflowState
from activities.models import Activity
from lib.charts import line_svg
from lib.formatting import format_measure, format_month
from plans.models import Metric, Plan
from progress import metrics
from progress.history import Point, target_history
from progress.services import TargetProgress, target_progress


@dataclass(frozen=True)
class TargetLine:
    """A target's figure with its month-by-month history, drawn and as a table."""

    progress: TargetProgress
    points: list[Point]
    href: str = ""  # the records behind the figure

    @property
    def svg(self) -> str:
        target = self.progress.target
        return line_svg(self.points, _("History of: %(t)s") % {"t": target.statement}, target.value)

    @property
    def summary(self) -> str:
        if not self.points:
            return ""
        first, last = self.points[0], self.points[-1]
        text = _("From %(start)s to %(end)s the figure went from %(a)s to %(b)s") % {
            "start": format_month(first.month),
            "end": format_month(last.month),
            "a": format_measure(first.value),
            "b": format_measure(last.value),
        }
        if last.expected is not None:
            text += _("; a linear path would be at %(e)s.") % {"e": format_measure(last.expected)}
        return text


def target_lines(plan: Plan, targets=None, today: dt.date | None = None) -> list[TargetLine]:
    targets = targets if targets is not None else plan.targets.all()
    targets = targets.select_related("plan", "pillar", "standard_indicator")
    return [
        TargetLine(target_progress(t, today), target_history(t, today), target_href(t))
        for t in targets
    ]


def records_behind(target) -> QuerySet[Activity] | None:
    """The approved activities a target's figure counts; None when it counts persons."""
    plan = target.plan
    if target.metric == Metric.DEMONSTRATION_PROJECTS:
        return metrics.demonstration_projects_query(plan)
    if target.metric == Metric.AI_CENTRES:
        return Activity.objects.filter(pk__in=metrics.ai_centres_query(plan).values("pk"))
    if target.metric == Metric.STANDARD_INDICATOR:
        return Activity.objects.filter(
            plan=plan,
            workflow_state=WorkflowState.APPROVED,
            results__indicators__standard_indicator__code=target.standard_indicator.code,
        ).distinct()
    if target.metric == Metric.MILESTONE:
        return Activity.objects.filter(
            workflow_state=WorkflowState.APPROVED, milestone_events__target=target
        ).distinct()
    return None


def target_href(target) -> str:
    if target.metric == Metric.DIGITAL_TALENTS:
        return reverse("talent:dashboard")
    return reverse("progress:target", args=[target.plan.slug, target.code])
