"""The activity list pages by cursor (`next` → `after`) as well as by number: the cursor walk
sees every row once, in order, whatever changes meanwhile at the head; absurd sizes, deep pages
and forged cursors are refused or answered empty, never a server error."""

from __future__ import annotations

import pytest

from activities.models import Activity
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db
URL = "/api/v1/activities/"


def _walk(client, **query) -> list[int]:
    seen, after = [], None
    while True:
        page = client.get(URL, {**query, **({"after": after} if after else {})}).json()
        seen += [i["id"] for i in page["items"]]
        after = page["next"]
        if after is None:
            return seen


def test_following_next_visits_every_activity_once_in_the_lists_order(client, personas):
    for i in range(7):
        make_activity(personas, state="approved", title=f"Row {i}")
    # Equal update times: the id breaks the tie, so no row is skipped or repeated.
    Activity.objects.filter(title__en__in=["Row 2", "Row 3", "Row 4"]).update(
        updated_at=Activity.objects.get(title__en="Row 2").updated_at
    )
    in_order = [i["id"] for i in client.get(URL, {"page_size": 100}).json()["items"]]
    assert len(in_order) == 7
    assert _walk(client, page_size=2) == in_order
    assert _walk(client, page_size=3) == in_order


def test_numbered_pages_and_the_cursor_agree(client, personas):
    for i in range(5):
        make_activity(personas, state="approved", title=f"Row {i}")
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(URL, {"page_size": 2, "page": 2}).json()
    by_cursor = client.get(URL, {"page_size": 2, "after": first["next"]}).json()
    assert by_cursor["items"] == second["items"]
    last = client.get(URL, {"page_size": 2, "page": 3}).json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_a_page_past_the_end_is_empty_and_reads_no_rows(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_activity(personas, state="approved")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, {"page": 100_000, "page_size": 100}).json()
    assert page["items"] == [] and page["count"] == 1 and page["next"] is None
    assert not any("LIMIT" in q["sql"] for q in queries)


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": 10**9},
        {"page_size": 0},
        {"page": 10**9},
        {"page": -1},
        {"after": "not a cursor!"},
        {"after": "x" * 101},
    ],
)
def test_absurd_sizes_pages_and_cursors_are_refused_with_the_reason(client, plan, query):
    response = client.get(URL, query)
    assert response.status_code == 422
    assert response.json()["errors"]


@pytest.mark.parametrize("cursor", ["bm90aGluZw", "2026-01-01_1", "1_", "x" * 30])
def test_a_forged_cursor_is_refused_naming_the_parameter(client, plan, cursor):
    response = client.get(URL, {"after": cursor})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.after"


def test_the_list_page_shows_deep_pages_by_identifiers_first(client, personas):
    for i in range(30):
        make_activity(personas, state="approved", title=f"Row {i:02d}")
    second = client.get("/activities/?page=2").content.decode()
    assert second.count("Row ") == 5
    assert client.get("/activities/?page=999999").content.decode().count("Row ") == 5
