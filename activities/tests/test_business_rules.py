"""Rules that survived deliberate changes to the code (issue 17's review): each is pinned here
so the same change now fails a test. Listed with the mutation run in bench/README.md."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from activities import services, workflow
from activities.states import MOVES, Action, WrongState
from digicoop.testing import make_activity
from plans.models import Sector, Technology
from talent.counting import completed_in_period, digital_talents
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
