"""Bad financial input, found by the database and listed, never silently converted or dropped.

A transaction with an unknown currency, a negative amount where IATI forbids one, or a value
date no exchange rate covers stays stored as reported; these checks flag it on its activity's
finance page and on the partner's scorecard, and the totals list it as not converted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import gettext_lazy as _

from activities.codes import TransactionType as T
from activities.codes import currency_codes
from activities.models import Activity, Budget, Transaction
from finance.models import ExchangeRate
from finance.rates import USD, WDI_SOURCE

# Money received or promised is reported by the side that receives or promises it; a reversal
# is a negative outgoing transaction on the payer's side. IATI's rules also forbid negative
# budgets.
NO_NEGATIVE_TYPES = (T.INCOMING_FUNDS, T.INCOMING_COMMITMENT, T.OUTGOING_PLEDGE, T.INCOMING_PLEDGE)

UNKNOWN_CURRENCY = "unknown_currency"
NEGATIVE = "negative"
NO_RATE = "no_rate"
REASONS = {
    UNKNOWN_CURRENCY: _("Currency is not an ISO 4217 code: the amount cannot be converted."),
    NEGATIVE: _("Negative amount where the IATI Standard forbids one."),
    NO_RATE: _("No exchange rate covers the value date: the amount is shown unconverted."),
}
LIMIT = 200  # rows listed per kind of problem; the count is always complete


@dataclass(frozen=True)
class Flag:
    kind: str
    record: str  # "transaction" or "budget"
    pk: int
    activity_id: int
    iati_identifier: str
    type: str
    value: Decimal
    currency: str
    value_date: dt.date

    @property
    def reason(self) -> str:
        return str(REASONS[self.kind])


@dataclass
class FlagList:
    kind: str
    count: int
    flags: list[Flag]

    @property
    def reason(self) -> str:
        return str(REASONS[self.kind])


def _with_currency(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        cur=Coalesce(NullIf(F("currency"), Value("")), F("activity__default_currency")),
        vy=ExtractYear("value_date"),
    )


def _flags(kind: str, record: str, qs: QuerySet) -> FlagList:
    rows = qs.order_by("activity__iati_identifier", "pk").values(
        "pk",
        "activity_id",
        "activity__iati_identifier",
        "value",
        "cur",
        "value_date",
        *(["type"] if record == "transaction" else []),
    )
    count = qs.count()
    flags = [
        Flag(
            kind,
            record,
            r["pk"],
            r["activity_id"],
            r["activity__iati_identifier"],
            str(r.get("type", "")),
            r["value"],
            r["cur"],
            r["value_date"],
        )
        for r in rows[:LIMIT]
    ]
    return FlagList(kind, count, flags)


def _uncovered(qs: QuerySet) -> Q:
    """Rows whose (currency, value-date year) no loaded rate covers (valid currencies only)."""
    pairs = set(qs.exclude(cur=USD).values_list("cur", "vy").distinct())
    if not pairs:
        return Q(pk__in=[])
    covered = {
        (c, d.year)
        for c, d in ExchangeRate.objects.filter(
            source=WDI_SOURCE, currency__in={c for c, _y in pairs}
        ).values_list("currency", "period_start")
    }
    missing = [(c, y) for c, y in pairs if (c, y) not in covered and c in currency_codes()]
    condition = Q(pk__in=[])
    for c, y in missing:
        condition |= Q(cur=c, vy=y)
    return condition


def flag_querysets(activities: QuerySet[Activity]) -> list[tuple[str, str, QuerySet]]:
    """(problem, record kind, rows) for every check over the records of ``activities``."""
    ids = activities.values("pk")
    txs = _with_currency(Transaction.objects.filter(activity__in=ids))
    budgets = _with_currency(Budget.objects.filter(activity__in=ids))
    codes = currency_codes()
    return [
        (UNKNOWN_CURRENCY, "transaction", txs.exclude(cur__in=codes)),
        (UNKNOWN_CURRENCY, "budget", budgets.exclude(cur__in=codes)),
        (NEGATIVE, "transaction", txs.filter(type__in=NO_NEGATIVE_TYPES, value__lt=0)),
        (NEGATIVE, "budget", budgets.filter(value__lt=0)),
        (NO_RATE, "transaction", txs.filter(_uncovered(txs))),
        (NO_RATE, "budget", budgets.filter(_uncovered(budgets))),
    ]


def financial_flags(activities: QuerySet[Activity]) -> list[FlagList]:
    """Every flagged transaction and budget of ``activities``, grouped by problem."""
    out = [_flags(kind, record, qs) for kind, record, qs in flag_querysets(activities)]
    return [f for f in out if f.count]
