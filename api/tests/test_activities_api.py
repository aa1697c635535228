from __future__ import annotations

import pytest
from django.test import override_settings

from accounts.models import ApiToken
from accounts.tokens import create_token, revoke_token
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

URL = "/api/v1/activities/"


@pytest.fixture
def as_kenyan(client, personas):
    _t, clear = create_token(personas.kenyan_focal_point, "tests")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {clear}"
    return client


def new_activity(p, **extra) -> dict:
    return {
        "plan": p.plan.slug,
        "reporting_org": p.kenyan_ministry.pk,
        "iati_identifier": "XM-KE-API-1",
        "title": {"en": "Smart farming pilot"},
        "kind": "demonstration",
        "recipient_countries": [{"country": "KE"}],
        "budgets": [
            {
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "value": "5000.00",
                "currency": "USD",
                "value_date": "2025-01-01",
            }
        ],
        **extra,
    }


def test_a_focal_point_creates_edits_and_submits_through_the_api(as_kenyan, personas):
    created = as_kenyan.post(URL, new_activity(personas), "application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["workflow_state"] == "draft" and body["version"] == 1
    assert body["budgets"][0]["value"] == "5000.00"
    url = f"{URL}{body['id']}"
    patched = as_kenyan.patch(
        url, {"version": 1, "title": {"en": "Smart farming"}}, "application/json"
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert patched.json()["budgets"] == body["budgets"]  # untouched lists stay as they were
    submitted = as_kenyan.post(f"{url}/submit", {"version": 2}, "application/json")
    assert submitted.json()["workflow_state"] == "submitted"


def test_invalid_payloads_get_field_level_errors_in_one_shape(as_kenyan, personas):
    bad = new_activity(
        personas,
        recipient_countries=[
            {"country": "KE", "percentage": 50},
            {"country": "UG", "percentage": 20},
        ],
        kind="nonsense",
    )
    response = as_kenyan.post(URL, bad, "application/json")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"recipient_countries", "kind"}

    response = as_kenyan.post(URL, {"plan": 3, "title": "x"}, "application/json")
    body = response.json()
    assert response.status_code == 422 and body["detail"]
    assert {"title", "reporting_org", "iati_identifier"} <= {e["field"] for e in body["errors"]}

    response = as_kenyan.post(URL, b"{not json", "application/json")
    assert response.status_code in (400, 422) and "detail" in response.json()


def test_a_stale_update_returns_409_with_the_current_version_and_changes_nothing(
    as_kenyan, personas
):
    a = make_activity(personas, title="Original")
    url = f"{URL}{a.pk}"
    first = as_kenyan.patch(url, {"version": 1, "title": {"en": "Mine"}}, "application/json")
    assert first.status_code == 200
    second = as_kenyan.patch(url, {"version": 1, "title": {"en": "Theirs"}}, "application/json")
    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    a.refresh_from_db()
    assert a.title == {"en": "Mine"} and a.version == 2


def test_a_wrong_workflow_move_is_a_conflict(as_kenyan, personas):
    a = make_activity(personas, state="submitted")
    response = as_kenyan.patch(
        f"{URL}{a.pk}", {"version": 1, "title": {"en": "x"}}, "application/json"
    )
    assert response.status_code == 403
    a2 = make_activity(personas, state="approved")
    client = as_kenyan
    _t, clear = create_token(personas.secretariat, "s")
    response = client.post(
        f"{URL}{a2.pk}/submit", {}, "application/json", HTTP_AUTHORIZATION=f"Bearer {clear}"
    )
    assert response.status_code == 409 and "approved" in response.json()["detail"]


def test_anonymous_readers_see_approved_records_only(client, personas):
    draft = make_activity(personas, title="Secret draft")
    public = make_activity(personas, state="approved", title="Public one")
    assert client.get(f"{URL}{draft.pk}").status_code == 404
    assert client.get(f"{URL}{public.pk}").status_code == 200
    listed = client.get(URL).json()
    assert [i["id"] for i in listed["items"]] == [public.pk] and listed["count"] == 1


def test_the_list_filters_and_paginates(client, personas):
    p = personas
    for i in range(3):
        make_activity(p, state="approved", title=f"Fibre backbone {i}", kind="backbone")
    make_activity(p, state="approved", title="Coding club", organisation=p.chinese_company)
    assert client.get(URL, {"pillar": "infrastructure"}).json()["count"] == 3
    assert client.get(URL, {"kind": "training"}).json()["count"] == 1
    assert client.get(URL, {"organisation": p.chinese_company.pk}).json()["count"] == 1
    assert client.get(URL, {"q": "coding"}).json()["count"] == 1
    page = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert client.get(URL, {"page_size": 1000}).status_code == 422


def test_the_viewer_reads_its_organisations_drafts_in_the_list(client, personas):
    make_activity(personas, title="Kenyan draft")
    make_activity(personas, personas.chinese_company, title="Chinese draft")
    client.force_login(personas.kenyan_viewer)
    titles = [i["title"]["en"] for i in client.get(URL).json()["items"]]
    assert titles == ["Kenyan draft"]


def test_results_are_replaced_and_read_back(as_kenyan, personas):
    a = make_activity(personas)
    tree = [
        {
            "title": {"en": "Skills"},
            "indicators": [
                {
                    "title": {"en": "People trained"},
                    "standard_indicator": "people-trained",
                    "periods": [
                        {
                            "period_start": "2025-01-01",
                            "period_end": "2025-12-31",
                            "target_value": "50",
                            "actual_value": "42",
                            "disaggregations": [
                                {"dimension": "sex", "category": "female", "actual_value": "20"}
                            ],
                        }
                    ],
                }
            ],
        }
    ]
    url = f"{URL}{a.pk}/results"
    response = as_kenyan.put(url, {"version": 1, "results": tree}, "application/json")
    assert response.status_code == 200, response.content
    got = as_kenyan.get(url).json()
    assert got[0]["indicators"][0]["unit"] == "people"
    assert got[0]["indicators"][0]["periods"][0]["disaggregations"][0]["category"] == "female"
    tree[0]["indicators"][0]["periods"][0]["disaggregations"][0]["category"] = "robot"
    response = as_kenyan.put(url, {"version": 2, "results": tree}, "application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == (
        "results[0].indicators[0].periods[0].disaggregations[0].category"
    )


@override_settings(DOCUMENT_MAX_BYTES=2048)
def test_uploaded_documents_are_size_limited_and_type_checked(as_kenyan, personas, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = make_activity(personas)
    url = f"{URL}{a.pk}/documents"
    with override_settings(MEDIA_ROOT=tmp_path):
        pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"x" * 100, "application/pdf")
        ok = as_kenyan.post(url, {"version": 1, "title": "Report", "file": pdf})
        assert ok.status_code == 201, ok.content
        assert ok.json()["documents"][0]["format"] == "application/pdf"
        fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary", "application/pdf")
        refused = as_kenyan.post(url, {"version": 2, "file": fake})
        assert refused.status_code == 422
        assert "does not look like a .pdf" in refused.json()["errors"][0]["message"]
        big = SimpleUploadedFile("big.csv", b"a,b\n" * 1000, "text/csv")
        refused = as_kenyan.post(url, {"version": 2, "file": big})
        assert "largest accepted" in refused.json()["errors"][0]["message"]
    assert a.documents.count() == 1


def test_history_is_readable_through_the_api(as_kenyan, personas):
    a = make_activity(personas)
    as_kenyan.patch(f"{URL}{a.pk}", {"version": 1, "title": {"en": "New"}}, "application/json")
    history = as_kenyan.get(f"{URL}{a.pk}/history").json()
    assert history[0]["user"] == "kenyan_focal_point"
    assert history[0]["changes"] == [
        {"field": "title", "before": {"en": "Digital skills bootcamp"}, "after": {"en": "New"}}
    ]


def test_tokens_are_stored_hashed_and_stop_working_when_revoked(client, personas):
    token, clear = create_token(personas.kenyan_focal_point, "ci")
    stored = ApiToken.objects.get(pk=token.pk)
    assert clear not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
    assert client.get("/api/v1/tokens/", **headers).status_code == 200
    assert revoke_token(personas.kenyan_focal_point, token.pk)
    assert client.get("/api/v1/tokens/", **headers).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_users_create_and_revoke_their_tokens_through_the_api(client, personas):
    client.force_login(personas.kenyan_focal_point)
    made = client.post("/api/v1/tokens/", {"name": "laptop"}, "application/json")
    assert made.status_code == 201
    clear = made.json()["token"]
    listed = client.get("/api/v1/tokens/").json()
    assert "token" not in listed[0] and listed[0]["name"] == "laptop"
    client.logout()
    assert client.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200
    client.force_login(personas.chinese_focal_point)
    assert client.delete(f"/api/v1/tokens/{listed[0]['id']}").status_code == 404
    client.force_login(personas.kenyan_focal_point)
    assert client.delete(f"/api/v1/tokens/{listed[0]['id']}").status_code == 204


def test_session_writes_need_the_csrf_token(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.kenyan_focal_point)
    response = client.post(URL, new_activity(personas), "application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


@pytest.mark.parametrize("state", ["draft", "returned", "approved"])
def test_a_focal_point_cannot_edit_another_organisations_record(client, personas, state):
    a = make_activity(personas, state=state)
    _t, clear = create_token(personas.chinese_focal_point, "t")
    response = client.patch(
        f"{URL}{a.pk}",
        {"version": 1, "title": {"en": "Hijacked"}},
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    # A record it may not even read is "not found"; a public one is "forbidden".
    assert response.status_code == (403 if state == "approved" else 404)
    a.refresh_from_db()
    assert a.title == {"en": "Digital skills bootcamp"} and a.version == 1


def test_rows_sent_back_with_their_ids_are_kept_not_replaced(as_kenyan, personas):
    body = new_activity(
        personas,
        recipient_countries=[
            {"country": "KE", "percentage": 60},
            {"country": "TZ", "percentage": 40},
        ],
        recipient_regions=[{"code": "298", "percentage": 100}],
        iati_sectors=[{"code": "22040", "percentage": 100}],
        participating_orgs=[{"organisation": personas.kenyan_ministry.pk, "role": 1}],
    )
    created = as_kenyan.post(URL, body, "application/json").json()
    lists = ["recipient_countries", "recipient_regions", "iati_sectors", "participating_orgs"]
    patched = as_kenyan.patch(
        f"{URL}{created['id']}",
        {"version": 1, **{name: created[name] for name in lists}},
        "application/json",
    )
    assert patched.status_code == 200, patched.content
    for name in lists:
        assert [row["id"] for row in patched.json()[name]] == [row["id"] for row in created[name]]
    # Nothing changed, so nothing was written: same version, no history entry beyond creation.
    assert patched.json()["version"] == 1
    history = as_kenyan.get(f"{URL}{created['id']}/history").json()
    assert [entry["action"] for entry in history] == ["created"]
