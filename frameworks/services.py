"""What the plan contributes to each SDG and Agenda 2063 goal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from activities.models import Activity, Budget
from frameworks.models import Agenda2063Alignment, Agenda2063Goal, SdgAlignment, SdgGoal
from plans.models import Plan


@dataclass
class Contribution:
    code: str
    title: str
    activities: int
    budgets: dict[str, Decimal]  # currency → total

    @property
    def budget_text(self) -> str:
        return "; ".join(f"{c} {v:,.0f}" for c, v in sorted(self.budgets.items())) or "—"


def _figures(activities: QuerySet) -> tuple[int, dict[str, Decimal]]:
    count = activities.aggregate(n=Count("pk"))["n"]
    totals = (
        Budget.objects.filter(activity__in=activities)
        .values(cur=Coalesce(NullIf("currency", Value("")), "activity__default_currency"))
        .annotate(total=Coalesce(Sum("value"), Decimal(0)))
    )
    return count, {row["cur"]: row["total"] for row in totals}


def sdg_contribution(plan: Plan, language: str = "en") -> list[Contribution]:
    """Approved activities and their budgets per SDG (an activity counts once per goal)."""
    out = []
    for goal in SdgGoal.objects.all():
        tagged = SdgAlignment.objects.filter(goal=goal).values("activity_id")
        n, budgets = _figures(Activity.objects.approved(plan).filter(pk__in=tagged))
        out.append(Contribution(goal.code, goal.short_text(language), n, budgets))
    return out


def agenda2063_contribution(plan: Plan) -> list[Contribution]:
    out = []
    for goal in Agenda2063Goal.objects.all():
        tagged = Agenda2063Alignment.objects.filter(goal=goal).values("activity_id")
        n, budgets = _figures(Activity.objects.approved(plan).filter(pk__in=tagged))
        out.append(Contribution(str(goal.number), goal.title.get("en", ""), n, budgets))
    return out
