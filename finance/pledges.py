"""Pledges: how much of each is delivered, computed from the records, never typed in; and
recording and updating them from the site.

A contribution pledge is measured with the same rules that move its target (progress.metrics,
talent.counting), restricted to the activities the pledge names; a money pledge by the
disbursements and expenditure of those activities, converted as the finance totals are.

Writes (``record_pledge``, ``update_pledge``, ``change_status``) check the pledge as the admin
does (``Pledge.clean``) plus what only a page can get wrong (an organisation one does not speak
for, activities of another partner), and leave a line in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import AuditKind
from activities.codes import TransactionType, WorkflowState
from activities.models import Activity, Transaction
from finance.models import Pledge, PledgeStatus
from finance.permissions import may_correct, may_update, pledging_organisations
from finance.rates import converter_for
from finance.reporting import partners
from finance.services import ZERO, _grouped, _line
from plans.models import Metric, MilestoneEvent, MilestoneStage, Plan, Target
from progress.metrics import ai_centres_query, demonstration_projects_query
from talent.counting import completed_in_period

if TYPE_CHECKING:
    from django.utils.functional import Promise

    StrOrPromise = str | Promise

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
MEASURES: dict[str, tuple[Callable[[Plan, list[int]], dict[int, Decimal]], StrOrPromise]] = {
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


def _approved(plan: Plan) -> QuerySet[Activity, int]:
    """The plan's approved activities' ids, as a subquery."""
    approved = Activity.objects.filter(workflow_state=WorkflowState.APPROVED, plan=plan)
    return approved.values_list("pk", flat=True)


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
        assert pledge.amount is not None  # only money pledges come here (Pledge.is_money)
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


def _target_of(pledge: Pledge) -> Target:
    """A contribution pledge's target: ``Pledge.clean`` refuses a pledge with neither an
    amount nor a target."""
    assert pledge.target is not None
    return pledge.target


def pledges_progress(plan: Plan, pledges: list[Pledge]) -> dict[int, PledgeProgress]:
    """Each pledge's progress (pledges of ``plan``, their targets loaded), keyed by pledge.

    A fixed number of queries however many pledges: one per kind of measure."""
    out = _money(plan, [p for p in pledges if p.is_money])
    contributions = [p for p in pledges if not p.is_money]
    for metric, (measure, rule) in MEASURES.items():
        mine = [p for p in contributions if _target_of(p).metric == metric]
        if mine:
            delivered = measure(plan, [p.pk for p in mine])
            for p in mine:
                out[p.pk] = PledgeProgress(p, p.quantity, delivered.get(p.pk, ZERO), str(rule))
    milestones = [p for p in contributions if _target_of(p).metric == Metric.MILESTONE]
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
            target = _target_of(pledge)
            targets.setdefault(target.pk, TargetPledges(target, [])).pledges.append(progress)
    return list(targets.values()), money


# Recording and updating pledges from the site.

# A pledge moves forward along this line (a step may be skipped: a grant committed and paid at
# once), or is dropped before it is delivered.
FORWARD = [
    PledgeStatus.PLEDGED,
    PledgeStatus.COMMITTED,
    PledgeStatus.UNDER_WAY,
    PledgeStatus.DELIVERED,
]
# What a form sets on the record directly; texts, countries and activities are written apart.
FIELDS = ("organisation", "pledged_on", "pillar", "amount", "currency", "target", "quantity")


def next_statuses(status: str, *, correcting: bool = False) -> list[str]:
    """The statuses a pledge in ``status`` may move to. A correction (the secretariat's, see
    finance.permissions.may_correct) may set any other status."""
    if correcting:
        return [s for s in PledgeStatus.values if s != status]
    if status == PledgeStatus.DROPPED:
        return []
    later = [str(s) for s in FORWARD[FORWARD.index(PledgeStatus(status)) + 1 :]]
    return later if status == PledgeStatus.DELIVERED else [*later, PledgeStatus.DROPPED.value]


def status_choices(user, pledge: Pledge) -> list[str]:
    """The statuses ``user`` may move ``pledge`` to now."""
    if not may_update(user, pledge):
        return []
    return next_statuses(pledge.status, correcting=may_correct(user, pledge))


def organisations_for(user, plan: Plan):
    """The plan's partners ``user`` records pledges for (all of them for the secretariat)."""
    orgs = pledging_organisations(user, plan.pk)
    found = partners(plan)
    return found if orgs is None else found.filter(pk__in=orgs)


def _check_organisation(user, plan: Plan, organisation) -> None:
    if (
        organisation is None
        or not organisations_for(user, plan).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(
            gettext("You do not record pledges for this organisation in this plan.")
        )


def delivering_activities(plan: Plan, organisation, identifiers: list[str]) -> list[Activity]:
    """The activities named by ``identifiers``: the partner's own records in the plan (it
    reports them or takes part in them), since they are what counts its delivery."""
    wanted = list(dict.fromkeys(i.strip() for i in identifiers if i.strip()))
    found = list(
        Activity.objects.filter(plan=plan, iati_identifier__in=wanted)
        .filter(Q(reporting_org=organisation) | Q(participating_orgs__organisation=organisation))
        .distinct()
        .order_by("iati_identifier")
    )
    missing = sorted(set(wanted) - {a.iati_identifier for a in found})
    if missing:
        message = gettext(
            "Not an activity of %(organisation)s in this plan: %(identifiers)s. Name the "
            "partner's own activities (it reports them or takes part in them)."
        )
        raise ValidationError(
            {
                "activities": message
                % {"organisation": organisation.name, "identifiers": ", ".join(missing)}
            }
        )
    return found


def _values(pledge: Pledge) -> dict:
    """The stored value of each of ``FIELDS`` (a related record's id)."""
    return {name: pledge.serializable_value(name) for name in FIELDS}


def _set(pledge: Pledge, data: dict) -> Pledge:
    for name in FIELDS:
        setattr(pledge, name, data.get(name))
    pledge.currency = (pledge.currency or "").upper()
    pledge.set_texts("statement", data.get("statement") or {})
    return pledge


def _check(pledge: Pledge, data: dict) -> tuple[list[Activity], dict[str, list[str]]]:
    """The delivering activities ``data`` names, and every refusal of the pledge as set, each
    on its field."""
    errors: dict[str, list[str]] = {}
    activities: list[Activity] = []
    if pledge.organisation_id is not None:
        try:
            activities = delivering_activities(
                pledge.plan, pledge.organisation, data.get("activities") or []
            )
        except ValidationError as refused:
            errors.update(refused.message_dict)
    try:
        pledge.full_clean()
    except ValidationError as refused:
        for field, messages in refused.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return activities, errors


def problems(plan: Plan, data: dict) -> dict[str, list[str]]:
    """What recording ``data`` would refuse, by field, even when ``data`` is partial (the
    fields a form could read): a page reports them with its own in one round."""
    return _check(_set(Pledge(plan=plan), data), data)[1]


def _write(pledge: Pledge, data: dict) -> list[str]:
    """Set ``data`` on ``pledge``, check it and save it; returns the names of the fields it
    changed. Every refusal is reported at once, each on its field."""
    before = _values(pledge)
    before_texts = pledge.texts("statement")
    old_countries = set(pledge.countries.values_list("pk", flat=True)) if pledge.pk else set()
    old_activities = set(pledge.activities.values_list("pk", flat=True)) if pledge.pk else set()
    activities, errors = _check(_set(pledge, data), data)
    if errors:
        raise ValidationError(errors)
    pledge.save()
    countries = list(data.get("countries") or [])
    pledge.countries.set(countries)
    pledge.activities.set(activities)
    after = _values(pledge)
    changed = [name for name in FIELDS if before[name] != after[name]]
    if before_texts != pledge.texts("statement"):
        changed.append("statement")
    if old_countries != {c.pk for c in countries}:
        changed.append("countries")
    if old_activities != {a.pk for a in activities}:
        changed.append("activities")
    return changed


def record_pledge(plan: Plan, data: dict, by) -> Pledge:
    """Record a partner's pledge to ``plan`` from a page: ``data`` holds the fields of
    ``FIELDS``, ``statement`` (language → text, English required), ``countries``,
    ``activities`` (IATI identifiers) and the initial ``status``."""
    _check_organisation(by, plan, data.get("organisation"))
    status = data.get("status") or PledgeStatus.PLEDGED
    if status == PledgeStatus.DROPPED:
        raise ValidationError({"status": gettext("A pledge is recorded before it is dropped.")})
    pledge = Pledge(plan=plan, status=status)
    with transaction.atomic():
        _write(pledge, data)
        audit.record(
            AuditKind.CREATE,
            actor=by,
            plan=plan,
            target=f"pledge {pledge.pk}",
            organisation=pledge.organisation_id,
            status=pledge.status,
        )
    return pledge


def update_pledge(pledge: Pledge, data: dict, by) -> Pledge:
    """Change what a pledge says (its status moves apart, ``change_status``)."""
    if not may_update(by, pledge):
        raise PermissionDenied(gettext("You do not update this pledge."))
    _check_organisation(by, pledge.plan, data.get("organisation"))
    with transaction.atomic():
        changed = _write(pledge, data)
        if changed:
            audit.record(
                AuditKind.UPDATE,
                actor=by,
                plan=pledge.plan,
                target=f"pledge {pledge.pk}",
                fields=changed,
            )
    return pledge


def change_status(pledge: Pledge, status: str, by) -> Pledge:
    """Move the pledge to ``status`` (forward, or dropped; any status for the secretariat)."""
    if not may_update(by, pledge):
        raise PermissionDenied(gettext("You do not update this pledge."))
    with transaction.atomic():
        fresh = Pledge.objects.select_for_update().select_related("plan").get(pk=pledge.pk)
        if status not in status_choices(by, fresh):
            message = gettext(
                "A pledge with the status “%(current)s” cannot be moved to “%(status)s”."
            )
            current = PledgeStatus(fresh.status).label
            wanted = PledgeStatus(status).label if status in PledgeStatus.values else status
            raise ValidationError({"status": message % {"current": current, "status": wanted}})
        before = fresh.status
        fresh.status = status
        fresh.save(update_fields=["status"])
        audit.record(
            AuditKind.WORKFLOW,
            actor=by,
            plan=fresh.plan,
            target=f"pledge {fresh.pk}",
            move=f"{before} → {status}",
            correction=status not in next_statuses(before),
        )
    return fresh
