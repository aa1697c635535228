"""Where an activity takes place: its countries and regions, wherever the publisher put them.

IATI lets a publisher give the recipient country (or region) on the activity or, instead, on
each transaction (USAID does the latter). An activity's countries for filters, country pages,
maps and counts are therefore its activity-level recipient countries, or, where it has none,
the recipient countries of its transactions; regions likewise. This module is the one place
that rule is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from activities.models import Activity, RecipientCountry, RecipientRegion, Transaction
from participants.models import Country


def countries_q(codes: Iterable[str]) -> Q:
    """Activities in any of these countries (ISO 3166-1 alpha-2), by the rule above."""
    codes = [c.upper() for c in codes]
    own = RecipientCountry.objects.filter(activity=OuterRef("pk"))
    from_transactions = Transaction.objects.filter(
        activity=OuterRef("pk"), recipient_country__in=codes
    )
    return Q(Exists(own.filter(country__in=codes))) | (
        ~Q(Exists(own)) & Q(Exists(from_transactions))
    )


def regions_q(codes: Iterable[str]) -> Q:
    """Activities in any of these regions (code of the region's vocabulary), by the rule above."""
    codes = list(codes)
    own = RecipientRegion.objects.filter(activity=OuterRef("pk"))
    from_transactions = Transaction.objects.filter(
        activity=OuterRef("pk"), recipient_region__in=codes
    )
    return Q(Exists(own.filter(code__in=codes))) | (~Q(Exists(own)) & Q(Exists(from_transactions)))


def country_counts(activities: QuerySet[Activity]) -> dict[str, int]:
    """{country code: number of these activities in it}, in two grouped queries."""
    own = (
        RecipientCountry.objects.filter(activity__in=activities)
        .values("country")
        .annotate(n=Count("activity", distinct=True))
        .values_list("country", "n")
    )
    has_own = RecipientCountry.objects.filter(activity=OuterRef("activity"))
    from_transactions = (
        Transaction.objects.filter(activity__in=activities, recipient_country__isnull=False)
        .filter(~Exists(has_own))
        .values("recipient_country")
        .annotate(n=Count("activity", distinct=True))
        .values_list("recipient_country", "n")
    )
    # An activity counts through its own countries or through its transactions', never both.
    return dict(Counter(dict(own)) + Counter(dict(from_transactions)))


def transaction_places(activity: Activity) -> tuple[list[Country], list[str]]:
    """(countries, region codes) the activity's transactions name, for the activity page of
    an activity that gives none of its own (empty where it gives its own)."""
    countries: list[Country] = []
    regions: list[str] = []
    if not activity.recipient_countries.exists():
        countries = list(
            Country.objects.filter(
                code__in=activity.transactions.exclude(recipient_country=None).values(
                    "recipient_country"
                )
            ).order_by("code")
        )
    if not activity.recipient_regions.exists():
        regions = sorted(
            set(
                activity.transactions.exclude(recipient_region="").values_list(
                    "recipient_region", flat=True
                )
            )
        )
    return countries, regions
