"""The shared cache of public responses: a hit needs no database, a change of the public data
shows at once (approval, import, talent merge, erasure), and nothing of a user is ever kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import workflow
from digicoop.testing import make_activity
from lib import public_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 300


def _api_count(client, query: str = "") -> int:
    return client.get(f"/api/v1/activities/{query}").json()["count"]


def test_a_second_anonymous_read_is_answered_from_the_cache_without_the_database(client, personas):
    first = client.get("/countries/KE/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/countries/KE/")
    assert len(queries) == 0
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "no-cache"  # browsers revalidate: never stale


def test_a_reader_holding_the_current_version_gets_304_and_a_changed_one_gets_the_page(
    client, personas
):
    etag = client.get("/").headers["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_activity(personas, state="approved", actual_start=dt.date(2025, 1, 1))
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_an_approval_shows_at_once_on_a_cached_page_and_in_the_cached_api(client, personas):
    activity = make_activity(personas, state="submitted", actual_start=dt.date(2025, 1, 1))
    activity.recipient_countries.create(country_id="KE", percentage=100)
    api_before, page_before = _api_count(client), client.get("/countries/KE/").content
    assert _api_count(client) == api_before  # served from the cache
    workflow.approve(activity, personas.secretariat, version=activity.version)
    assert _api_count(client) == api_before + 1
    assert client.get("/countries/KE/").content != page_before
    assert activity.iati_identifier in client.get("/countries/KE/").content.decode()


def test_an_iati_import_shows_at_once_in_the_cached_list(client, personas, tmp_path):
    from interop.iati_import import import_iati_files
    from interop.tests.iati_samples import activity, document, write

    before = _api_count(client, "?q=XM-CACHE")
    assert before == 0
    path = write(tmp_path, document(activity("XM-CACHE-1"), activity("XM-CACHE-2")))
    import_iati_files([path], plan=personas.plan, state="approved")
    assert _api_count(client, "?q=XM-CACHE") == 2


def test_a_talent_merge_and_an_erasure_drop_the_cached_talent_figures(client, personas):
    from talent.identity import merge
    from talent.rights import erase
    from talent.tests.helpers import enrol_row, make_programme

    programme = make_programme(personas.plan, personas.kenyan_ministry)
    one = enrol_row(programme, personas.kenyan_ministry, email="a@example.org", name="A B")
    two = enrol_row(
        programme, personas.kenyan_ministry, email="c@example.org", name="C D", birth_year=1990
    )
    counts = "/api/v1/talent/counts"
    before = client.get(counts).json()
    assert client.get(counts).json() == before  # from the cache
    merge(two.person, one.person, personas.secretariat)
    after_merge = client.get(counts).json()
    assert after_merge != before  # one person fewer, at once
    etag = client.get("/talent/").headers["ETag"]
    erase(one.person, personas.secretariat)
    # Erasure changes no figure (the anonymous enrolments are kept, by design), but whatever
    # was cached from before is recomputed from the erased records, not served.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/talent/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert len(queries) > 0
    assert client.get(counts).json() == after_merge


def test_a_signed_in_page_is_never_kept_nor_served_from_the_cache(client, personas):
    anonymous = client.get("/activities/").content.decode()
    client.force_login(personas.secretariat)
    mine = client.get("/activities/")
    assert personas.secretariat.username in mine.content.decode()
    assert "ETag" not in mine
    client.logout()
    assert client.get("/activities/").content.decode() == anonymous
    assert personas.secretariat.username not in anonymous


def test_an_api_token_call_bypasses_the_cache(client, personas):
    from accounts.tokens import create_token

    token = create_token(personas.secretariat, "bench")[1]
    public = client.get("/api/v1/activities/")
    private = client.get("/api/v1/activities/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert private.status_code == 200
    assert "ETag" in public and "ETag" not in private


def test_a_response_that_sets_a_cookie_is_not_kept(rf, client, personas):
    from django.http import HttpResponse

    request = rf.get("/")
    response = HttpResponse("x")
    response.set_cookie("csrftoken", "secret")
    assert not public_cache.PublicResponseCache._storable(request, response)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not public_cache.PublicResponseCache._storable(request, HttpResponse("x"))


def test_a_visitor_page_carries_no_csrf_token_and_sets_no_cookie(client, plan):
    response = client.get("/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert "ETag" in response


def test_each_language_is_cached_apart(client, plan):
    english = client.get("/").content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get("/").content.decode()
    assert 'lang="fr"' in french and 'lang="en"' in english


def test_a_figure_is_computed_once_per_generation(personas):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert public_cache.remember("demo", (1,), compute) == 1
    assert public_cache.remember("demo", (1,), compute) == 1
    make_activity(personas)
    assert public_cache.remember("demo", (1,), compute) == 2


def test_writes_to_sessions_and_sign_in_records_keep_the_cache(personas):
    from django.contrib.sessions.backends.db import SessionStore

    public_cache.remember("figure", (), lambda: 1)
    token = public_cache.generation()[0]
    SessionStore().create()
    assert public_cache.generation()[0] == token
    make_activity(personas)
    assert public_cache.generation()[0] != token


def test_a_write_whose_table_cannot_be_named_still_bumps():
    assert public_cache._table_is_public("VACUUM")
    assert not public_cache._table_is_public('SELECT * FROM "activities_activity"')
    assert not public_cache._table_is_public('UPDATE "django_session" SET x = 1')
    assert public_cache._table_is_public('INSERT OR IGNORE INTO "talent_person" VALUES (1)')


def test_the_commit_bumps_again_so_what_others_cached_mid_transaction_is_dropped(
    transactional_db, personas
):
    from django.db import transaction

    with transaction.atomic():
        make_activity(personas)
        # Another process reading now sees the old rows under this token and may cache them.
        during = public_cache.generation()[0]
    assert public_cache.generation()[0] != during


def test_a_write_on_a_connection_outside_the_named_ones_bumps_without_failing():
    # Django opens such connections itself: the one that creates a PostgreSQL test database
    # has the alias "__no_db__", which `connections` does not know.
    unnamed = connection.copy(alias="__not_in_connections__")
    token = public_cache.generation()[0]
    try:
        with unnamed.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE scratch_public_cache (a integer)")
    finally:
        unnamed.close()
    assert public_cache.generation()[0] != token


def test_a_repeated_malformed_filter_is_refused_from_the_cache_with_its_status_and_message(
    client, personas
):
    first = client.get("/activities/?status=banana")
    assert first.status_code == 400
    message = "Select a valid choice. banana is not one of the available choices."
    assert message in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/activities/?status=banana")
    assert len(queries) == 0
    assert second.status_code == 400
    assert second.content == first.content
    assert second["Cache-Control"] == "no-cache"
    # A precondition applies to a successful answer only (RFC 9110 13.2.1): no validators.
    assert "ETag" not in second and "Last-Modified" not in second


def test_a_kept_refusal_is_rendered_again_after_a_write(client, personas):
    activity = make_activity(personas, state="submitted", actual_start=dt.date(2025, 1, 1))
    client.get("/activities/?status=banana")
    assert client.get(f"/activities/{activity.pk}/").status_code == 404  # not public yet
    with CaptureQueriesContext(connection) as queries:
        client.get("/activities/?status=banana")
        assert client.get(f"/activities/{activity.pk}/").status_code == 404
    assert len(queries) == 0  # both kept
    workflow.approve(activity, personas.secretariat, version=activity.version)
    with CaptureQueriesContext(connection) as queries:
        refused = client.get("/activities/?status=banana")
    assert len(queries) > 0
    assert refused.status_code == 400
    assert client.get(f"/activities/{activity.pk}/").status_code == 200


def test_a_repeated_unknown_record_is_not_found_from_the_cache(client, personas):
    assert client.get("/countries/ZZ/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/countries/ZZ/")
    assert len(queries) == 0
    assert again.status_code == 404


def test_an_unknown_api_record_is_not_found_from_the_cache_in_the_error_shape(client, personas):
    first = client.get("/api/v1/activities/99999999")
    assert first.status_code == 404
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/activities/99999999")
    assert len(queries) == 0
    assert second.status_code == 404
    assert second.json() == first.json()


def test_a_server_error_is_never_kept():
    from django.http import HttpResponseServerError
    from django.test import RequestFactory

    rendered = []

    def failing_view(request):
        rendered.append(request)
        return HttpResponseServerError("broken")

    middleware = public_cache.PublicResponseCache(failing_view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/activities/?status=banana"))
        assert response.status_code == 500
        assert "ETag" not in response
    assert len(rendered) == 2


def test_a_refusal_for_a_signed_in_user_is_not_kept(client, personas):
    client.force_login(personas.secretariat)
    assert client.get("/activities/?status=banana").status_code == 400
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/activities/?status=banana").status_code == 400
    assert len(queries) > 0


def test_every_hostile_request_of_the_load_bench_is_answered_again_without_the_database(
    client, personas
):
    from bench.load import HOSTILE

    for path in HOSTILE:
        first = client.get(path)
        assert first.status_code < 500, path
        with CaptureQueriesContext(connection) as queries:
            again = client.get(path)
        assert (again.status_code, len(queries)) == (first.status_code, 0), path
