"""How much of each pledge is delivered, computed from the records, never typed in.

A contribution pledge is measured with the same rules that move its target (progress.metrics,
talent.counting), restricted to the activities the pledge names; a money pledge by the
disbursements and expenditure of those activities, converted as the finance totals are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from activities.codes import TransactionType, WorkflowState
from activities.models import Activity, Transaction
from finance.models import Pledge, PledgeStatus
from finance.rates import converter_for
from finance.services import ZERO, _grouped, _line
from plans.models import Metric, MilestoneStage, Plan, Target
from progress.metrics import ai_centres_query, demonstration_projects_query
from talent.counting import completed_in_period, distinct_talents

DELIVERING = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)


def _talents(plan: Plan, acts: QuerySet[Activity]) -> Decimal:
    return Decimal(distinct_talents(completed_in_period(plan).filter(programme__activity__in=acts)))


def _demonstration_projects(plan: Plan, acts: QuerySet[Activity]) -> Decimal:
    return Decimal(demonstration_projects_query(plan).filter(pk__in=acts).count())


def _ai_centres(plan: Plan, acts: QuerySet[Activity]) -> Decimal:
    return Decimal(ai_centres_query(plan).filter(pk__in=acts).values("pk").distinct().count())


# The same rules as the targets' measures, each restricted to a pledge's activities.
MEASURES: dict[str, tuple[Callable[[Plan, QuerySet[Activity]], Decimal], str]] = {
    Metric.DIGITAL_TALENTS: (
        _talents,
        _(
            "Distinct persons with a completed enrolment in the plan period, in the pledge's "
            "training programmes (approved records, matched across partners)."
        ),
    ),
    Metric.DEMONSTRATION_PROJECTS: (
        _demonstration_projects,
        _("The pledge's demonstration projects under way, started within the plan period."),
    ),
    Metric.AI_CENTRES: (
        _ai_centres,
        _("The pledge's AI centres in implementation or later."),
    ),
}


@dataclass
class PledgeProgress:
    pledge: Pledge
    pledged: Decimal | None  # quantity, or US dollars for money (None: no rate)
    delivered: Decimal | None  # None when the records cannot measure it
    rule: str

    @property
    def share(self) -> Decimal | None:
        if self.pledged in (None, ZERO) or self.delivered is None:
            return None
        return min(Decimal(100), self.delivered / self.pledged * 100)


def _money(pledge: Pledge, acts: QuerySet[Activity]) -> PledgeProgress:
    rows = _grouped(Transaction.objects.filter(activity__in=acts, type__in=DELIVERING))
    needed = {(r["cur"], r["vy"]) for r in rows} | {(pledge.currency, pledge.pledged_on.year)}
    converter = converter_for(pledge.plan, needed)
    pledged = _line(converter, pledge.currency, pledge.pledged_on.year, pledge.amount).usd
    lines = [_line(converter, r["cur"], r["vy"], r["total"]) for r in rows]
    delivered = None if any(ln.usd is None for ln in lines) else sum((ln.usd for ln in lines), ZERO)
    return PledgeProgress(
        pledge,
        pledged,
        delivered,
        str(
            _(
                "Disbursements and expenditure of the pledge's approved activities, in US "
                "dollars at the rate of each value date's year."
            )
        ),
    )


def _stage(pledge: Pledge, acts: QuerySet[Activity]) -> Decimal:
    reached = pledge.target.milestones.filter(
        evidence__in=acts, stage=MilestoneStage.ESTABLISHED
    ).exists()
    return Decimal(1 if reached else 0)


def pledge_progress(pledge: Pledge) -> PledgeProgress:
    acts = pledge.activities.filter(workflow_state=WorkflowState.APPROVED, plan=pledge.plan)
    if pledge.is_money:
        return _money(pledge, acts)
    metric = pledge.target.metric
    if metric in MEASURES:
        measure, rule = MEASURES[metric]
        return PledgeProgress(pledge, pledge.quantity, measure(pledge.plan, acts), str(rule))
    if metric == Metric.MILESTONE:
        return PledgeProgress(
            pledge,
            pledge.quantity,
            _stage(pledge, acts),
            str(_("1 once a record of the pledge establishes the milestone.")),
        )
    return PledgeProgress(
        pledge, pledge.quantity, None, str(_("This kind of target is not measured per pledge."))
    )


@dataclass
class TargetPledges:
    target: Target
    pledges: list[PledgeProgress]


def pledges_by_target(plan: Plan) -> tuple[list[TargetPledges], list[PledgeProgress]]:
    """Contribution pledges under their target (who pledged what, how much is delivered),
    and the money pledges."""
    pledges = (
        Pledge.objects.filter(plan=plan)
        .exclude(status=PledgeStatus.DROPPED)
        .select_related("organisation", "target", "pillar", "plan")
        .prefetch_related("countries")
        .order_by("target__order", "organisation__name", "pk")
    )
    targets: dict[int, TargetPledges] = {}
    money = []
    for pledge in pledges:
        progress = pledge_progress(pledge)
        if pledge.is_money:
            money.append(progress)
        else:
            targets.setdefault(pledge.target_id, TargetPledges(pledge.target, [])).pledges.append(
                progress
            )
    return list(targets.values()), money
