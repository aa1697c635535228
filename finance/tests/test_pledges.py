"""A pledge's delivered share follows the records, never a typed-in figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities import workflow
from activities.codes import ActivityStatus
from activities.codes import TransactionType as T
from finance.models import Pledge, PledgeStatus
from finance.pledges import pledge_progress, pledges_by_target
from finance.tests.builders import activity, rate, tx
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def _talent_pledge(p, quantity=200, *activities) -> Pledge:
    pledge = Pledge.objects.create(
        plan=p.plan,
        organisation=p.kenyan_ministry,
        statement="Train 200 digital talents",
        pledged_on=dt.date(2024, 9, 1),
        target=p.plan.targets.get(code="digital-talents"),
        quantity=quantity,
        status=PledgeStatus.UNDER_WAY,
    )
    pledge.activities.set(activities)
    return pledge


def test_approving_a_training_programmes_completions_moves_the_pledge(personas):
    p = personas
    programme = make_programme(p.plan, p.kenyan_ministry, approved=False)
    programme.activity.workflow_state = "submitted"
    programme.activity.save()
    enrol_row(programme, p.kenyan_ministry, email="a@example.org")
    enrol_row(programme, p.kenyan_ministry, email="b@example.org", name="Baraka Otieno")
    pledge = _talent_pledge(p, 200, programme.activity)

    assert pledge_progress(pledge).delivered == 0  # completions not approved yet

    workflow.approve(programme.activity, p.reviewer)

    progress = pledge_progress(pledge)
    assert progress.delivered == 2
    assert progress.share == Decimal(1)  # 2 of 200, in per cent


def test_a_person_trained_twice_for_the_pledge_counts_once(personas):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.kenyan_ministry)
    enrol_row(first, p.kenyan_ministry)
    enrol_row(second, p.kenyan_ministry)
    pledge = _talent_pledge(p, 10, first.activity, second.activity)

    assert pledge_progress(pledge).delivered == 1


def test_a_demonstration_project_pledge_counts_projects_under_way(personas):
    p = personas
    project = activity(p, "XM-DEMO", kind="demonstration")
    pledge = Pledge.objects.create(
        plan=p.plan,
        organisation=p.chinese_company,
        statement="Deliver one demonstration project",
        pledged_on=dt.date(2024, 9, 1),
        target=p.plan.targets.get(code="demonstration-projects"),
        quantity=1,
    )
    pledge.activities.set([project])
    assert pledge_progress(pledge).delivered == 0  # still in the pipeline

    project.status = ActivityStatus.IMPLEMENTATION
    project.actual_start = dt.date(2025, 2, 1)
    project.save()

    assert pledge_progress(pledge).delivered == 1
    [target] = pledges_by_target(p.plan)[0]
    assert [pp.pledge.organisation for pp in target.pledges] == [p.chinese_company]


def test_a_money_pledge_is_delivered_by_its_activities_disbursements(personas):
    p = personas
    rate("CNY", 2024, "7")
    act = activity(p, "XM-FUND", p.chinese_company)
    tx(act, T.DISBURSEMENT, 700, currency="CNY")
    tx(act, T.INCOMING_FUNDS, 9999, currency="CNY")  # not a delivery
    pledge = Pledge.objects.create(
        plan=p.plan,
        organisation=p.chinese_company,
        statement="CNY 7,000 for connectivity",
        pledged_on=dt.date(2024, 7, 29),
        amount=7000,
        currency="CNY",
    )
    pledge.activities.set([act])

    progress = pledge_progress(pledge)

    assert progress.pledged == Decimal(1000)
    assert progress.delivered == Decimal(100)
    assert progress.share == Decimal(10)


def test_a_pledge_is_either_money_or_a_contribution(personas):
    p = personas
    both = Pledge(
        plan=p.plan,
        organisation=p.kenyan_ministry,
        statement="Both",
        pledged_on=dt.date(2024, 9, 1),
        amount=5,
        currency="USD",
        target=p.plan.targets.get(code="digital-talents"),
        quantity=1,
    )
    with pytest.raises(ValidationError):
        both.full_clean()
    negative = Pledge(
        plan=p.plan,
        organisation=p.kenyan_ministry,
        statement="Less than nothing",
        pledged_on=dt.date(2024, 9, 1),
        amount=-5,
        currency="USD",
    )
    with pytest.raises(ValidationError, match="positive"):
        negative.full_clean()
