"""Finding activities: the filters the list page and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce

from activities.countries import countries_q, regions_q
from activities.models import Activity


@dataclass
class ActivityFilters:
    plan: str | None = None  # plan slug
    pillar: str | None = None  # pillar code
    kind: str | None = None
    status: int | None = None  # IATI activity status code
    workflow_state: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2; the activity's or its transactions'
    region: str | None = None  # recipient region code; the activity's or its transactions'
    sector: str | None = None  # plan sector code
    technology: str | None = None
    organisation: int | None = None  # reporting or participating organisation id
    year: int | None = None  # activities running at some time in that year
    q: str | None = None  # free text in identifier, title or description

    @classmethod
    def from_mapping(cls, data) -> ActivityFilters:
        return cls(**{f.name: data.get(f.name) or None for f in fields(cls)})


def find_activities(user, filters: ActivityFilters) -> QuerySet[Activity]:
    """Activities ``user`` may read that match every filter given (one query, no row loops)."""
    qs = Activity.objects.visible_to(user)
    f = filters
    simple = {
        "plan__slug": f.plan,
        "pillars__code": f.pillar,
        "kind__code": f.kind,
        "status": f.status,
        "workflow_state": f.workflow_state,
        "sectors__code": f.sector,
        "technologies__code": f.technology,
    }
    for lookup, value in simple.items():
        if value is not None:
            qs = qs.filter(**{lookup: value})
    if f.country:
        qs = qs.filter(countries_q([f.country]))
    if f.region:
        qs = qs.filter(regions_q([f.region]))
    if f.organisation is not None:
        qs = qs.filter(
            Q(reporting_org_id=f.organisation)
            | Q(participating_orgs__organisation_id=f.organisation)
        )
    if f.year is not None:
        qs = qs.annotate(
            _start=Coalesce("actual_start", "planned_start"),
            _end=Coalesce("actual_end", "planned_end"),
        ).filter(
            Q(_start__lte=dt.date(f.year, 12, 31)) | Q(_start__isnull=True),
            Q(_end__gte=dt.date(f.year, 1, 1)) | Q(_end__isnull=True),
            Q(_start__isnull=False) | Q(_end__isnull=False),
        )
    if f.q:
        qs = qs.annotate(
            _title=Cast("title", TextField()), _description=Cast("description", TextField())
        ).filter(
            Q(iati_identifier__icontains=f.q)
            | Q(_title__icontains=f.q)
            | Q(_description__icontains=f.q)
        )
    joined = f.pillar or f.sector or f.technology or f.organisation is not None
    if joined:
        qs = qs.distinct()
    return qs.select_related("plan", "reporting_org", "kind").order_by("-updated_at", "pk")


# Keyset pagination: a cursor names the last row a reader saw by its place in the list's order
# (updated_at descending, then id), so the next page starts from there through the index on
# those columns, however deep it is; an offset would make the database count every row before.
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
# Every string of this shape is a cursor that reads (perhaps an empty page): the API's schema
# states it, so no request the schema allows is refused.
CURSOR_PATTERN = r"^[0-9]{1,17}_[0-9]{1,18}$"


def cursor_of(activity: Activity) -> str:
    return f"{(activity.updated_at - _EPOCH) // _MICROSECOND}_{activity.pk}"


def _read_cursor(cursor: str) -> tuple[dt.datetime, int]:
    moment, _sep, pk = cursor.partition("_")
    if not (moment.isdigit() and pk.isdigit() and len(moment) <= 17 and len(pk) <= 18):
        # The API refuses any other shape before this (CURSOR_PATTERN, 422 naming "after").
        raise ValueError(f"not a cursor: {cursor!r}")
    return _EPOCH + int(moment) * _MICROSECOND, int(pk)


def after_cursor(qs: QuerySet[Activity], cursor: str) -> QuerySet[Activity]:
    """The rows of ``qs`` (in its order: most recently updated first) after ``cursor``."""
    when, pk = _read_cursor(cursor)
    return qs.filter(Q(updated_at__lt=when) | Q(updated_at=when, pk__gt=pk))


def rows_at(qs: QuerySet[Activity], start: int, size: int) -> list[Activity]:
    """``qs[start:start + size]``, reading the identifiers first: a deep offset then walks the
    narrow index on (updated_at, id) only, and just the page's rows are read in full."""
    ids = list(qs.values_list("pk", flat=True)[start : start + size])
    if not ids:
        return []
    found = {a.pk: a for a in qs.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


class IdsFirstPaginator(Paginator):
    """Django's paginator, reading each page's identifiers first (``rows_at``)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_at(self.object_list, bottom, top - bottom), number, self)
