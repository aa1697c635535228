"""Exchange rates: loading the World Bank's official annual averages and converting with them.

Every converted figure carries the rate it used, the period the rate averages and its source, so
a reader can check it. An amount whose rate is missing is reported as missing, never as zero.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pycountry
from babel.numbers import get_territory_currencies
from django.db import transaction
from django.utils.translation import gettext as _

from activities.codes import is_currency
from finance.models import ConversionPolicy, ExchangeRate, FinanceSettings
from lib import formatting

WDI_SOURCE = "WDI PA.NUS.FCRF"
IDENTITY = "identity"  # the dollar's own rate: no series, no conversion
WDI_TITLE = "World Bank WDI PA.NUS.FCRF, official exchange rate (LCU per US$, period average)"
EURO_AREA = "EMU"  # the World Bank's code for the euro area aggregate
USD = "USD"


@dataclass(frozen=True)
class Rate:
    currency: str
    units_per_usd: Decimal
    period_start: dt.date
    period_end: dt.date
    source: str
    countries: tuple[str, ...] = ()  # the series' rows behind the rate (alpha-3 codes, EMU)

    @property
    def _one_year(self) -> bool:
        start, end = self.period_start, self.period_end
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        return whole_year and start.year == end.year

    @property
    def date(self) -> str:
        """The rate's date as a reader checks it: the year an annual average covers."""
        if self._one_year:
            return str(self.period_start.year)
        return f"{self.period_start.isoformat()}/{self.period_end.isoformat()}"

    @property
    def source_shown(self) -> str:
        """The source as a reader reads it: the series' code, or for the dollar itself that
        nothing was converted."""
        return self.detail if self.source == IDENTITY else self.source

    @property
    def detail(self) -> str:
        """Where the rate comes from, worded in the active language when it is shown (the
        stored rate holds only data: its period and the series' rows)."""
        if self.source == IDENTITY:
            return _("US dollars: no conversion")
        countries = formatting.listing(self.countries)
        if self._one_year:
            return _("annual average %(year)s; %(countries)s") % {
                "year": self.period_start.year,
                "countries": countries,
            }
        return _("average over %(period)s; %(countries)s") % {
            "period": self.date,
            "countries": countries,
        }

    @property
    def shown(self) -> str:
        """The rate as a reader compares it with the source: up to six decimals, no padding."""
        text = f"{self.units_per_usd.quantize(Decimal('0.000001')):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def to_usd(self, amount: Decimal) -> Decimal:
        return amount / self.units_per_usd


def _identity(year: int) -> Rate:
    return Rate(USD, Decimal(1), dt.date(year, 1, 1), dt.date(year, 12, 31), IDENTITY)


@dataclass(frozen=True)
class Converter:
    """Rates for one plan's policy, looked up by currency and the value date's year."""

    policy: str
    reference_year: int | None
    rates: dict[tuple[str, int], Rate]

    def rate_year(self, value_year: int) -> int:
        if self.policy == ConversionPolicy.REFERENCE_YEAR and self.reference_year:
            return self.reference_year
        return value_year

    def rate(self, currency: str, value_year: int) -> Rate | None:
        year = self.rate_year(value_year)
        if currency == USD:
            return _identity(year)
        return self.rates.get((currency, year))

    def describe(self) -> str:
        if self.policy == ConversionPolicy.REFERENCE_YEAR and self.reference_year:
            return _(
                "Converted to US dollars at the official annual average rate of %(year)s "
                "(World Bank PA.NUS.FCRF; euro-area currencies at the euro area's rate)."
            ) % {"year": self.reference_year}
        return _(
            "Converted to US dollars at the official annual average rate of each amount's "
            "value-date year (World Bank PA.NUS.FCRF; euro-area currencies at the euro area's "
            "rate). Amounts are kept in their original currency."
        )


def converter_for(plan, needed: Iterable[tuple[str, int]]) -> Converter:
    """A converter holding the rates ``needed`` ((currency, value-date year) pairs) under the
    plan's policy: one query whatever the number of amounts."""
    settings = FinanceSettings.objects.filter(plan=plan).first()
    policy = settings.policy if settings else ConversionPolicy.ANNUAL_AVERAGE
    reference_year = settings.reference_year if settings else None
    probe = Converter(policy, reference_year, {})
    pairs = {(c, probe.rate_year(y)) for c, y in needed if c != USD}
    rates: dict[tuple[str, int], Rate] = {}
    if pairs:
        currencies = {c for c, _y in pairs}
        years = {y for _c, y in pairs}
        rows = ExchangeRate.objects.filter(
            source=WDI_SOURCE,
            currency__in=currencies,
            period_start__gte=dt.date(min(years), 1, 1),
            period_start__lte=dt.date(max(years), 12, 31),
        )
        for r in rows:
            rates[(r.currency, r.period_start.year)] = Rate(
                r.currency,
                r.units_per_usd,
                r.period_start,
                r.period_end,
                r.source,
                tuple(r.countries),
            )
    return Converter(policy, reference_year, rates)


# --- loading the World Bank series ---------------------------------------------------------


def _alpha2(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else None


def _currency_on(alpha2: str, day: dt.date) -> str | None:
    """The local currency unit a country used on ``day`` (CLDR, via Babel). A country that
    also circulates US dollars (Zimbabwe, Liberia…) reports its own unit in the series."""
    found = [c for c in get_territory_currencies(alpha2, day, tender=True) if is_currency(c)]
    local = [c for c in found if c != USD]
    return (local or found or [None])[0]


class RatesFileError(ValueError):
    """The rates file is not the WDI layout; nothing was loaded."""


@dataclass
class LoadReport:
    rates: int
    currencies: int
    skipped_rows: int


def wdi_rates(csv_path: Path) -> tuple[list[ExchangeRate], int]:
    """Annual rates per currency from the WDI file (country, ISO3, year, LCU per US$).

    - Euro-area currencies take the euro area's own row (EMU), not a member's.
    - The series states every year in the country's current unit, so a year in which the
      country used a former currency (before a redenomination) is left out rather than
      labelled with the wrong unit.
    - Countries sharing a currency (CFA francs, Eastern Caribbean dollar…) give one rate: the
      median of their rows, with the countries kept beside the rate (``countries``).
    """
    rows: dict[str, dict[int, Decimal]] = defaultdict(dict)
    with open(csv_path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = {"Country Code", "Year", "Value"} - set(reader.fieldnames or ())
        if missing:
            raise RatesFileError(
                _("expected the columns Country Code, Year and Value; %(missing)s missing")
                % {"missing": ", ".join(sorted(missing))}
            )
        for line in reader:
            value = (line.get("Value") or "").strip()
            if not value:
                continue
            try:
                rows[line["Country Code"].strip()][int(line["Year"])] = Decimal(value)
            except (ValueError, ArithmeticError) as exc:
                raise RatesFileError(
                    _("line %(line)s: year %(year)r or value %(value)r is not a number")
                    % {"line": reader.line_num, "year": line["Year"], "value": value}
                ) from exc
    by_currency: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(dict)
    skipped = 0
    for alpha3, series in rows.items():
        if alpha3 == EURO_AREA:
            for year, value in series.items():
                by_currency[("EUR", year)][alpha3] = value
            continue
        alpha2 = _alpha2(alpha3)
        if alpha2 is None:  # an aggregate (regions, income groups): no currency of its own
            skipped += len(series)
            continue
        current = _currency_on(alpha2, dt.date(max(series), 7, 1))
        if current in (None, "EUR", USD):
            skipped += len(series)
            continue
        for year, value in series.items():
            if value <= 0 or _currency_on(alpha2, dt.date(year, 7, 1)) != current:
                skipped += 1
                continue
            by_currency[(current, year)][alpha3] = value
    out = []
    for (currency, year), values in sorted(by_currency.items()):
        out.append(
            ExchangeRate(
                currency=currency,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                units_per_usd=statistics.median(values.values()),
                source=WDI_SOURCE,
                countries=sorted(values),
            )
        )
    return out, skipped


def load_wdi_rates(csv_path: Path) -> LoadReport:
    """Replace the WDI rates with those of ``csv_path``, all or nothing."""
    rates, skipped = wdi_rates(csv_path)
    with transaction.atomic():
        ExchangeRate.objects.filter(source=WDI_SOURCE).delete()
        ExchangeRate.objects.bulk_create(rates, batch_size=2000)
    return LoadReport(
        rates=len(rates), currencies=len({r.currency for r in rates}), skipped_rows=skipped
    )
