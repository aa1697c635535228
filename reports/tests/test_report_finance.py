"""The report's disbursements by country: each country's figure is its own finance summary's,
and all of them come from one grouped call, whatever the number of countries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.codes import TransactionType as T
from activities.models import RecipientCountry
from finance.services import finance_summary
from finance.tests.builders import activity, rate, tx
from participants.models import Country
from reports.content import gather
from reports.services import resolve

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 10)


def _in(act, *codes):
    for code in codes:
        RecipientCountry.objects.create(activity=act, country_id=code)


def _on_transactions(act, value, code, currency="USD"):
    t = tx(act, T.DISBURSEMENT, value, currency=currency)
    t.recipient_country_id = code
    t.save()


def by_country(report) -> dict[str, Decimal]:
    return {row.key: row.value for row in report.finance_by_country.rows}


@pytest.fixture
def money(personas):
    """Training (capability) and backbone (infrastructure) activities: a funder in Kenya and
    Tanzania passing money to an implementer in Kenya (an internal flow), a publisher that
    gives its countries on its transactions only (Algeria, Morocco), and a backbone project in
    Nigeria."""
    funder = activity(personas, "XM-F", actual_start=START)
    implementer = activity(personas, "XM-I", actual_start=START)
    usaid_like = activity(personas, "XM-U", actual_start=START)
    backbone = activity(personas, "XM-B", kind="backbone", actual_start=START)
    _in(funder, "KE", "TZ")
    _in(implementer, "KE")
    _in(backbone, "NG", "KE")
    tx(funder, T.DISBURSEMENT, 100, receiver="XM-I")
    tx(implementer, T.INCOMING_FUNDS, 100, provider="XM-F")
    tx(implementer, T.DISBURSEMENT, 70)  # passes on the funder's money: internal
    _on_transactions(usaid_like, 30, "DZ", currency="EUR")
    _on_transactions(usaid_like, 12, "MA", currency="EUR")
    tx(backbone, T.DISBURSEMENT, 500)
    rate("EUR", 2024, "0.5")
    return personas


def test_each_countrys_disbursements_equal_its_finance_summary_in_the_plans_report(money):
    report = gather(resolve())

    shown = by_country(report)
    expected = {}
    for code in ("KE", "TZ", "DZ", "MA", "NG"):
        usd = finance_summary(money.plan, country=code).disbursed_usd
        if usd:
            expected[code] = usd
    assert shown == expected
    # The figures themselves: Kenya's internal 70 left out, Algeria and Morocco found through
    # the transactions' countries (each gets the activity's whole 42 EUR, as on its own page).
    assert shown == {
        "NG": Decimal(500),
        "KE": Decimal(600),
        "TZ": Decimal(100),
        "DZ": Decimal(84),
        "MA": Decimal(84),
    }
    assert [row.key for row in report.finance_by_country.rows] == ["KE", "NG", "TZ", "DZ", "MA"]
    assert report.finance_by_country.note == report.finance.policy


def test_a_pillars_report_gives_each_country_its_summary_within_the_pillar(money):
    report = gather(resolve(pillar="capability"))

    shown = by_country(report)
    for code, usd in shown.items():
        assert usd == finance_summary(money.plan, country=code, pillar="capability").disbursed_usd
    assert shown == {"KE": Decimal(100), "TZ": Decimal(100), "DZ": Decimal(84), "MA": Decimal(84)}


def test_a_countrys_report_lists_the_countries_its_activities_go_to_with_their_whole_figures(
    money,
):
    report = gather(resolve(country="TZ"))

    # The funder goes to Tanzania and Kenya: Kenya's whole figure is shown beside Tanzania's.
    assert by_country(report) == {
        "KE": finance_summary(money.plan, country="KE").disbursed_usd,
        "TZ": finance_summary(money.plan, country="TZ").disbursed_usd,
    }


def _queries_to_gather() -> int:
    with CaptureQueriesContext(connection) as queries:
        gather(resolve())
    return len(queries)


def test_gathering_the_report_reads_the_database_as_often_for_three_times_the_countries(
    personas,
):
    codes = iter(Country.objects.filter(au_member=True).order_by("code")[:24])

    def grow(countries: int) -> None:
        for _ in range(countries // 2):
            own, on_transactions = next(codes), next(codes)
            act = activity(personas, f"XM-{own.code}", actual_start=START)
            _in(act, own.code)
            tx(act, T.DISBURSEMENT, 10)
            elsewhere = activity(personas, f"XM-T-{on_transactions.code}", actual_start=START)
            _on_transactions(elsewhere, 20, on_transactions.code)

    grow(4)
    few = _queries_to_gather()
    grow(8)
    many = _queries_to_gather()

    assert many == few, f"{few} queries for 4 countries, {many} for 12"
    assert len(gather(resolve()).finance_by_country.rows) == 12  # all of them listed
