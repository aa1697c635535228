"""One test per contract failure schemathesis found: each fails without its fix."""

from __future__ import annotations

import json
import re

import pytest

from accounts.tokens import create_token
from activities.models import Activity
from api.v1 import api
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def _component(document, name):
    return document["components"]["schemas"][name]


def _bearer(user):
    _token, clear = create_token(user, "contract")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_creating_for_an_organisation_that_does_not_exist_is_not_found(client, personas):
    body = {
        "plan": personas.plan.slug,
        "reporting_org": 14329787412335774,
        "iati_identifier": "XM-NOBODY-1",
        "title": {"en": "Nobody's activity"},
    }
    response = client.post(
        "/api/v1/activities/",
        json.dumps(body),
        content_type="application/json",
        **_bearer(personas.secretariat),
    )
    assert response.status_code == 404
    assert not Activity.objects.filter(iati_identifier="XM-NOBODY-1").exists()


def test_unknown_properties_are_refused_by_name_and_the_schema_says_so(client, personas, document):
    assert _component(document, "ActivityIn")["additionalProperties"] is False
    body = {
        "plan": personas.plan.slug,
        "reporting_org": personas.kenyan_ministry.pk,
        "iati_identifier": "XM-EXTRA-1",
        "title": {"en": "Extra"},
        "colour": "blue",
    }
    response = client.post(
        "/api/v1/activities/",
        json.dumps(body),
        content_type="application/json",
        **_bearer(personas.kenyan_focal_point),
    )
    assert response.status_code == 422
    assert any("colour" in e["field"] for e in response.json()["errors"])
    assert not Activity.objects.filter(iati_identifier="XM-EXTRA-1").exists()


def test_a_return_needs_its_comment_in_the_schema_too(document):
    body = document["paths"]["/api/v1/activities/{activity_id}/return"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = _component(document, ref)
    assert "comment" in schema["required"]
    assert re.search(schema["properties"]["comment"]["pattern"], "   ") is None


def test_a_document_upload_needs_its_file_in_the_schema_too(document):
    body = document["paths"]["/api/v1/activities/{activity_id}/documents"]["post"]
    schema = body["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert "file" in schema["required"]


def test_a_document_sent_without_a_file_is_refused_naming_the_file(client, personas):
    activity = make_activity(personas)
    response = client.post(
        f"/api/v1/activities/{activity.pk}/documents",
        {"version": activity.version, "title": "No file"},
        **_bearer(personas.kenyan_focal_point),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["file"]


def test_goal_numbers_and_sdg_targets_have_their_range_and_shape_in_the_schema(document):
    schema = _component(document, "AlignmentIn")["properties"]
    assert schema["agenda2063_goals"]["items"]["minimum"] == 1
    assert schema["agenda2063_goals"]["items"]["maximum"] == 20
    assert re.search(schema["sdg_targets"]["items"]["pattern"], "9.c")
    assert not re.search(schema["sdg_targets"]["items"]["pattern"], "0")


def test_a_change_cannot_send_null_where_the_record_needs_a_value(document):
    patch = _component(document, "ActivityPatch")["properties"]
    for name in ("title", "reporting_org", "default_language", "default_currency"):
        assert "null" not in json.dumps(patch[name]), name
    assert patch["title"]["minProperties"] == 1


def test_decimals_may_be_strings_only_in_the_decimal_shape(document):
    value = _component(document, "BudgetIn")["properties"]["value"]
    string = next(branch for branch in value["anyOf"] if branch["type"] == "string")
    assert not re.search(string["pattern"], "")
    assert not re.search(string["pattern"], "1e5")
    assert re.search(string["pattern"], "1250000.50")
    percent = _component(document, "RecipientCountryIn")["properties"]["percentage"]
    string = next(branch for branch in percent["anyOf"] if branch["type"] == "string")
    assert not re.search(string["pattern"], "887.320")


def test_talent_dimensions_are_an_enumeration_in_the_schema(document):
    operation = document["paths"]["/api/v1/talent/disaggregation/{dimension}"]["get"]
    (dimension,) = [p for p in operation["parameters"] if p["name"] == "dimension"]
    assert "sex" in dimension["schema"]["enum"]
    assert "0" not in dimension["schema"]["enum"]


@pytest.mark.parametrize("name", ["country", "plan"])
def test_organisation_filters_longer_than_documented_are_refused(client, name):
    response = client.get("/api/v1/organisations", {name: "X" * 101})
    assert response.status_code == 422


def test_a_query_string_past_the_limit_is_refused_in_the_error_shape(client, document):
    response = client.get("/api/v1/activities/", {"q": "x" * 4000})
    assert response.status_code == 400
    assert "query string" in response.json()["detail"]
    for operations in document["paths"].values():
        for operation in operations.values():
            assert {"400", "414"} <= set(operation["responses"])


def test_the_response_check_catches_an_undocumented_status_and_a_wrong_body():
    """The conftest check on every API test response could otherwise pass whatever it saw."""
    from api.contract import contract_errors

    json_type = "application/json"
    assert contract_errors("GET", "/api/v1/countries", 200, b"[]", json_type) == []
    assert contract_errors("GET", "/api/v1/countries", 418, b"{}", json_type)
    wrong = contract_errors("GET", "/api/v1/countries", 200, b'[{"code": 1}]', json_type)
    assert wrong and "/0" in wrong[0]
    assert contract_errors("GET", "/api/v1/countries", 200, b"[]", "text/html")
