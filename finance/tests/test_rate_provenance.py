"""Where a rate comes from is stored as data (its period, the series' rows) and worded in the
reader's language wherever it is shown: the finance page, the API. Rates stored before as an
English sentence are turned into that data by a migration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from activities.codes import TransactionType as T
from finance.models import ExchangeRate
from finance.rates import WDI_SOURCE, Rate
from finance.tests.builders import activity, tx

pytestmark = pytest.mark.django_db

XOF_2024 = Rate(
    "XOF", Decimal(600), dt.date(2024, 1, 1), dt.date(2024, 12, 31), WDI_SOURCE, ("BEN", "SEN")
)


def test_a_rates_provenance_is_worded_in_the_readers_language():
    with translation.override("en"):
        assert XOF_2024.detail == "annual average 2024; BEN and SEN"
    with translation.override("fr"):
        assert XOF_2024.detail == "taux moyen annuel 2024 ; BEN et SEN"
    with translation.override("zh-hans"):
        assert XOF_2024.detail == "2024年年均汇率；BEN和SEN"
    with translation.override("pt"):
        assert XOF_2024.detail == "taxa média anual de 2024; BEN e SEN"


@pytest.fixture
def cfa(personas):
    ExchangeRate.objects.create(
        currency="XOF",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        units_per_usd=Decimal(600),
        source=WDI_SOURCE,
        countries=["BEN", "SEN"],
    )
    tx(activity(personas, "XM-A"), T.DISBURSEMENT, 6000, currency="XOF")
    return personas


def test_the_finance_page_names_a_rates_rows_in_the_readers_language(client, cfa):
    page = client.get(f"/finance/{cfa.plan.slug}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "WDI PA.NUS.FCRF (taux moyen annuel 2024 ; BEN et SEN)" in page
    assert "annual average" not in page


def test_the_api_gives_a_rates_rows_as_data_and_its_provenance_in_the_readers_language(client, cfa):
    body = client.get(f"/api/v1/finance?plan={cfa.plan.slug}", HTTP_ACCEPT_LANGUAGE="pt").json()
    [xof] = body["rates"]
    assert xof["countries"] == ["BEN", "SEN"]
    assert xof["source_detail"] == "taxa média anual de 2024; BEN e SEN"
    [line] = body["measures"]["disbursed"]["lines"]
    assert line["rate"] == xof


def test_a_dollar_amount_is_shown_unconverted_in_the_readers_language(client, personas):
    dollars = activity(personas, "XM-USD")
    tx(dollars, T.DISBURSEMENT, 50)
    page = client.get(
        f"/finance/activities/{dollars.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "1 (2024, dollars des États-Unis : aucune conversion)" in page
    assert "identity" not in page


@pytest.mark.django_db(transaction=True)
def test_rates_stored_as_an_english_sentence_become_their_rows():
    executor = MigrationExecutor(connection)
    before = [("finance", "0002_pledge_and_due_date_in_other_languages")]
    after = [("finance", "0003_rate_countries_instead_of_english_detail")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("finance", "ExchangeRate")
        for currency, detail in [("XOF", "annual average 2023; BEN, BFA, SEN"), ("EUR", "")]:
            old.objects.create(
                currency=currency,
                period_start=dt.date(2023, 1, 1),
                period_end=dt.date(2023, 12, 31),
                units_per_usd=Decimal(600),
                source=WDI_SOURCE,
                source_detail=detail,
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert executor.loader.graph.leaf_nodes("finance") == after
    rows = dict(ExchangeRate.objects.values_list("currency", "countries"))
    assert rows == {"XOF": ["BEN", "BFA", "SEN"], "EUR": []}
