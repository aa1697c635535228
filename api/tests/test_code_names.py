"""Codes a person reads come with their names in the API (sectors, regions, countries), in the
request's language where IATI publishes it; every other code an answer gives is documented."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import create_token
from api.v1 import api
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

ICT_EN = "Information and communication technology (ICT)"
ICT_FR = "Technologies de l’information et de la communication (TIC)"


@pytest.fixture
def activity(personas):
    a = make_activity(personas, state="approved", identifier="XM-NAMES-1")
    a.iati_sectors.create(vocabulary="1", code="22040", percentage=40)
    a.iati_sectors.create(vocabulary="2", code="220", percentage=30)
    a.iati_sectors.create(vocabulary="1", code="99999", percentage=20)  # not in the IATI list
    a.iati_sectors.create(vocabulary="99", code="LOCAL-7", percentage=10)  # no IATI list
    a.recipient_regions.create(vocabulary="1", code="298", percentage=100)
    a.recipient_countries.create(country_id="CN")
    a.locations.create(latitude="39.9", longitude="116.4", country_id="CN")
    return a


def _read(client, activity, language: str = "en") -> dict:
    response = client.get(f"/api/v1/activities/{activity.pk}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()


def _sector_names(body: dict) -> dict[str, str | None]:
    return {row["code"]: row["name"] for row in body["iati_sectors"]}


def test_a_sector_is_named_in_english_with_its_code_kept(client, activity):
    sectors = _read(client, activity)["iati_sectors"]
    assert sectors[0]["code"] == "22040" and sectors[0]["vocabulary"] == "1"
    assert sectors[0]["name"] == ICT_EN
    assert _sector_names({"iati_sectors": sectors})["220"] == "COMMUNICATIONS"  # as IATI spells it


def test_a_french_reader_gets_the_french_name(client, activity):
    names = _sector_names(_read(client, activity, "fr"))
    assert names["22040"] == ICT_FR


@pytest.mark.parametrize("language", ["zh-hans", "ar", "pt"])
def test_a_reader_of_a_language_iati_does_not_publish_gets_the_english_name(
    client, activity, language
):
    assert _sector_names(_read(client, activity, language))["22040"] == ICT_EN


def test_a_code_the_list_lacks_or_a_vocabulary_without_a_list_has_a_null_name(client, activity):
    names = _sector_names(_read(client, activity))
    assert names["99999"] is None
    assert names["LOCAL-7"] is None


def test_a_region_is_named_from_the_iati_region_list(client, activity):
    (region,) = _read(client, activity)["recipient_regions"]
    assert (region["code"], region["name"]) == ("298", "Africa, regional")
    (french,) = _read(client, activity, "fr")["recipient_regions"]
    assert french["name"] == "Afrique, régional"


def test_countries_of_recipients_and_locations_are_named_in_the_readers_language(client, activity):
    english, french = _read(client, activity), _read(client, activity, "fr")
    assert english["recipient_countries"][0] | {"id": 0} == {
        "id": 0, "country": "CN", "percentage": None, "name": "China"
    }  # fmt: skip
    assert english["locations"][0]["country_name"] == "China"
    assert french["recipient_countries"][0]["name"] == "Chine"
    assert french["locations"][0]["country_name"] == "Chine"


def test_naming_the_rows_costs_no_query_per_row(client, personas, activity):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _read(client, activity)
        return len(captured)

    before = queries()
    for n in range(5):
        activity.iati_sectors.create(vocabulary="1", code=f"1511{n}")
        activity.recipient_countries.create(country_id=["KE", "TZ", "NG", "EG", "ZA"][n])
        activity.locations.create(latitude="0", longitude="0", country_id="KE")
    assert queries() == before


def test_rows_read_with_their_names_are_sent_back_and_kept(client, personas):
    _token, clear = create_token(personas.kenyan_focal_point, "names")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {clear}"
    activity = make_activity(personas, identifier="XM-NAMES-2")
    activity.iati_sectors.create(vocabulary="1", code="22040", percentage=100)
    activity.recipient_regions.create(vocabulary="1", code="298")
    activity.recipient_countries.create(country_id="KE")
    activity.locations.create(latitude="-1.2", longitude="36.8", country_id="KE")
    read = _read(client, activity)
    lists = ["iati_sectors", "recipient_regions", "recipient_countries", "locations"]
    patched = client.patch(
        f"/api/v1/activities/{activity.pk}",
        json.dumps({"version": read["version"], **{name: read[name] for name in lists}}),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert {name: patched.json()[name] for name in lists} == {name: read[name] for name in lists}
    assert patched.json()["version"] == read["version"]  # the names are not data: no change


# The output properties that hold a code a person might read. Each must either have its name
# beside it (``name`` or ``<property>_name``) or say in the schema what its codes are.
CODE_PROPERTIES = {
    "status", "kind", "type", "role", "currency", "country", "vocabulary", "category", "measure",
    "workflow_state", "au_region", "mode", "transaction_type", "pillar", "pillars", "sectors",
    "technologies", "host_countries", "id_country", "default_currency", "default_language",
    "language", "format", "standard_indicator", "originals",
}  # fmt: skip


def test_every_code_an_answer_gives_is_named_beside_it_or_documented():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    undocumented = [
        f"{schema_name}.{prop}"
        for schema_name, schema in schemas.items()
        if schema_name.endswith("Out") or schema_name in {"ActivitySummary"}
        for prop, spec in schema.get("properties", {}).items()
        if prop in CODE_PROPERTIES and not spec.get("description")
    ]
    assert undocumented == []


def test_the_names_are_optional_in_the_schema_so_earlier_clients_still_validate():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    for schema_name, added in (
        ("SectorOut", "name"),
        ("RecipientRegionOut", "name"),
        ("RecipientCountryOut", "name"),
        ("LocationOut", "country_name"),
    ):
        assert added in schemas[schema_name]["properties"]
        assert added not in schemas[schema_name]["required"]
