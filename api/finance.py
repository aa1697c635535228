"""Finance totals over JSON: the same ``finance.services.finance_summary`` the pages show."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from activities.codes import TransactionType
from api.schemas import ERRORS, Code, coded
from finance.rates import Rate
from finance.services import FinanceSummary, Line, finance_summary
from plans.models import Plan

router = Router(tags=["finance"])

CENT = Decimal("0.01")
FLOWS_LISTED = 100


def usd(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_EVEN)


CURRENCY = Field(description="ISO 4217 currency code")


class RateOut(Schema):
    currency: str = CURRENCY
    units_per_usd: Decimal
    date: str  # the year an annual average covers, else the ISO period
    period_start: dt.date
    period_end: dt.date
    source: str
    source_detail: str = Field(description="Where the rate comes from, in the reader's language")
    countries: list[str] = Field(description="The series' rows behind the rate (alpha-3, EMU)")


class LineOut(Schema):
    currency: str = CURRENCY
    value_year: int
    amount: Decimal
    usd: Decimal | None  # null when the amount could not be converted
    rate: RateOut | None
    missing_reason: str


class MeasureOut(Schema):
    usd: Decimal
    gross_usd: Decimal
    internal_usd: Decimal
    originals: dict[str, Decimal] = Field(description="Amount by ISO 4217 currency code")
    lines: list[LineOut]


class FlowOut(Schema):
    provider_activity: str
    receiver_activity: str
    transaction_type: str = Field(description=coded("TransactionType", TransactionType))
    usd: Decimal


class FinanceOut(Schema):
    plan: str
    filters: dict[str, str | int]
    pledged_usd: Decimal
    committed_usd: Decimal
    disbursed_usd: Decimal
    spent_usd: Decimal
    forward_spending_usd: Decimal
    internal_flows_usd: Decimal = Field(description="Left out of the totals (counted at origin)")
    untraced_usd: Decimal = Field(description="Incoming money no activity id traces; counted")
    counting_rule: str
    conversion_policy: str
    conversion: str
    measures: dict[str, MeasureOut]
    rates: list[RateOut]
    missing: list[LineOut]
    untraced: list[LineOut]
    flows_count: int
    flows: list[FlowOut] = Field(description="The largest flows (at most FLOWS_LISTED)")


def _rate(r: Rate | None) -> dict | None:
    if r is None:
        return None
    return {
        "currency": r.currency,
        "units_per_usd": r.units_per_usd,
        "date": r.date,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "source": r.source,
        "source_detail": r.detail,
        "countries": list(r.countries),
    }


def _line(line: Line) -> dict:
    return {
        "currency": line.currency,
        "value_year": line.value_year,
        "amount": line.amount,
        "usd": usd(line.usd),
        "rate": _rate(line.rate),
        "missing_reason": line.missing_reason,
    }


def summary_out(s: FinanceSummary) -> dict:
    return {
        "plan": s.plan.slug,
        "filters": s.filters.as_dict(),
        "pledged_usd": usd(s.pledged_usd),
        "committed_usd": usd(s.committed_usd),
        "disbursed_usd": usd(s.disbursed_usd),
        "spent_usd": usd(s.spent_usd),
        "forward_spending_usd": usd(s.forward_spending_usd),
        "internal_flows_usd": usd(s.internal_flows_usd),
        "untraced_usd": usd(s.untraced_usd),
        "counting_rule": s.rule,
        "conversion_policy": s.converter.policy,
        "conversion": s.policy,
        "measures": {
            key: {
                "usd": usd(m.usd),
                "gross_usd": usd(m.gross_usd),
                "internal_usd": usd(m.internal_usd),
                "originals": m.originals,
                "lines": [_line(line) for line in m.lines],
            }
            for key, m in s.measures.items()
        },
        "rates": [_rate(r) for r in s.rates],
        "missing": [_line(line) for _key, line in s.missing],
        "untraced": [_line(line) for line in s.untraced],
        "flows_count": len(s.flows),
        "flows": [
            {
                "provider_activity": f.provider,
                "receiver_activity": f.receiver,
                "transaction_type": f.kind,
                "usd": usd(f.usd),
            }
            for f in s.largest_flows(FLOWS_LISTED)
        ],
    }


@router.get("", response={200: FinanceOut, **ERRORS}, summary="Finance totals of a plan")
def finance(
    request: HttpRequest,
    plan: Code,
    country: Annotated[str | None, Field(min_length=2, max_length=2)] = None,
    pillar: Code | None = None,
    organisation: Annotated[int | None, Field(ge=1, le=2**62)] = None,
    year: Annotated[int | None, Field(ge=1900, le=2200)] = None,
):
    """Pledged, committed, disbursed, spent and forward spending in US dollars, each dollar
    counted once (internal flows left out and reported beside the totals), with the original
    currencies, every rate used (its year and source) and the amounts no rate converts.
    Approved records only: the same figures for every caller."""
    the_plan = get_object_or_404(Plan, slug=plan)
    return summary_out(
        finance_summary(
            the_plan, country=country, pillar=pillar, organisation=organisation, year=year
        )
    )
