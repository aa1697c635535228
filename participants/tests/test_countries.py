from __future__ import annotations

import csv

import pytest

from participants.models import Country

pytestmark = pytest.mark.django_db


def test_the_55_au_member_states_and_their_regions_match_the_reference_list(shared_data):
    with (shared_data / "frameworks" / "au-member-states.csv").open(encoding="utf-8") as f:
        reference = {row["iso2"]: row for row in csv.DictReader(f)}
    members = Country.objects.filter(au_member=True)
    assert members.count() == 55
    for country in members:
        row = reference[country.code]
        assert country.au_region == row["au_region"].lower(), country.code
        assert country.alpha3 == row["iso3"]
        assert country.numeric == row["iso_numeric"]


def test_china_is_loaded_and_is_not_an_au_member():
    china = Country.objects.get(code="CN")
    assert (china.alpha3, china.au_member, china.au_region) == ("CHN", False, "")


def test_every_iso_country_is_available_for_iati_data():
    assert Country.objects.count() >= 249
    assert Country.objects.filter(code="US", au_member=False).exists()
