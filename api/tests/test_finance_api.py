"""GET /api/v1/finance: the finance summary with its provenance."""

from __future__ import annotations

import datetime as dt

import pytest

from activities.codes import TransactionType as T
from finance.tests.builders import activity, rate, tx

pytestmark = pytest.mark.django_db


def test_the_finance_endpoint_gives_totals_with_every_rates_provenance(client, personas):
    rate("KES", 2024, "130")
    a = activity(personas, "XM-A")
    b = activity(personas, "XM-B")
    tx(a, T.DISBURSEMENT, 13000, currency="KES", receiver="XM-B")
    tx(b, T.DISBURSEMENT, 50)
    tx(b, T.EXPENDITURE, 10, currency="XYZ")

    response = client.get(f"/api/v1/finance?plan={personas.plan.slug}&year=2024")

    assert response.status_code == 200
    body = response.json()
    assert body["disbursed_usd"] == "100.00"
    assert body["internal_flows_usd"] == "50.00"
    assert body["filters"] == {"year": 2024}
    [kes] = body["measures"]["disbursed"]["lines"][:1]
    assert kes["currency"] == "KES" and kes["usd"] == "100.00"
    assert kes["rate"]["date"] == "2024"
    assert kes["rate"]["source"] == "WDI PA.NUS.FCRF"
    assert body["rates"][0]["units_per_usd"].startswith("130")
    [missing] = body["missing"]
    assert missing["currency"] == "XYZ" and missing["usd"] is None
    assert "ISO 4217" in missing["missing_reason"]
    assert "counted once" in body["counting_rule"]
    assert body["flows"] == [
        {
            "provider_activity": "XM-A",
            "receiver_activity": "XM-B",
            "transaction_type": "3",
            "usd": "100.00",
        }
    ]


def test_the_finance_endpoint_filters_and_refuses_bad_parameters(client, personas):
    a = activity(personas, "XM-A")
    tx(a, T.DISBURSEMENT, 10, on=dt.date(2023, 3, 1))
    slug = personas.plan.slug

    assert client.get(f"/api/v1/finance?plan={slug}&year=2024").json()["disbursed_usd"] == "0.00"
    org = personas.kenyan_ministry.pk
    assert (
        client.get(f"/api/v1/finance?plan={slug}&organisation={org}").json()["disbursed_usd"]
        == "10.00"
    )
    assert client.get("/api/v1/finance?plan=no-such-plan").status_code == 404
    bad = client.get(f"/api/v1/finance?plan={slug}&year=abc")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.year"
