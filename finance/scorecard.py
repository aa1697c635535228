"""The public timeliness and completeness scorecard of each partner of a plan.

Each score is a share of the partner's approved activities that pass one check, explained in a
sentence and linked to the activities that lower it, in the spirit of the IATI Dashboard and
Validator. Only approved (public) records are scored, so the scorecard reveals nothing private.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from activities.codes import ActivityStatus, WorkflowState
from activities.models import (
    Activity,
    ActivitySector,
    Budget,
    Location,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    Result,
)
from finance.checks import FlagList, financial_flags, flag_querysets
from finance.models import ReportingDeadline
from finance.reporting import has_reported, last_updates, partners
from participants.models import Organisation
from plans.models import Plan

LISTED = 50  # activities listed under a score; the count is always complete
ACTIVE = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION)


def _exists(model, **lookups):
    return Exists(model.objects.filter(activity=OuterRef("pk"), **lookups))


def _current_budget(today: dt.date):
    return _exists(Budget, period_end__gte=today, value__gte=0)


def _required_fields() -> Q:
    """IATI's required elements we can check per activity: a description, a start date, a
    participating organisation, a recipient country or region, and a sector."""
    return (
        ~Q(description={})
        & (Q(planned_start__isnull=False) | Q(actual_start__isnull=False))
        & Q(_exists(ParticipatingOrg))
        & (Q(_exists(RecipientCountry)) | Q(_exists(RecipientRegion)))
        & (Q(_exists(ActivitySector)) | Q(sectors__isnull=False))
    )


@dataclass
class Check:
    key: str
    label: str
    explanation: str
    applies: Q  # which activities the check is about
    passes: Q


def checks(today: dt.date) -> list[Check]:
    return [
        Check(
            "budgets",
            str(_("Current budgets")),
            str(
                _(
                    "Activities under way (implementation or finalisation) with a budget "
                    "whose period has not ended: what the partner plans to spend."
                )
            ),
            Q(status__in=ACTIVE),
            Q(_current_budget(today)),
        ),
        Check(
            "results",
            str(_("Results")),
            str(_("Activities under way or finished that report at least one result.")),
            Q(status__in=(*ACTIVE, ActivityStatus.CLOSED)),
            Q(_exists(Result)),
        ),
        Check(
            "locations",
            str(_("Locations")),
            str(_("Activities that give at least one location (a place or coordinates).")),
            Q(),
            Q(_exists(Location)),
        ),
        Check(
            "required",
            str(_("Required fields")),
            str(
                _(
                    "Activities with a description, a start date, a participating "
                    "organisation, a recipient country or region and a sector (IATI's "
                    "required elements)."
                )
            ),
            Q(),
            _required_fields(),
        ),
    ]


@dataclass
class Score:
    key: str
    label: str
    explanation: str
    total: int
    passing: int
    lowering: list[Activity] = field(default_factory=list)  # first LISTED failing activities

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.passing) * 100 / self.total).quantize(Decimal("1"))

    @property
    def failing(self) -> int:
        return self.total - self.passing


@dataclass
class Timeliness:
    last_update: dt.datetime | None
    deadline: ReportingDeadline | None  # the latest due date passed
    on_time: bool | None  # None without a passed due date

    @property
    def explanation(self) -> str:
        return str(
            _(
                "On time when one of the partner's activities was updated on or after the "
                "start of the period of the latest due date passed."
            )
        )


@dataclass
class PartnerScorecard:
    organisation: Organisation
    activities: int
    timeliness: Timeliness
    scores: list[Score]
    validator: Score  # activities without flagged financial input
    flags: list[FlagList]


def _activities(plan: Plan, organisation: Organisation) -> QuerySet[Activity]:
    return Activity.objects.filter(
        plan=plan, reporting_org=organisation, workflow_state=WorkflowState.APPROVED
    )


def _score(check: Check, acts: QuerySet[Activity], detail: bool) -> Score:
    scoped = acts.filter(check.applies)
    total = scoped.count()
    failing_qs = scoped.exclude(pk__in=scoped.filter(check.passes).values("pk"))
    failing = failing_qs.count()
    lowering = list(failing_qs.order_by("iati_identifier")[:LISTED]) if detail else []
    return Score(check.key, check.label, check.explanation, total, total - failing, lowering)


def _validator(acts: QuerySet[Activity], detail: bool) -> tuple[Score, list[FlagList]]:
    flagged_ids = Q(pk__in=[])
    for _kind, _record, qs in flag_querysets(acts):
        flagged_ids |= Q(pk__in=qs.values("activity_id"))
    total = acts.count()
    flagged = acts.filter(flagged_ids)
    count = flagged.count()
    lowering = list(flagged.order_by("iati_identifier")[:LISTED]) if detail else []
    return _validator_score(total, total - count, lowering), financial_flags(acts) if detail else []


def _validator_score(total: int, passing: int, lowering: list[Activity]) -> Score:
    return Score(
        "validator",
        str(_("Financial data checks")),
        str(
            _(
                "Activities whose transactions and budgets pass IATI-style checks: an ISO 4217 "
                "currency, no negative amount where the standard forbids one, a value date an "
                "exchange rate covers."
            )
        ),
        total,
        passing,
        lowering,
    )


def latest_due(plan: Plan, today: dt.date) -> ReportingDeadline | None:
    return ReportingDeadline.objects.filter(plan=plan, due_on__lt=today).order_by("-due_on").first()


def partner_scorecard(
    plan: Plan, organisation: Organisation, *, today: dt.date | None = None, detail: bool = True
) -> PartnerScorecard:
    today = today or dt.date.today()
    acts = _activities(plan, organisation)
    last = last_updates(plan).get(organisation.pk)
    deadline = latest_due(plan, today)
    timeliness = Timeliness(
        last, deadline, None if deadline is None else has_reported(last, deadline)
    )
    validator, flags = _validator(acts, detail)
    return PartnerScorecard(
        organisation=organisation,
        activities=acts.count(),
        timeliness=timeliness,
        scores=[_score(c, acts, detail) for c in checks(today)],
        validator=validator,
        flags=flags,
    )


def _per_partner(qs: QuerySet[Activity]) -> dict[int, int]:
    rows = qs.order_by().values("reporting_org_id").annotate(n=Count("pk"))
    return {r["reporting_org_id"]: r["n"] for r in rows}


def plan_scorecards(plan: Plan, today: dt.date | None = None) -> list[PartnerScorecard]:
    """Every partner's scorecard (summary figures; the partner page lists the records).

    The same figures as ``partner_scorecard(…, detail=False)`` for each partner, counted for
    all partners at once (a grouped query per figure), so the page reads the database the same
    number of times however many partners the plan has."""
    today = today or dt.date.today()
    orgs = list(partners(plan))
    acts = Activity.objects.filter(
        plan=plan, reporting_org__in=[o.pk for o in orgs], workflow_state=WorkflowState.APPROVED
    )
    last = last_updates(plan)
    deadline = latest_due(plan, today)
    counts = _per_partner(acts)
    figures = []
    for check in checks(today):
        scoped = acts.filter(check.applies)
        failing = scoped.exclude(pk__in=scoped.filter(check.passes).values("pk"))
        figures.append((check, _per_partner(scoped), _per_partner(failing)))
    flagged_ids = Q(pk__in=[])
    for _kind, _record, qs in flag_querysets(acts):
        flagged_ids |= Q(pk__in=qs.values("activity_id"))
    flagged = _per_partner(acts.filter(flagged_ids))
    cards = []
    for org in orgs:
        total = counts.get(org.pk, 0)
        org_last = last.get(org.pk)
        timeliness = Timeliness(
            org_last, deadline, None if deadline is None else has_reported(org_last, deadline)
        )
        scores = []
        for check, totals, failing in figures:
            n = totals.get(org.pk, 0)
            scores.append(
                Score(check.key, check.label, check.explanation, n, n - failing.get(org.pk, 0))
            )
        cards.append(
            PartnerScorecard(
                organisation=org,
                activities=total,
                timeliness=timeliness,
                scores=scores,
                validator=_validator_score(total, total - flagged.get(org.pk, 0), []),
                flags=[],
            )
        )
    return cards
