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

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Min, QuerySet

from activities.codes import WorkflowState
from participants.models import AURegion, Country, OrganisationType
from plans.models import Pillar, Plan
from talent.models import Enrolment, EnrolmentStatus, Programme, Sex

THRESHOLD = 5
YOUTH_MIN, YOUTH_MAX = 15, 35  # African Youth Charter, both ages included


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int
    hidden: str = ""  # "small" (under the threshold) or "secondary" (would reveal a small one)

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)

    @property
    def shown(self) -> str:
        return {"small": f"<{THRESHOLD}", "secondary": "x"}.get(self.hidden, f"{self.count:,}")


def plan_enrolments(plan: Plan) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        programme__activity__plan=plan,
        programme__activity__workflow_state=WorkflowState.APPROVED,
    )


def completed_in_period(plan: Plan) -> QuerySet[Enrolment]:
    return plan_enrolments(plan).filter(
        status=EnrolmentStatus.COMPLETED,
        completed_on__gte=plan.period_start,
        completed_on__lte=plan.period_end,
    )


def digital_talents(plan: Plan) -> int:
    return completed_in_period(plan).aggregate(n=Count("talent_id", distinct=True))["n"]


def enrolled_not_completed(plan: Plan) -> int:
    """Reported beside the count, never inside it: enrolled persons not (yet) counted."""
    counted = completed_in_period(plan).values("talent_id")
    return (
        plan_enrolments(plan)
        .exclude(talent_id__in=counted)
        .filter(status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.ATTENDED))
        .aggregate(n=Count("talent_id", distinct=True))["n"]
    )


def is_youth(age: int) -> bool:
    return YOUTH_MIN <= age <= YOUTH_MAX


def _labels(dimension: str) -> dict:
    if dimension == "sex":
        return dict(Sex.choices)
    if dimension == "country":
        return dict(Country.objects.values_list("code", "name"))
    if dimension == "au_region":
        return {**dict(AURegion.choices), "": "Outside the African Union"}
    if dimension == "programme":
        return {p.pk: str(p) for p in Programme.objects.select_related("activity")}
    if dimension == "provider_type":
        return dict(OrganisationType.choices)
    if dimension == "pillar":
        return dict(Pillar.objects.values_list("pk", "name"))
    return {"youth": "Youth (15–35)", "not_youth": "Not youth", "unknown": "Age unknown"}


FIELDS = {
    "sex": "talent__sex",
    "country": "talent__country_id",
    "au_region": "talent__country__au_region",
    "programme": "programme_id",
    "provider_type": "provider__type",
    "pillar": "programme__activity__kind__pillar_id",
}
DIMENSIONS = (*FIELDS, "youth")
# Breakdowns where each talent falls in exactly one cell, so cells add up to the total.
PARTITIONS = {"sex", "country", "au_region", "youth"}


def _youth_rows(plan: Plan) -> list[tuple[str, int]]:
    """Age band of each talent at their earliest counted enrolment, counted in one query."""
    inner = (
        completed_in_period(plan)
        .values("talent_id")
        .annotate(age=Min("age_at_enrolment"))
        .values("age")
    )
    sql, params = inner.query.sql_with_params()
    band = (
        f"CASE WHEN age IS NULL THEN 'unknown' WHEN age BETWEEN {YOUTH_MIN} AND {YOUTH_MAX} "
        "THEN 'youth' ELSE 'not_youth' END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {band}, COUNT(*) FROM ({sql}) AS per_talent GROUP BY 1",  # noqa: S608
            params,
        )
        return cursor.fetchall()


def breakdown(plan: Plan, dimension: str) -> list[Cell]:
    """Distinct talents per value of ``dimension`` (raw counts: for the secretariat)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {DIMENSIONS}")
    if dimension == "youth":
        rows = _youth_rows(plan)
    else:
        rows = (
            completed_in_period(plan)
            .values_list(FIELDS[dimension])
            .annotate(n=Count("talent_id", distinct=True))
            .order_by()
        )
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
