"""Finance totals of a plan: pledged, committed, disbursed, spent and forward spending, each
dollar counted once, every converted figure with its rate, date and source.

``finance_summary`` is the one function behind the finance pages, the API and the portal's
totals. Sums come from grouped queries (by type, currency and year), never from loading
transactions into Python; only the few groups are converted.

Counting rule (each dollar once): money passed between two approved activities of the plan is
an internal flow, counted once at its origin. A flow is traced by activity identifiers on either
side (the payer's ``receiver-activity-id`` or the payee's ``provider-activity-id``; when both
sides report the same flow the larger figure is taken once). The share of an activity's own
commitments and disbursements that passes on money received from the plan is left out of the
totals and shown beside them as internal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import gettext_lazy

from activities.codes import BudgetType, TransactionType, WorkflowState, is_currency
from activities.countries import countries_q
from activities.models import Activity, Budget, RecipientCountry, Transaction
from finance.models import Pledge, PledgeStatus
from finance.rates import IDENTITY, Converter, Rate, converter_for
from plans.models import Plan

ZERO = Decimal(0)
T = TransactionType

# The IATI transaction types behind each measure, and the incoming type that records the same
# flow from the receiving side.
MEASURE_TYPES = {
    "committed": T.OUTGOING_COMMITMENT,
    "disbursed": T.DISBURSEMENT,
    "spent": T.EXPENDITURE,
}
INCOMING_OF = {T.OUTGOING_COMMITMENT: T.INCOMING_COMMITMENT, T.DISBURSEMENT: T.INCOMING_FUNDS}
PASSED_ON = tuple(INCOMING_OF)  # outgoing types that can pass money to another activity
BATCH = 5000  # identifiers per query when reading the receivers' transactions

MEASURE_LABELS = {
    "pledged": gettext_lazy("Pledged"),
    "committed": gettext_lazy("Committed"),
    "disbursed": gettext_lazy("Disbursed"),
    "spent": gettext_lazy("Spent"),
    "forward_spending": gettext_lazy("Forward spending"),
}

COUNTING_RULE = gettext_lazy(
    "Each dollar is counted once: money passed between two activities of the plan is an "
    "internal flow, counted at its origin and shown beside the totals, not inside them."
)

UNKNOWN_CURRENCY = "unknown_currency"
NO_RATE = "no_rate"
MISSING_REASONS = {
    UNKNOWN_CURRENCY: gettext_lazy("not an ISO 4217 currency code"),
    NO_RATE: gettext_lazy("no exchange rate for the value date's year"),
}


@dataclass(frozen=True)
class Filters:
    country: str | None = None  # ISO 3166-1 alpha-2
    pillar: str | None = None  # pillar code
    organisation: int | None = None  # reporting or participating organisation id
    year: int | None = None  # transaction date's year (budget period's start year)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Line:
    """A sum in one currency for one value-date year, with its conversion or why it has none."""

    currency: str
    value_year: int
    amount: Decimal
    rate: Rate | None
    missing: str = ""  # a MISSING_REASONS key when not converted

    @property
    def usd(self) -> Decimal | None:
        return None if self.rate is None else self.rate.to_usd(self.amount)

    @property
    def missing_reason(self) -> str:
        return str(MISSING_REASONS.get(self.missing, ""))


@dataclass
class Measure:
    key: str
    lines: list[Line] = field(default_factory=list)
    internal_usd: Decimal = ZERO  # left out of ``usd`` by the counting rule

    @property
    def label(self) -> str:
        return str(MEASURE_LABELS[self.key])

    @property
    def gross_usd(self) -> Decimal:
        return sum((line.usd for line in self.lines if line.usd is not None), ZERO)

    @property
    def usd(self) -> Decimal:
        return self.gross_usd - self.internal_usd

    @property
    def originals(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            out[line.currency] += line.amount
        return dict(sorted(out.items()))

    @property
    def missing(self) -> list[Line]:
        return [line for line in self.lines if line.rate is None]


@dataclass
class Flow:
    """Money from one activity of the plan to another (deduplicated across both sides)."""

    provider: str  # IATI identifier
    receiver: str
    kind: str  # the outgoing transaction type (commitment or disbursement)
    usd: Decimal


@dataclass
class FinanceSummary:
    plan: Plan
    filters: Filters
    measures: dict[str, Measure]
    converter: Converter
    untraced: list[Line]  # incoming money with no provider activity: counted, flagged
    flows: list[Flow]

    @property
    def pledged_usd(self) -> Decimal:
        return self.measures["pledged"].usd

    @property
    def committed_usd(self) -> Decimal:
        return self.measures["committed"].usd

    @property
    def disbursed_usd(self) -> Decimal:
        return self.measures["disbursed"].usd

    @property
    def spent_usd(self) -> Decimal:
        return self.measures["spent"].usd

    @property
    def forward_spending_usd(self) -> Decimal:
        return self.measures["forward_spending"].usd

    @property
    def internal_flows_usd(self) -> Decimal:
        return sum((m.internal_usd for m in self.measures.values()), ZERO)

    @property
    def untraced_usd(self) -> Decimal:
        return sum((line.usd for line in self.untraced if line.usd is not None), ZERO)

    def largest_flows(self, n: int) -> list[Flow]:
        return sorted(self.flows, key=lambda f: (-f.usd, f.provider, f.receiver))[:n]

    @property
    def rates(self) -> list[Rate]:
        """Every rate used, once, for the provenance table."""
        seen = {
            line.rate
            for m in self.measures.values()
            for line in m.lines
            if line.rate is not None and line.rate.source != IDENTITY
        }
        return sorted(seen, key=lambda r: (r.currency, r.period_start))

    @property
    def missing(self) -> list[tuple[str, Line]]:
        return [(m.key, line) for m in self.measures.values() for line in m.missing]

    @property
    def policy(self) -> str:
        return self.converter.describe()

    @property
    def rule(self) -> str:
        return str(COUNTING_RULE)


# --- queries -------------------------------------------------------------------------------


def plan_activities(plan: Plan, filters: Filters = Filters()) -> QuerySet[Activity]:
    """Approved activities of the plan matching the filters (what counts and is public)."""
    qs = Activity.objects.filter(plan=plan, workflow_state=WorkflowState.APPROVED)
    if filters.pillar:
        qs = qs.filter(pillars__plan=plan, pillars__code=filters.pillar)
    if filters.country:
        # Countries given on the activity or, where it has none, on its transactions.
        qs = qs.filter(countries_q([filters.country]))
    if filters.organisation is not None:
        qs = qs.filter(
            Q(reporting_org_id=filters.organisation)
            | Q(participating_orgs__organisation_id=filters.organisation)
        )
    return qs


def _currency():
    # A transaction without a currency is in its activity's default currency (IATI rule).
    return Coalesce(NullIf(F("currency"), Value("")), F("activity__default_currency"))


def _grouped(qs: QuerySet, *keys: str) -> list[dict]:
    return list(
        qs.annotate(cur=_currency(), vy=ExtractYear("value_date"))
        .values(*keys, "cur", "vy")
        .order_by()
        .annotate(total=Sum("value"))
    )


def _in_year(qs: QuerySet, year: int | None, field_name: str = "date") -> QuerySet:
    if year is None:
        return qs
    return qs.filter(
        **{f"{field_name}__gte": dt.date(year, 1, 1), f"{field_name}__lte": dt.date(year, 12, 31)}
    )


def _line(converter: Converter, currency: str, year: int, amount: Decimal) -> Line:
    if not is_currency(currency):
        return Line(currency, year, amount, None, UNKNOWN_CURRENCY)
    rate = converter.rate(currency, year)
    return Line(currency, year, amount, rate, "" if rate else NO_RATE)


def _usd_by_pair(converter: Converter) -> Callable[[str, int, Decimal], Decimal | None]:
    """``_usd`` for many sums in few (currency, value-date year) pairs: each pair's rate is
    looked up once. The flows and the receivers' sums run to tens of thousands of rows at a
    million activities, where looking the rate up for each row cost about a second."""
    rates: dict[tuple[str, int], Rate | None] = {}

    def usd(currency: str, year: int, amount: Decimal) -> Decimal | None:
        pair = (currency, year)
        if pair not in rates:
            rates[pair] = _line(converter, currency, year, ZERO).rate
        rate = rates[pair]
        return None if rate is None else rate.to_usd(amount)

    return usd


def _activity_ids(qs: QuerySet[Activity]):
    # An id subquery keeps the filters' joins (pillars, countries) from multiplying rows.
    return qs.values("pk")


def _transactions(plan: Plan, filters: Filters) -> QuerySet[Transaction]:
    acts = plan_activities(plan, filters)
    if filters == Filters(year=filters.year):  # no activity filter beyond the plan
        qs = Transaction.objects.filter(
            activity__plan=plan, activity__workflow_state=WorkflowState.APPROVED
        )
    else:
        qs = Transaction.objects.filter(activity__in=_activity_ids(acts))
    return _in_year(qs, filters.year)


def _forward_budgets(plan: Plan, filters: Filters, today: dt.date) -> QuerySet[Budget]:
    """Budgets of periods starting after this year; a revised budget replaces the originals of
    its activity (IATI budget types), and a negative budget is never summed."""
    qs = Budget.objects.filter(
        activity__in=_activity_ids(plan_activities(plan, filters)),
        period_start__gt=dt.date(today.year, 12, 31),
        value__gte=0,
    ).exclude(Q(type=BudgetType.ORIGINAL) & Q(activity__budgets__type=BudgetType.REVISED))
    return _in_year(qs, filters.year, "period_start")


def _pledges(plan: Plan, filters: Filters) -> QuerySet[Pledge]:
    qs = Pledge.objects.filter(plan=plan, amount__isnull=False).exclude(status=PledgeStatus.DROPPED)
    if filters.pillar:
        qs = qs.filter(pillar__code=filters.pillar)
    if filters.country:
        qs = qs.filter(countries__code=filters.country.upper())
    if filters.organisation is not None:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.year is not None:
        qs = qs.filter(pledged_on__year=filters.year)
    return qs.distinct()


# --- internal flows ------------------------------------------------------------------------


@dataclass
class InternalFlows:
    flows: list[Flow]
    internal_usd: dict[str, Decimal]  # by outgoing transaction type, within the filters
    # The same, per receiving activity: {(activity pk, outgoing type): amount left out}.
    by_activity: dict[tuple[int, str], Decimal] = field(default_factory=dict)


def internal_flows(plan: Plan, filters: Filters = Filters()) -> InternalFlows:
    """Flows between approved activities of the plan and the part of the filtered commitments
    and disbursements that only passes such money on.

    For each receiving activity, share = min(1, internal money received / its own outgoing
    total, all years): an activity that received 60 from the plan and disbursed 100 passes on
    60 and adds 40 of its own (e.g. from a co-financer outside the plan); one that received 100
    and passed on 80 adds nothing. Its outgoing transactions within the filters are then left
    out of the totals in that share. Only the few linked transactions and the receivers' own
    transactions are read (partial indexes on the activity-id columns).
    """
    approved = Activity.objects.filter(plan=plan, workflow_state=WorkflowState.APPROVED)
    identifiers = approved.values("iati_identifier")
    base = Transaction.objects.filter(
        activity__plan=plan, activity__workflow_state=WorkflowState.APPROVED
    )
    incoming_types = {v: k for k, v in INCOMING_OF.items()}
    linked_out = (
        base.filter(type__in=PASSED_ON, receiver_activity_id__in=identifiers)
        .exclude(receiver_activity_id="")
        .exclude(receiver_activity_id=F("activity__iati_identifier"))
    )
    linked_in = (
        base.filter(
            type__in=tuple(incoming_types), provider_activity_id__in=identifiers, value__gte=0
        )
        .exclude(provider_activity_id="")
        .exclude(provider_activity_id=F("activity__iati_identifier"))
    )
    outgoing = _grouped(linked_out, "activity__iati_identifier", "receiver_activity_id", "type")
    incoming = _grouped(linked_in, "provider_activity_id", "activity__iati_identifier", "type")
    if not outgoing and not incoming:
        return InternalFlows([], {})
    usd_of = _usd_by_pair(converter_for(plan, {(r["cur"], r["vy"]) for r in outgoing + incoming}))
    # Both sides of one flow: the payer's and the payee's reports, the larger taken once.
    sides: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for side, rows, payer, payee in (
        (0, outgoing, "activity__iati_identifier", "receiver_activity_id"),
        (1, incoming, "provider_activity_id", "activity__iati_identifier"),
    ):
        for r in rows:
            kind = r["type"] if side == 0 else incoming_types[r["type"]]
            usd = usd_of(r["cur"], r["vy"], r["total"])
            if usd is not None:
                sides[(r[payer], r[payee], kind)][side] += usd
    flows = sorted(
        (Flow(p, r, k, max(paid, got)) for (p, r, k), (paid, got) in sides.items()),
        key=lambda f: (f.provider, f.receiver, f.kind),
    )
    received: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for f in flows:
        received[(f.receiver, f.kind)] += f.usd

    # The receivers' own outgoing transactions, found through the (activity, type) index in
    # batches (a parameter list stays far below the database's limit).
    receivers = sorted({f.receiver for f in flows})
    totals: list[dict] = []
    in_filters: set[int] | None = None  # None: every receiver (only the year filters)
    filtered = filters != Filters(year=filters.year)
    for start in range(0, len(receivers), BATCH):
        batch = receivers[start : start + BATCH]
        totals += _grouped(
            base.filter(activity__iati_identifier__in=batch, type__in=PASSED_ON).annotate(
                ty=ExtractYear("date")
            ),
            "activity_id",
            "activity__iati_identifier",
            "type",
            "ty",
        )
        if filtered:
            in_filters = (in_filters or set()) | set(
                plan_activities(plan, filters)
                .filter(iati_identifier__in=batch)
                .values_list("pk", flat=True)
            )
    usd_of = _usd_by_pair(converter_for(plan, {(r["cur"], r["vy"]) for r in totals}))
    passed: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    counted: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    for r in totals:
        usd = usd_of(r["cur"], r["vy"], r["total"])
        if usd is None:
            continue
        key = (r["activity_id"], r["activity__iati_identifier"], r["type"])
        passed[key] += usd
        if (filters.year is None or r["ty"] == filters.year) and (
            in_filters is None or r["activity_id"] in in_filters
        ):
            counted[key] += usd
    internal: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_activity: dict[tuple[int, str], Decimal] = {}
    for key, amount in counted.items():
        pk, identifier, kind = key
        got, total = received.get((identifier, kind), ZERO), passed[key]
        if total > 0 and got > 0:
            left_out = min(Decimal(1), got / total) * amount
            internal[kind] += left_out
            by_activity[(pk, kind)] = left_out
    return InternalFlows(flows, dict(internal), by_activity)


# --- the summary ---------------------------------------------------------------------------


def finance_summary(
    plan: Plan,
    *,
    country: str | None = None,
    pillar: str | None = None,
    organisation: int | None = None,
    year: int | None = None,
    today: dt.date | None = None,
) -> FinanceSummary:
    """Pledged, committed, disbursed, spent and forward spending of the plan's approved records
    matching the filters, in US dollars with the originals, the rates used and what could not
    be converted (see the module docstring for the counting rule)."""
    filters = Filters(country=country, pillar=pillar, organisation=organisation, year=year)
    today = today or dt.date.today()
    # One pass over the transactions gives the measures and the untraced incoming money:
    # incoming funds or commitments that name no provider activity may come from another
    # activity of the plan, but nothing traces them, so they count as money entering (flagged).
    rows = _grouped(
        _transactions(plan, filters)
        .filter(type__in=(*MEASURE_TYPES.values(), *INCOMING_OF.values()))
        .annotate(
            untraced=ExpressionWrapper(Q(provider_activity_id=""), output_field=BooleanField())
        ),
        "type",
        "untraced",
    )
    by_type = [r for r in rows if r["type"] in MEASURE_TYPES.values()]
    untraced_rows = [r for r in rows if r["type"] in INCOMING_OF.values() and r["untraced"]]
    budgets = _grouped(_forward_budgets(plan, filters, today))
    pledges = list(
        _pledges(plan, filters)
        .values(cur=F("currency"), vy=ExtractYear("pledged_on"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    needed = {(r["cur"], r["vy"]) for r in [*by_type, *budgets, *pledges, *untraced_rows]}
    converter = converter_for(plan, needed)

    def lines(rows: Iterable[Mapping[str, Any]]) -> list[Line]:
        merged: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
        for r in rows:
            merged[(r["cur"], r["vy"])] += r["total"]
        return [_line(converter, c, y, a) for (c, y), a in sorted(merged.items())]

    measures = {"pledged": Measure("pledged", lines(pledges))}
    for key, type_ in MEASURE_TYPES.items():
        measures[key] = Measure(key, lines(r for r in by_type if r["type"] == type_))
    measures["forward_spending"] = Measure("forward_spending", lines(budgets))
    flow_data = internal_flows(plan, filters)
    internal = flow_data.internal_usd
    for key, type_ in MEASURE_TYPES.items():
        measures[key].internal_usd = internal.get(type_, ZERO)
    return FinanceSummary(
        plan=plan,
        filters=filters,
        measures=measures,
        converter=converter,
        untraced=lines(untraced_rows),
        flows=flow_data.flows,
    )


def _activity_countries(activity_ids: Iterable[int]) -> dict[int, set[str]]:
    """{activity pk: its countries} by the rule of ``activities.countries`` (its own recipient
    countries or, where it has none, its transactions')."""
    ids = list(activity_ids)
    out: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for pk, code in RecipientCountry.objects.filter(activity_id__in=batch).values_list(
            "activity_id", "country_id"
        ):
            out[pk].add(code)
        without_own = [pk for pk in batch if pk not in out]
        for pk, code in (
            Transaction.objects.filter(activity_id__in=without_own, recipient_country__isnull=False)
            .values_list("activity_id", "recipient_country")
            .distinct()
        ):
            out[pk].add(code)
    return out


def measure_by_country(
    plan: Plan,
    key: str = "disbursed",
    *,
    pillar: str | None = None,
    organisation: int | None = None,
) -> dict[str, Decimal]:
    """{country code: the measure in US dollars} for every country with money, equal to
    ``finance_summary(plan, country=code, pillar=…, organisation=…)`` for each (an activity in
    two countries counts in both, as on each country's page), in a few grouped queries instead
    of one summary per country: the map and the reports colour and list all of them."""
    filters = Filters(pillar=pillar, organisation=organisation)
    type_ = MEASURE_TYPES[key]
    approved = _transactions(plan, filters).filter(type=type_)
    rows: dict[str, list[dict]] = defaultdict(list)
    # Activities with their own countries: one grouped query through the join.
    for r in _grouped(
        approved.filter(activity__recipient_countries__isnull=False),
        "activity__recipient_countries__country_id",
    ):
        rows[r["activity__recipient_countries__country_id"]].append(r)
    # Activities whose countries are on their transactions only (few publishers do this).
    has_own = RecipientCountry.objects.filter(activity=OuterRef("activity"))
    elsewhere = approved.filter(~Exists(has_own))
    per_activity = _grouped(elsewhere, "activity_id")
    places = _activity_countries({r["activity_id"] for r in per_activity})
    for r in per_activity:
        for code in places.get(r["activity_id"], ()):
            rows[code].append(r)

    converter = converter_for(plan, {(r["cur"], r["vy"]) for rs in rows.values() for r in rs})
    internal: dict[str, Decimal] = defaultdict(lambda: ZERO)
    left_out = {
        pk: amount
        for (pk, kind), amount in internal_flows(plan, filters).by_activity.items()
        if kind == type_
    }
    for pk, codes in _activity_countries(left_out).items():
        for code in codes:
            internal[code] += left_out[pk]
    out = {}
    for code, country_rows in rows.items():
        merged: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
        for r in country_rows:
            merged[(r["cur"], r["vy"])] += r["total"]
        measure = Measure(key, [_line(converter, c, y, a) for (c, y), a in sorted(merged.items())])
        measure.internal_usd = internal.get(code, ZERO)
        if measure.usd:
            out[code] = measure.usd
    return out


@dataclass(frozen=True)
class TransactionLine:
    transaction: Transaction
    line: Line


def activity_lines(activity: Activity) -> list[TransactionLine]:
    """Each transaction of one activity with its conversion (rate, year, source) or why none."""
    txs = list(activity.transactions.order_by("date", "pk"))
    pairs = [(t.currency or activity.default_currency, t.value_date.year) for t in txs]
    converter = converter_for(activity.plan, set(pairs))
    return [
        TransactionLine(t, _line(converter, c, y, t.value))
        for t, (c, y) in zip(txs, pairs, strict=True)
    ]
