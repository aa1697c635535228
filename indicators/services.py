"""Importing indicator series and building country profiles (latest value, trend, AU rank)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q, Subquery, Sum

from activities.countries import countries_q, country_counts
from activities.models import Activity
from indicators.models import Indicator, Observation
from indicators.sparkline import sparkline_svg
from indicators.wdi import read_wdi
from participants.models import Country


@dataclass
class WdiImport:
    code: str
    name: str
    observations: int
    countries: int
    skipped_codes: int  # aggregates (regions, income groups) and codes we do not hold


@transaction.atomic
def import_wdi_file(path: Path) -> WdiImport:
    """Replace the series of one indicator with what the file holds, for countries we know."""
    series = read_wdi(path)
    indicator, _ = Indicator.objects.update_or_create(
        code=series.code, defaults={"name": series.name[:300], "source": series.source}
    )
    by_alpha3 = dict(Country.objects.values_list("alpha3", "code"))
    rows, skipped = [], set()
    for alpha3, year, value in series.rows:
        code = by_alpha3.get(alpha3)
        if code is None or alpha3 in series.aggregates:
            skipped.add(alpha3)
            continue
        rows.append(Observation(indicator=indicator, country_id=code, year=year, value=value))
    indicator.observations.all().delete()
    Observation.objects.bulk_create(rows, batch_size=2000)
    return WdiImport(
        series.code, series.name, len(rows), len({r.country_id for r in rows}), len(skipped)
    )


@dataclass
class IndicatorFigure:
    indicator: Indicator
    latest_year: int
    latest_value: Decimal
    series: list[tuple[int, Decimal]]
    rank: int | None  # among AU members with a value that year; 1 = best
    ranked: int
    sparkline: str


def au_rank(indicator: Indicator, year: int, country: Country) -> tuple[int, int]:
    """(rank, out of how many AU members have a value that year), by two count queries.

    The country's own value is compared inside the database (a subquery), so the rank does
    not depend on how the backend rounds decimals on the way to Python.
    """
    same_year = Observation.objects.filter(indicator=indicator, year=year, country__au_member=True)
    value = Subquery(
        Observation.objects.filter(indicator=indicator, year=year, country=country).values("value")[
            :1
        ]
    )
    better = (
        same_year.filter(value__gt=value)
        if indicator.higher_is_better
        else same_year.filter(value__lt=value)
    )
    return better.count() + 1, same_year.count()


def country_figures(country: Country) -> list[IndicatorFigure]:
    figures = []
    observations = Observation.objects.filter(country=country).select_related("indicator")
    by_indicator: dict[str, list[Observation]] = {}
    for o in observations.order_by("indicator_id", "year"):
        by_indicator.setdefault(o.indicator_id, []).append(o)
    for series in by_indicator.values():
        latest = series[-1]
        points = [(o.year, o.value) for o in series]
        rank, ranked = (None, 0)
        if country.au_member:
            rank, ranked = au_rank(latest.indicator, latest.year, country)
        figures.append(
            IndicatorFigure(
                latest.indicator,
                latest.year,
                latest.value,
                points,
                rank,
                ranked,
                sparkline_svg(points, label=latest.indicator.name),
            )
        )
    return figures


def countries_overview() -> list[tuple[str, list[tuple[Country, int]]]]:
    """The AU members by AU region, then any other country an approved activity is in, each
    with its number of approved activities (one query for the counts)."""
    counts = country_counts(Activity.objects.approved())
    groups: dict[str, list[tuple[Country, int]]] = {}
    for country in Country.objects.filter(Q(au_member=True) | Q(code__in=counts)):
        region = country.get_au_region_display() if country.au_member else ""
        groups.setdefault(region, []).append((country, counts.get(country.code, 0)))
    named = sorted((r, c) for r, c in groups.items() if r)
    return named + ([("", groups[""])] if "" in groups else [])


def approved_activities_in(country: Country):
    return (
        Activity.objects.approved()
        .filter(countries_q([country.code]))
        .select_related("reporting_org")
        .annotate(budget_total=Sum("budgets__value"))
        .order_by("iati_identifier")
    )
