from __future__ import annotations

import pytest

from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    enrol_row(programme, personas.kenyan_ministry, name="Neema Achieng", email="n@example.org")
    return programme


def test_programmes_and_counts_are_public(client, programme):
    programmes = client.get("/api/v1/talent/programmes").json()
    assert programmes[0]["id"] == programme.pk and programmes[0]["mode"] == "in_person"
    counts = client.get("/api/v1/talent/counts").json()
    assert counts["digital_talents"] == 1


def test_public_disaggregation_is_suppressed_and_hides_the_value(client, programme):
    body = client.get("/api/v1/talent/disaggregation/sex").json()
    assert body["suppressed"] is True
    assert body["cells"] == [{"key": "female", "label": "Female", "value": "<5", "count": None}]


def test_the_secretariat_gets_raw_cells(client, programme, personas):
    client.force_login(personas.secretariat)
    body = client.get("/api/v1/talent/disaggregation/youth").json()
    assert body["suppressed"] is False and body["cells"][0]["count"] == 1


def test_an_unknown_dimension_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/talent/disaggregation/religion")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "dimension" and "'religion' is not one of" in error["message"]


def test_personal_fields_only_for_the_recording_organisation(client, programme, personas):
    url = f"/api/v1/talent/programmes/{programme.pk}/enrolments"
    assert client.get(url).status_code in (401, 403)
    client.force_login(personas.kenyan_trainer)
    assert client.get(url).json()[0]["personal"]["name"] == "Neema Achieng"
    client.force_login(personas.reviewer)
    body = client.get(url)
    assert body.json()[0]["personal"] is None and b"Neema" not in body.content
    client.force_login(personas.chinese_focal_point)
    assert client.get(url).status_code == 403
