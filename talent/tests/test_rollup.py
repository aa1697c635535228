"""The talent figures' roll-up equals the raw aggregate after any sequence of changes: enrolments
added, changed and removed, records linked, merged, unmerged and erased, a programme's activity
approved or withdrawn, a trainee's facts corrected, a provider's type changed."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talent import counting, rollup
from talent.enrolment import AlreadyEnrolled, enrol, parse_row
from talent.identity import merge, unmerge
from talent.models import Enrolment, Person, TalentFact
from talent.rights import erase
from talent.tests.helpers import TODAY, make_programme, row

pytestmark = pytest.mark.django_db


def _figures(plan, raw: bool):
    prefix = "raw_" if raw else ""
    return (
        getattr(counting, f"{prefix}digital_talents")(plan),
        getattr(counting, f"{prefix}enrolled_not_completed")(plan),
        sorted(getattr(counting, f"{prefix}first_completions_by_day")(plan)),
        {d: getattr(counting, f"{prefix}breakdown")(plan, d) for d in counting.DIMENSIONS},
    )


def assert_rollup_equals_raw(plan) -> None:
    assert _figures(plan, raw=False) == _figures(plan, raw=True)


ENROL = st.tuples(
    st.just("enrol"),
    st.integers(0, 5),  # e-mail from a small pool: the same e-mail links records
    st.integers(0, 2),  # programme
    st.integers(0, 1),  # provider
    st.sampled_from(["enrolled", "attended", "completed", "dropped"]),
    st.sampled_from([dt.date(2025, 5, 30), dt.date(2023, 1, 1), dt.date(2026, 1, 10)]),
    st.sampled_from(["female", "male", "undisclosed"]),
    st.sampled_from([1960, 1998, 2008]),
    st.sampled_from(["KE", "NG", "CN"]),
)
PICK = st.integers(0, 50)
OPERATION = st.one_of(
    ENROL,
    st.tuples(st.just("status"), PICK, st.sampled_from(["enrolled", "completed", "dropped"])),
    st.tuples(st.just("delete"), PICK),
    st.tuples(st.just("merge"), PICK, PICK),
    st.tuples(st.just("unmerge"), PICK),
    st.tuples(st.just("erase"), PICK),
    st.tuples(st.just("approval"), st.integers(0, 2), st.booleans()),
    st.tuples(
        st.just("facts"), PICK, st.sampled_from(["female", "male"]), st.sampled_from(["KE", "EG"])
    ),
    st.tuples(
        st.just("provider_type"), st.integers(0, 1), st.sampled_from(["academia", "business"])
    ),
)


class World:
    def __init__(self, personas) -> None:
        self.p = personas
        self.providers = [personas.kenyan_ministry, personas.chinese_company]
        self.programmes = [make_programme(personas.plan, *self.providers) for _ in range(3)]

    def apply(self, op) -> None:
        kind, *args = op
        getattr(self, f"_{kind}")(*args)

    def _pick(self, model, n):
        rows = list(model.objects.order_by("pk"))
        return rows[n % len(rows)] if rows else None

    def _enrol(self, email, programme, provider, status, completed, sex, birth, country):
        values = row(
            email=f"t{email}@example.org",
            name=f"Trainee {email}",
            status=status,
            sex=sex,
            birth_year=birth,
            country=country,
            completed_on=completed if status == "completed" else "",
        )
        data, errors = parse_row(values, today=TODAY)
        if errors:  # a combination the sheet refuses is no change at all
            return
        with contextlib.suppress(AlreadyEnrolled):
            enrol(self.programmes[programme], self.providers[provider], data)

    def _status(self, n, status):
        enrolment = self._pick(Enrolment, n)
        if enrolment is not None:
            enrolment.status = status
            enrolment.completed_on = dt.date(2025, 5, 30) if status == "completed" else None
            enrolment.save()

    def _delete(self, n):
        enrolment = self._pick(Enrolment, n)
        if enrolment is not None:
            enrolment.delete()

    def _merge(self, a, b):
        one, two = self._pick(Person, a), self._pick(Person, b)
        if one is not None:
            with contextlib.suppress(ValueError):
                merge(one, two, self.p.secretariat)

    def _unmerge(self, n):
        person = self._pick(Person, n)
        if person is not None:
            with contextlib.suppress(ValueError):
                unmerge(person, self.p.secretariat)

    def _erase(self, n):
        person = self._pick(Person, n)
        if person is not None and person.erased_at is None:
            erase(person, self.p.secretariat)

    def _approval(self, programme, approved):
        activity = self.programmes[programme].activity
        activity.workflow_state = "approved" if approved else "submitted"
        activity.save()

    def _facts(self, n, sex, country):
        person = self._pick(Person, n)
        if person is not None:
            person.sex, person.country_id = sex, country
            person.save()

    def _provider_type(self, provider, type_):
        org = self.providers[provider]
        org.type = type_
        org.save()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=8))
def test_the_rollup_equals_the_raw_aggregate_after_every_change(personas, operations):
    world = World(personas)
    for op in operations:
        world.apply(op)
        assert_rollup_equals_raw(personas.plan)


def test_a_merge_an_unmerge_and_an_erasure_each_keep_the_rollup_equal(personas):
    world = World(personas)
    for email in range(3):
        world.apply(
            ("enrol", email, email, 0, "completed", dt.date(2025, 5, 30), "female", 1998, "KE")
        )
    people = list(Person.objects.order_by("pk"))
    assert counting.digital_talents(personas.plan) == 3
    merge(people[1], people[0], personas.secretariat)
    assert counting.digital_talents(personas.plan) == 2
    assert_rollup_equals_raw(personas.plan)
    unmerge(people[1], personas.secretariat)
    assert counting.digital_talents(personas.plan) == 3
    assert_rollup_equals_raw(personas.plan)
    erase(people[2], personas.secretariat)
    assert counting.digital_talents(personas.plan) == 3
    assert_rollup_equals_raw(personas.plan)


def test_rebuilding_gives_the_rows_kept_up_as_changes_came(personas):
    world = World(personas)
    for email in range(4):
        world.apply(
            (
                "enrol",
                email,
                email % 3,
                email % 2,
                "completed",
                dt.date(2025, 5, 30),
                "male",
                1960,
                "NG",
            )
        )
    world.apply(("approval", 1, False))
    kept = sorted(TalentFact.objects.values_list("plan_id", "talent_id", "dimension", "key"))
    assert kept  # something to compare
    rollup.rebuild()
    assert (
        sorted(TalentFact.objects.values_list("plan_id", "talent_id", "dimension", "key")) == kept
    )
