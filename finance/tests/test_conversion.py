"""Auditable conversion: every converted figure carries its rate, the rate's year and source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.codes import TransactionType as T
from finance.models import ConversionPolicy, ExchangeRate, FinanceSettings
from finance.rates import WDI_SOURCE, wdi_rates
from finance.services import finance_summary
from finance.tests.builders import activity, rate, tx

pytestmark = pytest.mark.django_db


def test_kes_eur_and_cny_are_converted_at_their_value_date_years_rate(personas):
    rate("KES", 2023, "140")
    rate("KES", 2024, "130")
    rate("EUR", 2024, "0.8")
    rate("CNY", 2022, "7")
    a = activity(personas, "XM-A")
    # Transaction dates in 2024; the value date decides the rate.
    tx(a, T.DISBURSEMENT, 14000, currency="KES", value_date=dt.date(2023, 12, 20))
    tx(a, T.DISBURSEMENT, 13000, currency="KES", value_date=dt.date(2024, 3, 1))
    tx(a, T.DISBURSEMENT, 80, currency="EUR")
    tx(a, T.DISBURSEMENT, 700, currency="CNY", value_date=dt.date(2022, 1, 5))

    s = finance_summary(personas.plan)

    disbursed = s.measures["disbursed"]
    assert s.disbursed_usd == Decimal(100 + 100 + 100 + 100)
    assert disbursed.originals == {
        "CNY": Decimal(700),
        "EUR": Decimal(80),
        "KES": Decimal(27000),
    }
    used = {(line.currency, line.rate.date, line.rate.units_per_usd) for line in disbursed.lines}
    assert used == {
        ("KES", "2023", Decimal(140)),
        ("KES", "2024", Decimal(130)),
        ("EUR", "2024", Decimal("0.8")),
        ("CNY", "2022", Decimal(7)),
    }
    assert all(r.source == WDI_SOURCE for r in s.rates)


def test_a_missing_rate_is_shown_as_missing_not_as_zero(personas):
    rate("KES", 2024, "130")
    a = activity(personas, "XM-A")
    tx(a, T.DISBURSEMENT, 13000, currency="KES")
    tx(a, T.DISBURSEMENT, 5000, currency="KES", value_date=dt.date(1931, 5, 1))

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(100)
    [(measure, line)] = s.missing
    assert (measure, line.currency, line.value_year, line.amount) == (
        "disbursed",
        "KES",
        1931,
        Decimal(5000),
    )
    assert line.usd is None
    assert "no exchange rate" in line.missing_reason


def test_a_plan_may_convert_everything_at_one_reference_years_rates(personas):
    rate("KES", 2023, "140")
    rate("KES", 2020, "100")
    FinanceSettings.objects.create(
        plan=personas.plan, policy=ConversionPolicy.REFERENCE_YEAR, reference_year=2020
    )
    a = activity(personas, "XM-A")
    tx(a, T.DISBURSEMENT, 1400, currency="KES", value_date=dt.date(2023, 5, 1))

    s = finance_summary(personas.plan)

    assert s.disbursed_usd == Decimal(14)
    assert "2020" in s.policy


def test_a_transaction_without_currency_is_in_its_activitys_default_currency(personas):
    rate("KES", 2024, "100")
    a = activity(personas, "XM-A", default_currency="KES")
    tx(a, T.EXPENDITURE, 500, currency="")

    assert finance_summary(personas.plan).spent_usd == Decimal(5)


def test_the_shared_wdi_file_gives_the_euro_area_rate_to_euros(shared_data):
    path = shared_data / "indicators/wdi-datasets-org/pa.nus.fcrf/data.csv"
    rates, skipped = wdi_rates(path)
    by_key = {(r.currency, r.period_start.year): r for r in rates}

    assert by_key[("EUR", 2023)].countries == ["EMU"]
    assert by_key[("KES", 2023)].countries == ["KEN"]
    assert 100 < by_key[("KES", 2023)].units_per_usd < 200
    # West African CFA franc: one rate from the member countries' rows.
    assert "SEN" in by_key[("XOF", 2023)].countries
    assert ("USD", 2023) not in by_key  # the dollar converts by identity, never by a row
    assert skipped > 0


def test_the_load_command_replaces_the_rates_and_refuses_another_layout(tmp_path, db):
    good = tmp_path / "data.csv"
    good.write_text(
        "Country Name,Country Code,Year,Value\nKenya,KEN,2023,139.8\nEuro area,EMU,2023,0.92\n"
        "World,WLD,2023,1\n"
    )
    call_command("load_exchange_rates", tmp_path)
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {"KES", "EUR"}

    bad = tmp_path / "other.csv"
    bad.write_text("code,year,rate\nKEN,2023,139.8\n")
    with pytest.raises(CommandError, match="Country Code"):
        call_command("load_exchange_rates", bad)
    assert ExchangeRate.objects.count() == 2  # nothing lost
