"""The finance figures on the public pages are finance.services' totals, originals kept."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from finance.services import finance_summary
from progress.tests.test_target_progress import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(personas, shared_data):
    call_command(
        "load_exchange_rates",
        str(shared_data / "indicators/wdi-datasets-org/pa.nus.fcrf"),
        stdout=StringIO(),
    )
    activity = make(personas, "demonstration")
    activity.pillars.add(personas.plan.pillars.get(code="transformation"))
    activity.recipient_countries.create(country_id="KE", percentage=100)
    for type_, value, currency in (("2", "1000000", "USD"), ("3", "2500000", "CNY")):
        activity.transactions.create(
            type=type_, date="2024-10-01", value=value, currency=currency, value_date="2024-10-01"
        )
    return personas


def shown_usd(html: str) -> list[Decimal]:
    return [Decimal(v) for v in re.findall(r'data-usd="([^"]+)"', html)]


@pytest.mark.parametrize(
    ("url", "filters"),
    [
        ("/", {}),
        ("/pillars/transformation/", {"pillar": "transformation"}),
        ("/countries/KE/", {"country": "KE"}),
    ],
)
def test_page_totals_are_the_finance_summary(client, funded, url, filters):
    summary = finance_summary(funded.plan, **filters)
    html = client.get(url).content.decode()
    assert shown_usd(html) == [summary.committed_usd, summary.disbursed_usd]
    assert summary.disbursed_usd > 0  # the CNY disbursement was converted
    assert "CNY" in html and "2,500,000" in html  # the original currency kept
    assert "annual average rate" in html  # the conversion rule stated


def test_the_organisation_page_shows_its_finance(client, funded):
    org = funded.kenyan_ministry
    summary = finance_summary(funded.plan, organisation=org.pk)
    html = client.get(f"/organisations/{org.pk}/").content.decode()
    assert shown_usd(html) == [summary.committed_usd, summary.disbursed_usd]


def test_disbursements_by_year_add_up_to_the_total(client, funded):
    body = client.get("/charts/finance-by-year.csv").content.decode("utf-8-sig")
    years = dict(line.split(",") for line in body.strip().splitlines()[1:])
    total = finance_summary(funded.plan).disbursed_usd
    assert sum(Decimal(v) for v in years.values()) == total
    assert Decimal(years["2024"]) == total
