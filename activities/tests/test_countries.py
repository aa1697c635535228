"""An activity's countries and regions are its own, or where it has none, its transactions'."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from activities.countries import country_counts
from activities.models import Activity, RecipientCountry, RecipientRegion, Transaction
from digicoop.testing import make_activity
from indicators.services import approved_activities_in, countries_overview
from participants.models import Country

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 1)


def _pay(activity, country: str | None = None, region: str = "") -> None:
    Transaction.objects.create(
        activity=activity,
        type="3",
        date=DAY,
        value=100,
        value_date=DAY,
        recipient_country_id=country,
        recipient_region=region,
    )


@pytest.fixture
def places(personas):
    """DZ only on transactions; KE on the activity (its DZ transaction does not make it DZ's)."""
    on_transactions = make_activity(personas, state="approved", identifier="XM-TX-DZ")
    _pay(on_transactions, "DZ")
    _pay(on_transactions, "DZ")
    _pay(on_transactions, "EG", region="289")
    own = make_activity(personas, state="approved", identifier="XM-OWN-KE")
    RecipientCountry.objects.create(activity=own, country_id="KE", percentage=100)
    RecipientRegion.objects.create(activity=own, code="298", percentage=100)
    _pay(own, "DZ", region="289")
    draft = make_activity(personas, state="draft", identifier="XM-DRAFT-DZ")
    _pay(draft, "DZ")
    return on_transactions, own


def _api_identifiers(client, **params) -> set[str]:
    response = client.get("/api/v1/activities/", params)
    assert response.status_code == 200, response.content
    return {item["iati_identifier"] for item in response.json()["items"]}


def test_the_api_country_filter_finds_an_activity_by_its_transactions_countries(client, places):
    assert _api_identifiers(client, country="DZ") == {"XM-TX-DZ"}
    assert _api_identifiers(client, country="KE") == {"XM-OWN-KE"}


def test_the_api_region_filter_finds_an_activity_by_its_transactions_regions(client, places):
    assert _api_identifiers(client, region="289") == {"XM-TX-DZ"}
    assert _api_identifiers(client, region="298") == {"XM-OWN-KE"}


def test_the_activity_list_filter_finds_it_too(client, places):
    page = client.get(reverse("activity-list"), {"country": "DZ"}).content.decode()
    assert "XM-TX-DZ" in page and "XM-OWN-KE" not in page


def test_the_country_page_lists_it(client, places):
    algeria = Country.objects.get(code="DZ")
    assert [a.iati_identifier for a in approved_activities_in(algeria)] == ["XM-TX-DZ"]
    page = client.get(reverse("progress:country", args=["DZ"])).content.decode()
    assert "XM-TX-DZ" in page and "XM-OWN-KE" not in page


def test_per_country_counts_count_it_once(places):
    counts = country_counts(Activity.objects.approved())
    assert counts["DZ"] == 1 and counts["EG"] == 1 and counts["KE"] == 1
    groups = dict(countries_overview())
    assert dict((c.code, n) for c, n in groups["Northern Africa"])["DZ"] == 1


def test_the_activity_page_shows_the_countries_and_regions_of_its_transactions(client, places):
    on_transactions, own = places
    page = client.get(reverse("activity-detail", args=[on_transactions.pk])).content.decode()
    assert f'href="{reverse("progress:country", args=["DZ"])}"' in page
    assert page.count('class="from-transactions"') == 3  # DZ, EG and region 289
    own_page = client.get(reverse("activity-detail", args=[own.pk])).content.decode()
    assert 'class="from-transactions"' not in own_page


def test_a_usaid_file_with_countries_only_on_transactions_is_found_in_algeria(
    client, shared_data, personas
):
    from interop.iati_import import import_iati_files

    summary = import_iati_files([shared_data / "iati" / "usaid-dz.xml"], state="approved")
    assert summary.ok and summary.created == 9
    assert not RecipientCountry.objects.exists()
    response = client.get("/api/v1/activities/", {"country": "DZ", "page_size": 50})
    assert response.json()["count"] == 9
    assert country_counts(Activity.objects.approved())["DZ"] == 9
