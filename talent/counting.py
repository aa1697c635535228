"""Counting digital talents once, and disaggregating them, in SQL.

**Digital talents trained** = distinct canonical persons (after cross-partner matching and
reviewers' merges) with at least one completed enrolment, completed within the plan period, in a
programme whose activity is approved. Each figure is one ``COUNT(DISTINCT talent_id)``; no row is
loaded into Python, so the figures stay fast at millions of enrolments.

Public figures suppress small cells: a count under 5 is shown as "<5" so that nobody can be
singled out; when exactly one cell of a breakdown that adds up to the total is suppressed, the
next smallest is hidden too (shown as "x"), or the total would give the small one away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Min, Q, QuerySet
from django.utils.translation import gettext as _

from activities.models import approved_q
from participants.models import AURegion, Country, OrganisationType
from plans.models import Pillar, Plan
from talent import rollup
from talent.models import Enrolment, EnrolmentStatus, Person, Programme, Sex

THRESHOLD = 5
YOUTH_MIN, YOUTH_MAX = 15, 35  # African Youth Charter, both ages included


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int
    hidden: str = ""  # "small" (under the threshold) or "secondary" (would reveal a small one)

    @property
    def shown(self) -> str:
        return {"small": f"<{THRESHOLD}", "secondary": "x"}.get(self.hidden, f"{self.count:,}")


def plan_enrolments(plan: Plan) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(approved_q(plan, via="programme__activity__"))


def completed_in_period(plan: Plan) -> QuerySet[Enrolment]:
    return plan_enrolments(plan).filter(
        status=EnrolmentStatus.COMPLETED,
        completed_on__gte=plan.period_start,
        completed_on__lte=plan.period_end,
    )


def distinct_talents(enrolments: QuerySet[Enrolment]) -> int:
    """COUNT(*) over SELECT DISTINCT: several times faster on SQLite than COUNT(DISTINCT …),
    which feeds every row through a temporary B-tree; PostgreSQL plans both alike."""
    return enrolments.order_by().values("talent_id").distinct().count()


def digital_talents(plan: Plan) -> int:
    """Read from the roll-up (talent.rollup), which holds what ``raw_digital_talents`` counts."""
    return rollup.count(plan, "counted")


def raw_digital_talents(plan: Plan) -> int:
    return distinct_talents(completed_in_period(plan))


def first_completions_by_day(plan: Plan) -> list[tuple]:
    """(day, talents whose first counted completion fell that day), from the roll-up."""
    rows = rollup.grouped(plan, "first_done")
    return sorted((dt.date.fromisoformat(day), n) for day, n in rows)


def raw_first_completions_by_day(plan: Plan) -> list[tuple]:
    """(day, talents whose first counted completion fell that day): one row per day."""
    inner = (
        completed_in_period(plan)
        .order_by()
        .values("talent_id")
        .annotate(first_done=Min("completed_on"))
        .values("first_done")
    )
    sql, params = inner.query.sql_with_params()
    query = f"SELECT first_done, COUNT(*) FROM ({sql}) t GROUP BY first_done"  # noqa: S608
    rows = _grouped(query, params)
    return [(_as_date(day), n) for day, n in rows]


def _as_date(value):
    """SQLite hands a raw aggregate back as ISO text; PostgreSQL as a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def enrolled_not_completed(plan: Plan) -> int:
    """Reported beside the count, never inside it: enrolled persons not (yet) counted (read
    from the roll-up, which holds what ``raw_enrolled_not_completed`` counts)."""
    return rollup.count(plan, "pending")


def raw_enrolled_not_completed(plan: Plan) -> int:
    """Enrolled persons not (yet) counted, from the raw enrolments.

    Counted as (talents enrolled, attending or counted) minus (talents counted): two index
    scans instead of an anti-join over every enrolment.
    """
    in_period = Q(
        status=EnrolmentStatus.COMPLETED,
        completed_on__gte=plan.period_start,
        completed_on__lte=plan.period_end,
    )
    under_way = Q(status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.ATTENDED))
    either = plan_enrolments(plan).filter(in_period | under_way)
    return distinct_talents(either) - raw_digital_talents(plan)


def _labels(dimension: str) -> dict:
    if dimension == "sex":
        return dict(Sex.choices)
    if dimension == "country":
        return {c.code: str(c) for c in Country.objects.only("code", "name")}
    if dimension == "au_region":
        return {**dict(AURegion.choices), "": _("Outside the African Union")}
    if dimension == "programme":
        return {p.pk: str(p) for p in Programme.objects.select_related("activity")}
    if dimension == "provider_type":
        return dict(OrganisationType.choices)
    if dimension == "pillar":
        return {p.pk: str(p) for p in Pillar.objects.all()}
    return {"youth": _("Youth (15–35)"), "not_youth": _("Not youth"), "unknown": _("Age unknown")}


# Facts of the talent (the canonical person): counted over the distinct talents first, then
# grouped, which is far cheaper than COUNT(DISTINCT) per group over a join of every enrolment.
PERSON_FIELDS = ("sex", "country", "au_region")
# Facts of the enrolment: a talent trained by two programmes counts once in each.
ENROLMENT_FIELDS = {
    "programme": "programme_id",
    "provider_type": "provider__type",
    "pillar": "programme__activity__kind__pillar_id",
}
DIMENSIONS = (*PERSON_FIELDS, "youth", *ENROLMENT_FIELDS)
# Breakdowns where each talent falls in exactly one cell, so cells add up to the total.
PARTITIONS = {"sex", "country", "au_region", "youth"}


def _youth_rows(plan: Plan) -> list[tuple[str, int]]:
    """Age band of each talent at their earliest counted enrolment, counted in one query."""
    inner = (
        completed_in_period(plan)
        .order_by()
        .values("talent_id")
        .annotate(age=Min("age_at_enrolment"))
        .values("age")
    )
    sql, params = inner.query.sql_with_params()
    band = (
        f"CASE WHEN age IS NULL THEN 'unknown' WHEN age BETWEEN {YOUTH_MIN} AND {YOUTH_MAX} "
        "THEN 'youth' ELSE 'not_youth' END"
    )
    return _grouped(f"SELECT {band}, COUNT(*) FROM ({sql}) per_talent GROUP BY 1", params)  # noqa: S608


def _grouped(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _person_rows(plan: Plan, dimension: str) -> list[tuple]:
    """Distinct talents first, then one primary-key lookup each for the grouped fact."""
    talents, params = (
        completed_in_period(plan).order_by().values("talent_id").distinct().query.sql_with_params()
    )
    person, country = Person._meta.db_table, Country._meta.db_table
    column = {"sex": "p.sex", "country": "p.country_id", "au_region": "c.au_region"}[dimension]
    join = f"LEFT JOIN {country} c ON c.code = p.country_id" if dimension == "au_region" else ""
    return _grouped(
        f"SELECT {column}, COUNT(*) FROM ({talents}) t "  # noqa: S608 (no user input)
        f"JOIN {person} p ON p.id = t.talent_id {join} GROUP BY {column}",
        params,
    )


def _enrolment_rows(plan: Plan, dimension: str) -> list[tuple]:
    """Distinct (value, talent) pairs, then a plain count per value."""
    pairs = (
        completed_in_period(plan)
        .order_by()
        .annotate(dim=F(ENROLMENT_FIELDS[dimension]))
        .values("dim", "talent_id")
        .distinct()
    )
    sql, params = pairs.query.sql_with_params()
    return _grouped(f"SELECT dim, COUNT(*) FROM ({sql}) t GROUP BY dim", params)  # noqa: S608


def breakdown(plan: Plan, dimension: str) -> list[Cell]:
    """Distinct talents per value of ``dimension`` (unsuppressed counts: for the secretariat),
    read from the roll-up, which holds what ``raw_breakdown`` counts."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {DIMENSIONS}")
    return _cells(dimension, rollup.grouped(plan, dimension))


def raw_breakdown(plan: Plan, dimension: str) -> list[Cell]:
    """Distinct talents per value of ``dimension``, counted from the raw enrolments."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {DIMENSIONS}")
    if dimension == "youth":
        rows = _youth_rows(plan)
    elif dimension in PERSON_FIELDS:
        rows = _person_rows(plan, dimension)
    else:
        rows = _enrolment_rows(plan, dimension)
    return _cells(dimension, rows)


def _cells(dimension: str, rows: list[tuple]) -> list[Cell]:
    labels = _labels(dimension)
    cells = [Cell(str(key or ""), str(labels.get(key, key) or "—"), n) for key, n in rows]
    return sorted(cells, key=lambda c: (-c.count, c.label))


def suppress(cells: list[Cell], *, partition: bool) -> list[Cell]:
    """Cells under the threshold become "<5"; one lone suppressed cell takes a neighbour along."""
    hidden = {c.key: "small" for c in cells if c.count < THRESHOLD}
    if partition and len(hidden) == 1:
        others = sorted((c for c in cells if c.key not in hidden), key=lambda c: c.count)
        if others:
            hidden[others[0].key] = "secondary"
    return [
        Cell(c.key, c.label, 0 if c.key in hidden else c.count, hidden.get(c.key, ""))
        for c in cells
    ]


def public_breakdown(plan: Plan, dimension: str) -> list[Cell]:
    return suppress(breakdown(plan, dimension), partition=dimension in PARTITIONS)
