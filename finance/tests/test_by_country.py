"""Finance per country in one call equals the country-filtered summary of every country."""

from __future__ import annotations

from decimal import Decimal

import pytest

from activities.codes import TransactionType as T
from activities.models import RecipientCountry
from finance.services import finance_summary, measure_by_country
from finance.tests.builders import activity, rate, tx

pytestmark = pytest.mark.django_db


def _in(act, *codes):
    for code in codes:
        RecipientCountry.objects.create(activity=act, country_id=code)


def test_each_countrys_total_equals_its_own_summary_with_internal_flows_and_transaction_countries(
    personas,
):
    funder = activity(personas, "XM-F")
    implementer = activity(personas, "XM-I")
    usaid_like = activity(personas, "XM-U")  # countries only on its transactions
    _in(funder, "KE", "TZ")
    _in(implementer, "KE")
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I")
    tx(implementer, T.INCOMING_FUNDS, 100, provider="XM-F")
    tx(implementer, T.DISBURSEMENT, 70)  # passes on money from the plan: internal
    tx(implementer, T.OUTGOING_COMMITMENT, 5)  # another measure: not in the disbursed map
    for value, country in ((30, "DZ"), (12, "MA")):
        t = tx(usaid_like, T.DISBURSEMENT, value, currency="EUR")
        t.recipient_country_id = country
        t.save()
    rate("EUR", 2024, "0.5")

    by_country = measure_by_country(personas.plan, "disbursed")

    expected = {}
    for code in ("KE", "TZ", "DZ", "MA", "NG"):
        usd = finance_summary(personas.plan, country=code).disbursed_usd
        if usd:
            expected[code] = usd
    assert by_country == expected
    # The figures the test is about, not only their agreement: the implementer's 70 is left
    # out as internal in Kenya, and the transaction-country activity counts in both countries.
    assert by_country["KE"] == Decimal(100)
    assert by_country["TZ"] == Decimal(100)
    assert by_country["DZ"] == by_country["MA"] == Decimal(84)  # (30 + 12) EUR at 0.5/USD
    assert "NG" not in by_country


def test_a_country_filter_finds_activities_whose_countries_are_on_their_transactions(personas):
    usaid_like = activity(personas, "XM-U")
    t = tx(usaid_like, T.EXPENDITURE, 40)
    t.recipient_country_id = "DZ"
    t.save()

    assert finance_summary(personas.plan, country="DZ").spent_usd == Decimal(40)
    assert finance_summary(personas.plan, country="KE").spent_usd == Decimal(0)


def test_a_pillar_or_an_organisation_narrows_each_countrys_total_as_it_narrows_its_summary(
    personas,
):
    funder = activity(personas, "XM-F")  # training: capability pillar, the Kenyan ministry
    implementer = activity(personas, "XM-I", personas.chinese_company)
    backbone = activity(personas, "XM-B", personas.chinese_company, kind="backbone")
    transaction_countries = activity(personas, "XM-U", kind="backbone")
    _in(funder, "KE", "TZ")
    _in(implementer, "KE")
    _in(backbone, "KE", "NG")
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I")
    tx(implementer, T.INCOMING_FUNDS, 100, provider="XM-F")
    tx(implementer, T.DISBURSEMENT, 70)  # internal: left out in Kenya whatever the filter
    tx(backbone, T.DISBURSEMENT, 500)
    t = tx(transaction_countries, T.DISBURSEMENT, 9)
    t.recipient_country_id = "DZ"
    t.save()

    narrowings = [
        {"pillar": "capability"},
        {"pillar": "infrastructure"},
        {"organisation": personas.kenyan_ministry.pk},
        {"organisation": personas.chinese_company.pk},
        {"pillar": "infrastructure", "organisation": personas.kenyan_ministry.pk},
    ]
    for narrowing in narrowings:
        expected = {}
        for code in ("KE", "TZ", "NG", "DZ"):
            usd = finance_summary(personas.plan, country=code, **narrowing).disbursed_usd
            if usd:
                expected[code] = usd
        assert measure_by_country(personas.plan, "disbursed", **narrowing) == expected, narrowing
    assert measure_by_country(personas.plan, pillar="capability") == {
        "KE": Decimal(100),
        "TZ": Decimal(100),
    }
    assert measure_by_country(personas.plan, organisation=personas.chinese_company.pk) == {
        "KE": Decimal(500),
        "NG": Decimal(500),
    }
    assert measure_by_country(
        personas.plan, pillar="infrastructure", organisation=personas.kenyan_ministry.pk
    ) == {"DZ": Decimal(9)}
