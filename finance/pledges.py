"""How much of each pledge is delivered, computed from the records, never typed in.

A contribution pledge is measured with the same rules that move its target (progress.metrics,
talent.counting), restricted to the activities the pledge names; a money pledge by the
disbursements and expenditure of those activities, converted as the finance totals are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from activities.codes import TransactionType, WorkflowState
from activities.models import Activity, Transaction
from finance.models import Pledge, PledgeStatus
from finance.rates import converter_for
from finance.services import ZERO, _grouped, _line
from plans.models import Metric, MilestoneEvent, MilestoneStage, Plan, Target
from progress.metrics import ai_centres_query, demonstration_projects_query
from talent.counting import completed_in_period

DELIVERING = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)


def _by_pledge(rows, key: str) -> dict[int, Decimal]:
    return {r[key]: Decimal(r["n"]) for r in rows}


def _talents(plan: Plan, ids: list[int]) -> dict[int, Decimal]:
    key = "programme__activity__pledges"
    rows = (
        completed_in_period(plan)
        .filter(**{f"{key}__in": ids}, programme__activity__in=_approved(plan))
        .order_by()
        .values(key)
        .annotate(n=Count("talent_id", distinct=True))
    )
    return _by_pledge(rows, key)


def _demonstration_projects(plan: Plan, ids: list[int]) -> dict[int, Decimal]:
    rows = (
        demonstration_projects_query(plan)
        .filter(pledges__in=ids)
        .order_by()
        .values("pledges")
        .annotate(n=Count("pk", distinct=True))
    )
    return _by_pledge(rows, "pledges")


def _ai_centres(plan: Plan, ids: list[int]) -> dict[int, Decimal]:
    rows = (
        ai_centres_query(plan)
        .filter(pledges__in=ids)
        .order_by()
        .values("pledges")
        .annotate(n=Count("pk", distinct=True))
    )
    return _by_pledge(rows, "pledges")


# The same rules as the targets' measures, each restricted to a pledge's activities; each
# measures every pledge given at once (one grouped query), keyed by pledge.
MEASURES: dict[str, tuple[Callable[[Plan, list[int]], dict[int, Decimal]], str]] = {
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


def _approved(plan: Plan) -> QuerySet[Activity]:
    return Activity.objects.filter(workflow_state=WorkflowState.APPROVED, plan=plan).values("pk")


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


MONEY_RULE = _(
    "Disbursements and expenditure of the pledge's approved activities, in US dollars at the "
    "rate of each value date's year."
)


def _money(plan: Plan, pledges: list[Pledge]) -> dict[int, PledgeProgress]:
    rows = _grouped(
        Transaction.objects.filter(
            activity__pledges__in=[p.pk for p in pledges],
            activity__in=_approved(plan),
            type__in=DELIVERING,
        ),
        "activity__pledges",
    )
    needed = {(r["cur"], r["vy"]) for r in rows} | {
        (p.currency, p.pledged_on.year) for p in pledges
    }
    converter = converter_for(plan, needed)
    lines: dict[int, list] = {p.pk: [] for p in pledges}
    for r in rows:
        lines[r["activity__pledges"]].append(_line(converter, r["cur"], r["vy"], r["total"]))
    out = {}
    for pledge in pledges:
        pledged = _line(converter, pledge.currency, pledge.pledged_on.year, pledge.amount).usd
        own = lines[pledge.pk]
        delivered = None if any(ln.usd is None for ln in own) else sum((ln.usd for ln in own), ZERO)
        out[pledge.pk] = PledgeProgress(pledge, pledged, delivered, str(MONEY_RULE))
    return out


def _stages(plan: Plan, pledges: list[Pledge]) -> set[tuple[int, int]]:
    """(pledge, target) pairs whose milestone a record of the pledge establishes."""
    return set(
        MilestoneEvent.objects.filter(
            stage=MilestoneStage.ESTABLISHED,
            evidence__pledges__in=[p.pk for p in pledges],
            evidence__in=_approved(plan),
        ).values_list("evidence__pledges", "target_id")
    )


def pledges_progress(plan: Plan, pledges: list[Pledge]) -> dict[int, PledgeProgress]:
    """Each pledge's progress (pledges of ``plan``, their targets loaded), keyed by pledge.

    A fixed number of queries however many pledges: one per kind of measure."""
    out = _money(plan, [p for p in pledges if p.is_money])
    contributions = [p for p in pledges if not p.is_money]
    for metric, (measure, rule) in MEASURES.items():
        mine = [p for p in contributions if p.target.metric == metric]
        if mine:
            delivered = measure(plan, [p.pk for p in mine])
            for p in mine:
                out[p.pk] = PledgeProgress(p, p.quantity, delivered.get(p.pk, ZERO), str(rule))
    milestones = [p for p in contributions if p.target.metric == Metric.MILESTONE]
    reached = _stages(plan, milestones) if milestones else set()
    for p in milestones:
        out[p.pk] = PledgeProgress(
            p,
            p.quantity,
            Decimal(1 if (p.pk, p.target_id) in reached else 0),
            str(_("1 once a record of the pledge establishes the milestone.")),
        )
    for p in contributions:
        if p.pk not in out:
            out[p.pk] = PledgeProgress(
                p, p.quantity, None, str(_("This kind of target is not measured per pledge."))
            )
    return out


def pledge_progress(pledge: Pledge) -> PledgeProgress:
    return pledges_progress(pledge.plan, [pledge])[pledge.pk]


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
    progresses = pledges_progress(plan, list(pledges))
    for pledge in pledges:
        progress = progresses[pledge.pk]
        if pledge.is_money:
            money.append(progress)
        else:
            targets.setdefault(pledge.target_id, TargetPledges(pledge.target, [])).pledges.append(
                progress
            )
    return list(targets.values()), money
