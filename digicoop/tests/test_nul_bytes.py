"""A NUL byte in an address or a query parameter is refused with 400 and the reason, on every
database, never a server error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/verify/a%00b",
    "/activities/?plan=%00",
    "/activities/?q=a%00b",
    "/countries/K%00/",
    "/talent/persons/%00/",
]
API = [
    "/api/v1/activities/?country=K%00",
    "/api/v1/activities/?q=%00",
    "/api/v1/plans/a%00b",
    "/api/v1/talent/counts?plan=%00",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_refuses_a_nul_byte_with_the_reason(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("url", API)
def test_the_api_refuses_a_nul_byte_in_its_error_shape(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_the_same_addresses_without_the_nul_byte_are_answered(client):
    assert client.get("/activities/?q=ab").status_code == 200
    assert client.get("/api/v1/activities/?q=ab").status_code == 200
