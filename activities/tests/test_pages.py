from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from activities.models import Activity
from activities.tests.pages import form_data
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

BUDGET = {
    "budgets-0-period_start": "2025-01-01",
    "budgets-0-period_end": "2025-12-31",
    "budgets-0-value": "1000",
    "budgets-0-currency": "USD",
    "budgets-0-value_date": "2025-01-01",
}


def new_activity_data(p, **extra) -> dict:
    return form_data(
        p.plan,
        **{
            "a-iati_identifier": "XM-KE-PAGE-1",
            "a-title_en": "Fibre for county hospitals",
            "a-title_fr": "Fibre pour les hôpitaux",
            "a-kind": "backbone",
            "a-reporting_org": p.kenyan_ministry.pk,
            "a-status": "1",
            "a-sectors": ["healthcare"],
            "a-technologies": ["backbone"],
            "recipient_countries-0-country": "KE",
            "participating_orgs-0-organisation": p.chinese_company.pk,
            "participating_orgs-0-role": "4",
            "locations-0-name_en": "Kisumu",
            "locations-0-latitude": "-0.1",
            "locations-0-longitude": "34.75",
            "documents-0-url": "https://example.org/plan.pdf",
            "documents-0-title_en": "Plan",
            **BUDGET,
            **extra,
        },
    )


def test_a_focal_point_records_an_activity_with_every_kind_of_row(client, personas):
    client.force_login(personas.kenyan_focal_point)
    assert client.get("/activities/new/").status_code == 200
    response = client.post("/activities/new/", new_activity_data(personas))
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Activity.objects.get(iati_identifier="XM-KE-PAGE-1")
    assert a.title == {"en": "Fibre for county hospitals", "fr": "Fibre pour les hôpitaux"}
    assert [str(b.value) for b in a.budgets.all()] == ["1000.00"]
    assert a.recipient_countries.get().country_id == "KE"
    assert a.participating_orgs.get().organisation == personas.chinese_company
    assert a.locations.count() == 1 and a.documents.count() == 1
    assert list(a.pillars.values_list("code", flat=True)) == ["infrastructure"]
    page = client.get(f"/activities/{a.pk}/").content.decode()
    assert "Fibre for county hospitals" in page and "1,000\N{NO-BREAK SPACE}USD" in page


def test_bad_rows_are_reported_next_to_their_fields(client, personas):
    client.force_login(personas.kenyan_focal_point)
    data = new_activity_data(
        personas,
        **{
            "recipient_countries-0-percentage": "70",
            "budgets-0-period_end": "2024-01-01",
        },
    )
    response = client.post("/activities/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "add up to 70" in page
    assert "The budget period cannot end before it starts." in page
    assert not Activity.objects.exists()


def test_the_second_of_two_editors_gets_a_conflict_and_nothing_changes(client, personas):
    client.force_login(personas.kenyan_focal_point)
    a = make_activity(personas, title="Original")
    first = form_data(personas.plan, a, **{"a-title_en": "First editor"})
    second = form_data(personas.plan, a, **{"a-title_en": "Second editor"})
    assert client.post(f"/activities/{a.pk}/edit/", first).status_code == 302
    response = client.post(f"/activities/{a.pk}/edit/", second)
    assert response.status_code == 409
    assert "Someone else saved this activity" in response.content.decode()
    a.refresh_from_db()
    assert a.title == {"en": "First editor"} and a.version == 2


def test_the_history_page_shows_the_before_and_after_of_a_budget_value(client, personas):
    client.force_login(personas.kenyan_focal_point)
    client.post("/activities/new/", new_activity_data(personas))
    a = Activity.objects.get()
    data = form_data(personas.plan, a, **{"budgets-0-value": "1250.50"})
    assert client.post(f"/activities/{a.pk}/edit/", data).status_code == 302
    page = client.get(f"/activities/{a.pk}/history/").content.decode()
    row = page.split("<caption>Budget, row 1</caption>")[1].split("</table>")[0]
    row = row.split('<th scope="row">Value</th>')[1].split("</tr>")[0]
    assert '<td class="before">1,000\N{NO-BREAK SPACE}USD</td>' in row
    assert '<td class="after">1,250.50\N{NO-BREAK SPACE}USD</td>' in row
    assert "kenyan_focal_point" in page


def test_anonymous_visitors_see_approved_records_only(client, personas):
    draft = make_activity(personas, title="Draft plan")
    public = make_activity(personas, state="approved", title="Approved plan")
    listing = client.get("/activities/").content.decode()
    assert "Approved plan" in listing and "Draft plan" not in listing
    assert client.get(f"/activities/{draft.pk}/").status_code == 404
    assert client.get(f"/activities/{draft.pk}/history/").status_code == 404
    assert client.get(f"/activities/{public.pk}/").status_code == 200


def test_the_list_filters_by_kind_and_text(client, personas):
    make_activity(personas, state="approved", title="Backbone Kisumu", kind="backbone")
    make_activity(personas, state="approved", title="Coding bootcamp")
    page = client.get("/activities/", {"kind": "backbone"}).content.decode()
    assert "Backbone Kisumu" in page and "Coding bootcamp" not in page
    page = client.get("/activities/", {"q": "bootcamp"}).content.decode()
    assert "Coding bootcamp" in page and "Backbone Kisumu" not in page
    refused = client.get("/activities/", {"year": "not a year"})
    assert refused.status_code == 400  # said, not silently ignored
    assert "These filters cannot be used" in refused.content.decode()


def test_a_result_with_disaggregated_periods_is_added_on_the_results_page(client, personas):
    client.force_login(personas.kenyan_focal_point)
    a = make_activity(personas)
    data = {
        "version": 1,
        "type": 1,
        "title": "Skills",
        "indicator": "People trained",
        "standard_indicator": "people-trained",
        "p1_start": "2025-01-01",
        "p1_end": "2025-12-31",
        "p1_target": "50",
        "p1_actual": "42",
        "p1_female": "20",
        "p1_male": "22",
        "p1_youth": "30",
        "p1_country": "ke",
        "p1_country_actual": "42",
    }
    response = client.post(f"/activities/{a.pk}/results/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    period = a.results.get().indicators.get().periods.get()
    cells = {(d.dimension, d.category): d.actual_value for d in period.disaggregations.all()}
    assert cells[("sex", "female")] == 20 and cells[("country", "KE")] == 42
    page = client.get(f"/activities/{a.pk}/results/").content.decode()
    assert "sex=female: 20" in page
    stale = client.post(f"/activities/{a.pk}/results/", data)
    assert stale.status_code == 409


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_uploads_are_type_checked_and_served_only_to_readers(client, personas, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.kenyan_focal_point)
    a = make_activity(personas)
    data = form_data(personas.plan, a, **{"documents-0-title_en": "Fake"})
    data["documents-0-file"] = SimpleUploadedFile("fake.png", b"not an image at all \x00\x01")
    response = client.post(f"/activities/{a.pk}/edit/", data)
    assert response.status_code == 400
    assert "does not look like a .png file" in response.content.decode()
    data = form_data(personas.plan, a, **{"documents-0-title_en": "Figures"})
    data["documents-0-file"] = SimpleUploadedFile("figures.csv", b"country,people\nKE,42\n")
    assert client.post(f"/activities/{a.pk}/edit/", data).status_code == 302
    doc = a.documents.get()
    assert doc.format == "text/csv"
    url = f"/activities/{a.pk}/documents/{doc.pk}/"
    assert b"KE,42" in b"".join(client.get(url).streaming_content)
    client.logout()
    assert client.get(url).status_code == 404


def test_a_focal_point_of_an_organisation_not_yet_approved_is_told_why_it_cannot_report(
    client, personas
):
    from participants.models import Membership, MembershipStatus

    Membership.objects.filter(organisation=personas.kenyan_ministry).update(
        status=MembershipStatus.APPLIED
    )
    client.force_login(personas.kenyan_focal_point)
    assert "/activities/new/" not in client.get("/activities/").content.decode()
    response = client.get("/activities/new/")
    assert response.status_code == 403
    assert "membership of this plan is not approved yet" in response.content.decode()
    Membership.objects.filter(organisation=personas.kenyan_ministry).update(
        status=MembershipStatus.APPROVED
    )
    assert "/activities/new/" in client.get("/activities/").content.decode()
