"""The scorecard: each score explained and linked to the records that lower it; bad financial
input flagged on the record and listed, never silently converted or dropped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from activities.codes import ActivityStatus
from activities.codes import TransactionType as T
from activities.models import Budget
from finance.scorecard import partner_scorecard
from finance.services import finance_summary
from finance.tests.builders import activity, rate, tx

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)


def _bad_input(p):
    rate("KES", 2024, "130")
    act = activity(p, "XM-BAD")
    tx(act, T.DISBURSEMENT, 10, currency="XYZ")  # unknown currency
    tx(act, T.INCOMING_FUNDS, -50)  # negative incoming funds: forbidden
    tx(act, T.DISBURSEMENT, 1300, currency="KES", value_date=dt.date(1850, 1, 1))  # no rate
    tx(act, T.DISBURSEMENT, 1300, currency="KES")
    return act


def test_bad_financial_input_is_flagged_and_listed_never_converted_nor_dropped(personas):
    act = _bad_input(personas)

    card = partner_scorecard(personas.plan, personas.kenyan_ministry, today=TODAY)
    s = finance_summary(personas.plan)

    flagged = {(g.kind, f.record, f.value, f.currency) for g in card.flags for f in g.flags}
    assert flagged == {
        ("unknown_currency", "transaction", Decimal(10), "XYZ"),
        ("negative", "transaction", Decimal(-50), "USD"),
        ("no_rate", "transaction", Decimal(1300), "KES"),
    }
    assert card.validator.failing == 1 and card.validator.lowering == [act]
    # The totals convert only what they can and list the rest in its own currency.
    assert s.disbursed_usd == Decimal(10)
    assert sorted((line.currency, line.amount) for _k, line in s.missing) == [
        ("KES", Decimal(1300)),
        ("XYZ", Decimal(10)),
    ]


def test_each_score_names_the_activities_that_lower_it(personas):
    p = personas
    complete = activity(
        p,
        "XM-GOOD",
        status=ActivityStatus.IMPLEMENTATION,
        actual_start=dt.date(2025, 1, 1),
        description={"en": "What it does"},
    )
    Budget.objects.create(
        activity=complete,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        value=100,
        value_date=dt.date(2025, 1, 1),
    )
    complete.results.create(type=1, title={"en": "Trained"})
    stale = activity(
        p, "XM-STALE", status=ActivityStatus.IMPLEMENTATION, actual_start=dt.date(2023, 1, 1)
    )
    Budget.objects.create(
        activity=stale,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
        value=100,
        value_date=dt.date(2023, 1, 1),
    )
    activity(p, "XM-PIPELINE")  # pipeline: budgets and results not yet expected
    activity(p, "XM-OTHER-ORG", p.chinese_company)  # another partner's

    card = partner_scorecard(p.plan, p.kenyan_ministry, today=TODAY)
    scores = {s.key: s for s in card.scores}

    assert card.activities == 3
    assert (scores["budgets"].passing, scores["budgets"].total) == (1, 2)
    assert scores["budgets"].percent == 50
    assert [a.iati_identifier for a in scores["budgets"].lowering] == ["XM-STALE"]
    assert [a.iati_identifier for a in scores["results"].lowering] == ["XM-STALE"]
    assert scores["locations"].passing == 0 and scores["locations"].total == 3
    assert "required" in scores and scores["required"].explanation


def test_the_plan_scorecard_counts_every_partner_as_its_own_scorecard_does(personas):
    from finance.scorecard import plan_scorecards

    p = personas
    _bad_input(p)
    activity(p, "XM-PIPELINE")
    activity(p, "XM-CN-1", p.chinese_company, status=ActivityStatus.IMPLEMENTATION)
    activity(p, "XM-CN-2", p.chinese_company, actual_start=dt.date(2025, 1, 1))

    def summary(card):
        return (
            card.organisation,
            card.activities,
            card.timeliness.last_update,
            card.timeliness.on_time,
            [(s.key, s.total, s.passing) for s in [*card.scores, card.validator]],
        )

    every = plan_scorecards(p.plan, today=TODAY)
    assert [summary(c) for c in every] == [
        summary(partner_scorecard(p.plan, c.organisation, today=TODAY, detail=False)) for c in every
    ]
    assert {c.organisation for c in every} == {p.kenyan_ministry, p.chinese_company}
    assert any(c.validator.failing for c in every)
