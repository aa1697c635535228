"""The talent figures' roll-up: what each talent counts for, kept beside the raw records.

Counting distinct talents over millions of enrolments takes seconds (bench/README.md); the
figures instead read ``TalentFact``: one narrow row per (plan, talent, dimension, value) the
talent counts in — "counted" (a completion in the plan period in an approved programme),
"pending" (enrolled or attending, not yet counted), the day of their first counted completion,
their sex, country and AU region, their age band, and each programme, provider type and pillar
they completed in. Every figure is then ``COUNT(*) … GROUP BY value`` on one index.

The rows of a talent are recomputed, with the very rules of ``talent.counting`` restricted to
that talent, whenever something they depend on is written: an enrolment (saved or deleted),
a person's record (its facts, a merge or unmerge moving records between talents, an erasure),
the approval, kind or period of the programme's activity or plan, a provider's type. The
recomputation runs in the writing transaction, so the roll-up commits (or rolls back) with the
change. ``rebuild()`` recomputes everything (``manage.py rebuild_talent_rollup``); the property
test in ``talent/tests/test_rollup.py`` holds the roll-up equal to the raw aggregate after
every kind of change.
"""

# The statements below are assembled from the ORM's own SQL and constants, never from input.
# ruff: noqa: S608
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import Count, F, Min

from participants.models import Country
from plans.models import Plan
from talent.models import Enrolment, EnrolmentStatus, Person, TalentFact

UNDER_WAY = (EnrolmentStatus.ENROLLED, EnrolmentStatus.ATTENDED)
ENROLMENT_DIMENSIONS = {
    "programme": "programme_id",
    "provider_type": "provider__type",
    "pillar": "programme__activity__kind__pillar_id",
}
INTEGER_KEYS = {"programme", "pillar"}
CHUNK = 500


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _insert_facts(plan: Plan, ids: list[int] | None) -> None:
    """Write the roll-up rows of ``plan`` for the talents ``ids`` (None: every talent), with
    one INSERT … SELECT per dimension: the rules of talent.counting, restricted to them."""
    from talent.counting import YOUTH_MAX, YOUTH_MIN, completed_in_period, plan_enrolments

    done = completed_in_period(plan).order_by()
    mine = plan_enrolments(plan).order_by()
    if ids is not None:
        done, mine = done.filter(talent_id__in=ids), mine.filter(talent_id__in=ids)
    fact = TalentFact._meta.db_table
    person, country = Person._meta.db_table, Country._meta.db_table
    insert = f"INSERT INTO {fact} (plan_id, talent_id, dimension, key) "
    per_talent, params = _sql(
        done.values("talent_id").annotate(first=Min("completed_on"), age=Min("age_at_enrolment"))
    )
    band = (
        f"CASE WHEN t.age IS NULL THEN 'unknown' WHEN t.age BETWEEN {YOUTH_MIN} AND {YOUTH_MAX} "
        "THEN 'youth' ELSE 'not_youth' END"
    )
    statements = [
        (f"{insert} SELECT %s, t.talent_id, 'counted', NULL FROM ({per_talent}) t", params),
        (
            f"{insert} SELECT %s, t.talent_id, 'first_done', CAST(t.first AS TEXT) "
            f"FROM ({per_talent}) t",
            params,
        ),
        (f"{insert} SELECT %s, t.talent_id, 'youth', {band} FROM ({per_talent}) t", params),
    ]
    for dimension, column in (
        ("sex", "p.sex"),
        ("country", "p.country_id"),
        ("au_region", "c.au_region"),
    ):
        statements.append(
            (
                f"{insert} SELECT %s, t.talent_id, '{dimension}', {column} FROM ({per_talent}) t "
                f"JOIN {person} p ON p.id = t.talent_id "
                f"LEFT JOIN {country} c ON c.code = p.country_id",
                params,
            )
        )
    for dimension, path in ENROLMENT_DIMENSIONS.items():
        pairs, pair_params = _sql(done.annotate(dim=F(path)).values("talent_id", "dim").distinct())
        statements.append(
            (
                f"{insert} SELECT %s, t.talent_id, '{dimension}', CAST(t.dim AS TEXT) "
                f"FROM ({pairs}) t",
                pair_params,
            )
        )
    under_way, under_params = _sql(mine.filter(status__in=UNDER_WAY).values("talent_id").distinct())
    statements.append(
        (
            f"{insert} SELECT %s, t.talent_id, 'pending', NULL FROM ({under_way}) t "
            f"WHERE NOT EXISTS (SELECT 1 FROM ({per_talent}) d WHERE d.talent_id = t.talent_id)",
            under_params + params,
        )
    )
    with connection.cursor() as cursor:
        for sql, sql_params in statements:
            # The plan's id is the first parameter (the SELECT list comes before the subquery).
            cursor.execute(sql, (plan.pk, *sql_params))


def refresh(talent_ids: Iterable[int | None]) -> None:
    """Recompute the roll-up rows of these talents (canonical person ids) in every plan.

    Pass every talent a change may have touched, including one that has just ceased to exist
    (a record merged away): its rows are removed."""
    ids = sorted({t for t in talent_ids if t})
    for chunk in _chunks(ids):
        TalentFact.objects.filter(talent_id__in=chunk).delete()
        plans = Plan.objects.filter(
            pk__in=Enrolment.objects.filter(talent_id__in=chunk).values(
                "programme__activity__plan_id"
            )
        )
        for plan in plans:
            _insert_facts(plan, chunk)


def refresh_enrolments(enrolments) -> None:
    """Recompute the talents of these enrolments (a queryset)."""
    refresh(list(enrolments.order_by().values_list("talent_id", flat=True).distinct()))


def rebuild() -> None:
    """Recompute the whole roll-up from the raw records (a few statements per plan)."""
    TalentFact.objects.all().delete()
    for plan in Plan.objects.all():
        _insert_facts(plan, None)


# What the figures read.


def count(plan: Plan, dimension: str) -> int:
    return TalentFact.objects.filter(plan=plan, dimension=dimension).count()


def grouped(plan: Plan, dimension: str) -> list[tuple]:
    rows = (
        TalentFact.objects.filter(plan=plan, dimension=dimension)
        .order_by()
        .values_list("key")
        .annotate(n=Count("*"))
    )
    if dimension in INTEGER_KEYS:
        return [(None if key is None else int(key), n) for key, n in rows]
    return list(rows)


# What keeps it current: every save or delete of the records a figure reads. Merges, unmerges
# and erasure move records with queryset updates (no signal), so talent.identity and
# talent.rights call ``refresh`` themselves.


_paused = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """Bulk loaders (the demo) write thousands of rows, then ``rebuild`` or ``refresh`` once."""
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = False


def _live() -> bool:
    return not getattr(_paused, "on", False)


def _enrolment_changed(sender, instance, **kwargs) -> None:
    if _live():
        refresh([instance.talent_id])


def _person_changed(sender, instance, **kwargs) -> None:
    if _live():
        refresh([instance.talent_id])


def _activity_changed(sender, instance, **kwargs) -> None:
    # Approval, kind (the pillar) and plan of a programme's activity.
    if _live():
        refresh_enrolments(Enrolment.objects.filter(programme__activity_id=instance.pk))


def _plan_changed(sender, instance, **kwargs) -> None:
    if _live():
        refresh_enrolments(Enrolment.objects.filter(programme__activity__plan_id=instance.pk))


def _organisation_changed(sender, instance, **kwargs) -> None:
    if _live():
        refresh_enrolments(Enrolment.objects.filter(provider_id=instance.pk))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from activities.models import Activity
    from participants.models import Organisation

    for model, receiver in (
        (Enrolment, _enrolment_changed),
        (Person, _person_changed),
        (Activity, _activity_changed),
        (Plan, _plan_changed),
        (Organisation, _organisation_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"talent.rollup.{model.__name__}")
    post_delete.connect(_enrolment_changed, sender=Enrolment, dispatch_uid="talent.rollup.del")
