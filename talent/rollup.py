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

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db.models import Count, Min

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


def youth_band(age: int | None) -> str:
    from talent.counting import YOUTH_MAX, YOUTH_MIN

    if age is None:
        return "unknown"
    return "youth" if YOUTH_MIN <= age <= YOUTH_MAX else "not_youth"


def _facts(plan: Plan, ids: list[int]) -> list[TalentFact]:
    from talent.counting import completed_in_period, plan_enrolments

    done = completed_in_period(plan).filter(talent_id__in=ids).order_by()
    per_talent = {
        r["talent_id"]: r
        for r in done.values("talent_id").annotate(
            first=Min("completed_on"), age=Min("age_at_enrolment")
        )
    }
    rows: set[tuple[int, str, str | None]] = set()
    people = Person.objects.filter(pk__in=list(per_talent)).values_list(
        "pk", "sex", "country_id", "country__au_region"
    )
    for pk, sex, country, region in people:
        first = per_talent[pk]["first"]
        rows |= {
            (pk, "counted", None),
            (pk, "first_done", first.isoformat()),
            (pk, "youth", youth_band(per_talent[pk]["age"])),
            (pk, "sex", sex),
            (pk, "country", country),
            (pk, "au_region", region),
        }
    for values in done.values_list("talent_id", *ENROLMENT_DIMENSIONS.values()).distinct():
        talent, *keys = values
        for dimension, key in zip(ENROLMENT_DIMENSIONS, keys, strict=True):
            rows.add((talent, dimension, None if key is None else str(key)))
    under_way = (
        plan_enrolments(plan)
        .filter(talent_id__in=ids, status__in=UNDER_WAY)
        .order_by()
        .values_list("talent_id", flat=True)
        .distinct()
    )
    rows |= {(t, "pending", None) for t in under_way if t not in per_talent}
    return [TalentFact(plan=plan, talent_id=t, dimension=d, key=k) for t, d, k in rows]


def refresh(talent_ids: Iterable[int | None]) -> None:
    """Recompute the roll-up rows of these talents (canonical person ids) in every plan.

    Pass every talent a change may have touched, including one that has just ceased to exist
    (a record merged away): its rows are removed."""
    ids = sorted({t for t in talent_ids if t})
    for chunk in _chunks(ids):
        TalentFact.objects.filter(talent_id__in=chunk).delete()
        # A merged-away record is no talent any more: only canonical persons get rows.
        canonical = list(
            Person.objects.filter(pk__in=chunk, merged_into__isnull=True).values_list(
                "pk", flat=True
            )
        )
        if not canonical:
            continue
        plans = Plan.objects.filter(
            pk__in=Enrolment.objects.filter(talent_id__in=canonical).values(
                "programme__activity__plan_id"
            )
        )
        facts = [fact for plan in plans for fact in _facts(plan, canonical)]
        TalentFact.objects.bulk_create(facts, batch_size=1000)


def refresh_enrolments(enrolments) -> None:
    """Recompute the talents of these enrolments (a queryset)."""
    refresh(list(enrolments.order_by().values_list("talent_id", flat=True).distinct()))


def rebuild() -> None:
    """Recompute the whole roll-up from the raw records."""
    TalentFact.objects.all().delete()
    refresh(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))


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
