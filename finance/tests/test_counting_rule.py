"""Each dollar once: money passed between activities of the plan is counted at its origin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from activities.codes import TransactionType as T
from finance.services import finance_summary
from finance.tests.builders import activity, tx

pytestmark = pytest.mark.django_db


def test_a_funder_implementer_sub_implementer_chain_counts_the_money_once(personas):
    funder = activity(personas, "XM-F")
    implementer = activity(personas, "XM-I")
    sub = activity(personas, "XM-S")
    # The funder reports the flow by the receiver's id; the implementer reports receiving it
    # by the provider's id: one flow, two reports.
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I")
    tx(implementer, T.INCOMING_FUNDS, 100, provider="XM-F")
    # The next hop is traced only from the receiving side.
    tx(implementer, T.DISBURSEMENT, 80)
    tx(sub, T.INCOMING_FUNDS, 80, provider="XM-I")
    tx(sub, T.EXPENDITURE, 80)
    tx(implementer, T.EXPENDITURE, 20)

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(100)  # the money entering the plan
    assert s.measures["disbursed"].internal_usd == Decimal(80)
    assert s.measures["disbursed"].gross_usd == Decimal(180)
    assert s.spent_usd == Decimal(100)
    assert s.internal_flows_usd == Decimal(80)
    assert {(f.provider, f.receiver, f.usd) for f in s.flows} == {
        ("XM-F", "XM-I", Decimal(100)),
        ("XM-I", "XM-S", Decimal(80)),
    }


def test_a_co_financed_activity_adds_only_the_money_from_outside_the_plan(personas):
    plan_funder = activity(personas, "XM-F1")
    co_financed = activity(personas, "XM-C")
    activity(personas, "XM-S")
    tx(plan_funder, T.DISBURSEMENT, 60, receiver="XM-C")
    tx(co_financed, T.INCOMING_FUNDS, 60, provider="XM-F1")
    tx(co_financed, T.INCOMING_FUNDS, 40, provider="XX-OUTSIDE-FUNDER-1")  # not in the plan
    tx(co_financed, T.DISBURSEMENT, 100, receiver="XM-S")

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(100)  # 60 + 40 entered the plan
    assert s.measures["disbursed"].internal_usd == Decimal(60)
    assert s.untraced == []


def test_two_funders_in_the_plan_make_all_of_the_co_financed_disbursement_internal(personas):
    a, b, c = activity(personas, "XM-A"), activity(personas, "XM-B"), activity(personas, "XM-C")
    tx(a, T.DISBURSEMENT, 70, receiver="XM-C")
    tx(b, T.DISBURSEMENT, 30, receiver="XM-C")
    tx(c, T.DISBURSEMENT, 100)

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(100)
    assert s.internal_flows_usd == Decimal(100)


def test_money_going_round_a_loop_is_counted_once(personas):
    a, b = activity(personas, "XM-A"), activity(personas, "XM-B")
    tx(a, T.INCOMING_FUNDS, 100, provider="XX-DONOR-1")
    tx(a, T.DISBURSEMENT, 100, receiver="XM-B")
    tx(b, T.DISBURSEMENT, 40, receiver="XM-A")  # unspent funds come back…
    tx(a, T.DISBURSEMENT, 40, receiver="XM-B")  # …and go out again

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(100)
    assert s.internal_flows_usd == Decimal(80)


def test_an_activity_paying_itself_is_not_a_flow(personas):
    a = activity(personas, "XM-A")
    tx(a, T.DISBURSEMENT, 50, receiver="XM-A")

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(50)
    assert s.flows == []


def test_an_untraceable_flow_is_counted_and_flagged_untraced(personas):
    funder, implementer = activity(personas, "XM-F"), activity(personas, "XM-I")
    tx(funder, T.DISBURSEMENT, 100)  # no receiver activity named
    tx(implementer, T.INCOMING_FUNDS, 100)  # no provider activity named
    tx(implementer, T.DISBURSEMENT, 100)

    s = finance_summary(personas.plan)

    # Nothing traces the implementer's money to the funder, so both disbursements count…
    assert s.disbursed_usd == Decimal(200)
    assert s.internal_flows_usd == 0
    # …and the incoming funds that cannot be traced are flagged beside the totals.
    assert s.untraced_usd == Decimal(100)
    assert [(u.currency, u.amount) for u in s.untraced] == [("USD", Decimal(100))]


def test_money_to_an_activity_outside_the_plan_or_not_yet_approved_leaves_the_plan(personas):
    funder = activity(personas, "XM-F")
    from digicoop.testing import make_activity

    make_activity(personas, state="draft", identifier="XM-DRAFT")
    tx(funder, T.DISBURSEMENT, 30, receiver="XM-DRAFT")
    tx(funder, T.DISBURSEMENT, 20, receiver="XX-ELSEWHERE")

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(50)
    assert s.internal_flows_usd == 0


def test_totals_equal_the_money_entering_the_plan_on_a_mixed_network(personas):
    f1, f2 = activity(personas, "XM-F1"), activity(personas, "XM-F2")
    i1, i2 = activity(personas, "XM-I1"), activity(personas, "XM-I2")
    s1 = activity(personas, "XM-S1")
    tx(f1, T.DISBURSEMENT, 500, receiver="XM-I1")  # traced by the payer
    tx(f2, T.DISBURSEMENT, 300)
    tx(i2, T.INCOMING_FUNDS, 300, provider="XM-F2")  # traced by the payee
    tx(i1, T.INCOMING_FUNDS, 50, provider="XX-OUTSIDE")  # enters the plan at i1
    tx(i1, T.DISBURSEMENT, 550, receiver="XM-S1")
    tx(i2, T.DISBURSEMENT, 100, receiver="XM-S1")
    tx(s1, T.INCOMING_FUNDS, 650, provider="")  # untraced on its side, traced by payers

    s = finance_summary(personas.plan)

    entering = Decimal(500 + 300 + 50)
    assert s.disbursed_usd == entering
    assert s.measures["disbursed"].gross_usd - s.internal_flows_usd == entering


def test_a_filter_keeps_an_internal_flow_out_of_every_slice(personas):
    """Counted at its origin: a slice holding only the receiver shows the flow as internal, so
    slices add up to the plan's total."""
    from participants.models import Country

    funder, implementer = activity(personas, "XM-F"), activity(personas, "XM-I")
    implementer.recipient_countries.create(country=Country.objects.get(code="KE"))
    funder.recipient_countries.create(country=Country.objects.get(code="CN"))
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I")
    tx(implementer, T.DISBURSEMENT, 100)

    kenya = finance_summary(personas.plan, country="ke")
    china = finance_summary(personas.plan, country="CN")

    assert kenya.disbursed_usd == 0
    assert kenya.internal_flows_usd == Decimal(100)
    assert china.disbursed_usd + kenya.disbursed_usd == finance_summary(personas.plan).disbursed_usd


def test_a_years_slice_leaves_out_the_share_passed_on_over_all_years(personas):
    """A receiver's share is taken over all its years: it received 100 from the plan in 2023
    and disbursed 200 in all (50 in 2023, 150 in 2024), so half of each year's disbursements
    passes plan money on, whichever year is shown."""
    funder, implementer = activity(personas, "XM-F"), activity(personas, "XM-I")
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I", on=dt.date(2023, 3, 1))
    tx(implementer, T.DISBURSEMENT, 50, on=dt.date(2023, 6, 1))
    tx(implementer, T.DISBURSEMENT, 150, on=dt.date(2024, 6, 1))
    tx(implementer, T.EXPENDITURE, 10, on=dt.date(2023, 6, 1))

    in_2024 = finance_summary(personas.plan, year=2024)
    in_2023 = finance_summary(personas.plan, year=2023)
    every_year = finance_summary(personas.plan)

    assert in_2024.measures["disbursed"].gross_usd == Decimal(150)
    assert in_2024.internal_flows_usd == Decimal(75)
    assert in_2024.spent_usd == 0
    assert in_2023.measures["disbursed"].gross_usd == Decimal(150)
    assert in_2023.internal_flows_usd == Decimal(25)
    assert in_2023.spent_usd == Decimal(10)
    assert every_year.internal_flows_usd == Decimal(100)
    assert in_2023.disbursed_usd + in_2024.disbursed_usd == every_year.disbursed_usd


def test_a_slice_of_the_receiver_and_a_year_leaves_out_its_share(personas):
    from participants.models import Country

    funder, implementer = activity(personas, "XM-F"), activity(personas, "XM-I")
    implementer.recipient_countries.create(country=Country.objects.get(code="KE"))
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I", on=dt.date(2023, 3, 1))
    tx(implementer, T.DISBURSEMENT, 100, on=dt.date(2023, 6, 1))
    tx(implementer, T.DISBURSEMENT, 100, on=dt.date(2024, 6, 1))

    s = finance_summary(personas.plan, country="KE", year=2024)

    assert s.measures["disbursed"].gross_usd == Decimal(100)
    assert s.internal_flows_usd == Decimal(50)
    assert [(f.provider, f.receiver) for f in s.flows] == [("XM-F", "XM-I")]


def test_forward_spending_is_future_budgets_with_revisions_replacing_originals(personas):
    from activities.codes import BudgetType
    from activities.models import Budget

    revised_one, original_only = activity(personas, "XM-R"), activity(personas, "XM-O")

    def budget(act, value, year, type_=BudgetType.ORIGINAL):
        Budget.objects.create(
            activity=act,
            type=type_,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            value=value,
            value_date=dt.date(2024, 1, 1),
        )

    budget(revised_one, 500, 2027)
    budget(revised_one, 300, 2027, BudgetType.REVISED)
    budget(original_only, 200, 2027)
    budget(original_only, 999, 2025)  # this year: not forward
    budget(original_only, -50, 2028)  # negative: flagged on the scorecard, never summed

    s = finance_summary(personas.plan, today=dt.date(2025, 6, 1))

    assert s.forward_spending_usd == Decimal(500)
