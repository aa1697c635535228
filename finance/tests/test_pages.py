"""Finance pages: the same summary as the API, with the rule and provenance on every total."""

from __future__ import annotations

import datetime as dt

import pytest

from activities.codes import TransactionType as T
from finance.models import Pledge
from finance.tests.builders import activity, rate, tx

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(personas):
    rate("KES", 2024, "130")
    rate("EUR", 2024, "0.8")
    a = activity(personas, "XM-A")
    b = activity(personas, "XM-B")
    tx(a, T.DISBURSEMENT, 13000, currency="KES", receiver="XM-B")
    tx(b, T.DISBURSEMENT, 80, currency="EUR")
    tx(b, T.EXPENDITURE, 5, currency="XYZ")
    return personas


def test_the_finance_page_shows_totals_rule_internal_amount_and_provenance(client, money):
    page = client.get(f"/finance/{money.plan.slug}/").content.decode()

    assert 'data-measure="disbursed"' in page
    assert 'data-usd="100.00"' in page  # 100 + 100 − 100 internal
    assert 'data-internal="100.00"' in page
    assert "Each dollar is counted once" in page
    assert "Internal flows left out: 100 US dollars." in page
    assert 'data-rate="KES-2024"' in page and 'data-rate="EUR-2024"' in page
    assert "WDI PA.NUS.FCRF" in page
    assert "not an ISO 4217 currency code" in page  # XYZ listed as not converted
    assert "13,000 KES" in page  # the original currency kept


def test_the_finance_page_filters_and_shows_a_bad_filter(client, money):
    slug = money.plan.slug
    page = client.get(f"/finance/{slug}/?year=2023").content.decode()
    assert 'data-measure="disbursed"' in page and 'data-usd="0.00"' in page
    bad = client.get(f"/finance/{slug}/?year=nineteen").content.decode()
    assert "Enter a whole number" in bad


def test_the_flows_page_links_both_activities(client, money):
    page = client.get(f"/finance/{money.plan.slug}/flows/").content.decode()
    assert "XM-A</a>" in page and "XM-B</a>" in page
    assert "Each dollar is counted once" in page


def test_an_activitys_finance_page_shows_each_rate_and_flags_bad_input(client, money):
    from activities.models import Activity

    b = Activity.objects.get(iati_identifier="XM-B")
    page = client.get(f"/finance/activities/{b.pk}/").content.decode()
    assert "0.8 (2024, WDI PA.NUS.FCRF)" in page
    assert 'data-flag="unknown_currency"' in page


def test_a_draft_activitys_finance_page_is_not_found(client, personas):
    from digicoop.testing import make_activity

    draft = make_activity(personas, state="draft")
    assert client.get(f"/finance/activities/{draft.pk}/").status_code == 404


def test_the_pledges_page_shows_who_pledged_what(client, money):
    Pledge.objects.create(
        plan=money.plan,
        organisation=money.chinese_company,
        statement="Train 200 digital talents",
        pledged_on=dt.date(2024, 9, 1),
        target=money.plan.targets.get(code="digital-talents"),
        quantity=200,
    )
    page = client.get(f"/finance/{money.plan.slug}/pledges/").content.decode()
    assert "Huaxin Networks" in page and "Train 200 digital talents" in page
    assert 'data-delivered="0"' in page
