"""Rules that survived deliberate changes to the code (issue 17's review): each is pinned here
so the same change now fails a test. Listed with the mutation run in bench/README.md."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from activities import services, workflow
from activities.models import Activity
from activities.services import StaleVersion
from activities.states import MOVES, Action, WrongState
from digicoop.testing import make_activity
from plans.models import Plan, Sector, Technology
from progress.metrics import ai_centres_query, demonstration_projects_query
from talent import rollup
from talent.counting import completed_in_period, digital_talents, enrolled_not_completed
from talent.models import Enrolment
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "approved", "returned", "archived"]


def test_a_record_is_returned_for_correction_only_from_submitted_or_approved():
    # The whole table, so widening or narrowing the rule in either direction fails here.
    assert MOVES[Action.RETURN].sources == {"submitted", "approved"}


@pytest.mark.parametrize("state", STATES)
def test_returning_works_from_exactly_the_states_the_workflow_names(personas, state):
    a = make_activity(personas, state=state)
    if state in ("submitted", "approved"):
        workflow.return_for_correction(a, personas.reviewer, comment="Add the budget")
        a.refresh_from_db()
        assert a.workflow_state == "returned"
    else:
        with pytest.raises((WrongState, ValidationError)):
            workflow.return_for_correction(a, personas.reviewer, comment="Add the budget")
        a.refresh_from_db()
        assert a.workflow_state == state


def test_a_talent_completed_after_the_plan_ends_does_not_count(personas):
    plan, org = personas.plan, personas.kenyan_ministry
    programme = make_programme(plan, org)
    completions = [
        plan.period_start,
        plan.period_end,
        plan.period_end + dt.timedelta(days=1),  # the day after the plan ends
    ]
    for n, completed_on in enumerate(completions):
        enrolment = enrol_row(programme, org, email=f"trainee{n}@example.org")
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_on=completed_on)
    rollup.rebuild()  # the queryset update passed by the roll-up's upkeep (talent.rollup)
    counted = set(completed_in_period(plan).values_list("completed_on", flat=True))
    assert counted == {plan.period_end, plan.period_start}
    assert digital_talents(plan) == 2


@pytest.mark.parametrize(
    ("field", "before", "after"),
    [
        ("pillars", ["capability"], ["capability", "security"]),
        ("sectors", [], ["education"]),
        ("technologies", [], ["ai"]),
    ],
)
def test_history_records_a_change_of_pillars_sectors_or_technologies(
    personas, field, before, after
):
    a = make_activity(personas)
    assert sorted(getattr(a, field).values_list("code", flat=True)) == before
    services.update_activity(a, {field: after}, version=a.version, by=personas.kenyan_focal_point)
    change = a.changes.order_by("-pk").first()
    assert change.action == "updated"
    assert {"field": field, "before": before, "after": after} in change.changes


def test_the_code_lists_named_by_the_history_test_exist(plan):
    assert Sector.objects.filter(plan=plan, code="education").exists()
    assert Technology.objects.filter(plan=plan, code="ai").exists()
    assert set(plan.pillars.values_list("code", flat=True)) >= {"capability", "security"}


# --- Survivors of the mutation run (bench/mutants-surviving.txt), each killed here ----------


def _other_plan() -> Plan:
    return Plan.objects.create(
        slug="other-plan",
        title="Another plan (test)",
        adopted_on=dt.date(2024, 1, 1),
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2030, 1, 1),
    )


def _approved(personas, kind: str, **fields):
    a = make_activity(personas, state="approved", kind=kind, status=2, **fields)
    return a


@pytest.mark.parametrize("move", ["submit", "approve", "archive"])
def test_a_move_made_on_a_stale_version_is_refused(personas, move):
    start = {"submit": "draft", "approve": "submitted", "archive": "approved"}[move]
    a = make_activity(personas, state=start)
    who = personas.kenyan_focal_point if move == "submit" else personas.secretariat
    with pytest.raises(StaleVersion):
        getattr(workflow, move)(a, who, version=a.version + 1)
    a.refresh_from_db()
    assert a.workflow_state == start


def test_a_demonstration_project_started_after_the_plan_or_in_another_plan_does_not_count(
    personas,
):
    plan = personas.plan
    counted = _approved(personas, "demonstration", actual_start=plan.period_end)
    _approved(personas, "demonstration", actual_start=plan.period_end + dt.timedelta(days=1))
    elsewhere = _approved(personas, "demonstration", actual_start=plan.period_start)
    Activity.objects.filter(pk=elsewhere.pk).update(plan=_other_plan())
    assert list(demonstration_projects_query(plan)) == [counted]


def test_only_centres_of_the_plan_tagged_ai_count_as_ai_centres(personas):
    plan = personas.plan
    ai = plan.technologies.get(code="ai")
    counted = [_approved(personas, "ai-centre") for _ in range(2)]
    for a in counted:
        a.technologies.add(ai)
    _approved(personas, "ai-centre")  # a centre, not tagged AI
    _approved(personas, "cloud").technologies.add(ai)  # tagged AI, not a centre
    elsewhere = _approved(personas, "ai-centre")
    elsewhere.technologies.add(ai)
    Activity.objects.filter(pk=elsewhere.pk).update(plan=_other_plan())
    assert set(ai_centres_query(plan)) == set(counted)


def test_only_this_plans_completions_within_its_period_count_or_are_reported_beside(personas):
    plan, org = personas.plan, personas.kenyan_ministry
    programme = make_programme(plan, org)
    enrol_row(programme, org, email="counted@example.org")
    late = enrol_row(programme, org, email="late@example.org")
    Enrolment.objects.filter(pk=late.pk).update(completed_on=plan.period_end + dt.timedelta(1))
    dropped = enrol_row(programme, org, email="dropped@example.org")
    Enrolment.objects.filter(pk=dropped.pk).update(status="dropped")
    enrol_row(programme, org, email="going@example.org", status="enrolled", completed_on="")
    other = make_programme(plan, org)
    enrol_row(other, org, email="elsewhere@example.org")  # completed, in another plan
    Activity.objects.filter(pk=other.activity_id).update(plan=_other_plan())
    rollup.rebuild()  # the queryset updates passed by the roll-up's upkeep (talent.rollup)
    assert digital_talents(plan) == 1
    assert enrolled_not_completed(plan) == 1
