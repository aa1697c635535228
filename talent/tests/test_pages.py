from __future__ import annotations

import pytest
from django.urls import reverse

from talent.certificates import issue_certificate
from talent.models import Enrolment, Person
from talent.tests.helpers import enrol_row, make_programme, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(personas):
    return make_programme(personas.plan, personas.kenyan_ministry)


def test_the_public_dashboard_shows_suppressed_figures_and_no_names(client, programme, personas):
    enrol_row(programme, personas.kenyan_ministry, name="Neema Achieng", email="n@example.org")
    response = client.get(reverse("talent:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-talents="1"' in html and "&lt;5" in html
    assert "Neema" not in html


def test_the_secretariat_view_is_for_the_secretariat_and_reviewers(client, personas):
    url = reverse("talent:secretariat")
    client.force_login(personas.kenyan_trainer)
    assert client.get(url).status_code == 403
    client.force_login(personas.reviewer)
    assert client.get(url).status_code == 200


def test_a_trainer_enrols_one_trainee_on_the_page(client, programme, personas):
    client.force_login(personas.kenyan_trainer)
    values = row(email="kamau@example.org", name="Kamau Njoroge")
    response = client.post(reverse("talent:enrol", args=[programme.pk]), values)
    assert response.status_code == 302
    assert Enrolment.objects.filter(programme=programme).count() == 1
    page = client.get(reverse("talent:programme", args=[programme.pk])).content.decode()
    assert "Kamau Njoroge" in page


def test_the_enrol_page_shows_each_bad_field_and_writes_nothing(client, programme, personas):
    client.force_login(personas.kenyan_trainer)
    response = client.post(
        reverse("talent:enrol", args=[programme.pk]), row(birth_year="2022", country="Mordor")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "3 years old" in html and "unknown country" in html
    assert Person.objects.count() == 0


def test_a_focal_point_of_another_organisation_may_not_enrol_nor_see_names(
    client, programme, personas
):
    enrol_row(programme, personas.kenyan_ministry, name="Neema Achieng", email="n@example.org")
    client.force_login(personas.chinese_focal_point)
    assert client.get(reverse("talent:enrol", args=[programme.pk])).status_code == 403
    assert (
        "Neema" not in client.get(reverse("talent:programme", args=[programme.pk])).content.decode()
    )
    client.force_login(personas.reviewer)
    html = client.get(reverse("talent:programme", args=[programme.pk])).content.decode()
    assert "Neema" not in html and "Trainee " in html


def test_a_certificate_is_issued_printed_and_verified_publicly(client, programme, personas):
    enrolment = enrol_row(programme, personas.kenyan_ministry, name="Neema Achieng Otieno")
    client.force_login(personas.kenyan_trainer)
    response = client.post(reverse("talent:certificate", args=[enrolment.pk]))
    code = enrolment.certificate.code if hasattr(enrolment, "certificate") else None
    enrolment.refresh_from_db()
    code = enrolment.certificate.code
    assert response.url == reverse("talent:certificate-pdf", args=[code])
    pdf = client.get(response.url)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.logout()
    page = client.get(f"/verify/{code}").content.decode()
    assert "N.A.O." in page and str(programme) in page
    assert "Neema" not in page
    assert client.get("/verify/not-a-code").status_code == 404


def test_only_completed_enrolments_earn_a_certificate(programme, personas):
    from talent.certificates import NotCompleted

    enrolment = enrol_row(programme, personas.kenyan_ministry, status="attended", completed_on="")
    with pytest.raises(NotCompleted):
        issue_certificate(enrolment)


def test_the_template_downloads_as_xlsx_and_csv(client):
    assert client.get(reverse("talent:template", args=["xlsx"])).content[:2] == b"PK"
    assert client.get(reverse("talent:template", args=["csv"])).content.startswith(
        "\ufeffname,email".encode()
    )  # BOM: Excel reads it as UTF-8
    assert client.get(reverse("talent:template", args=["pdf"])).status_code == 404


def test_a_reviewer_merges_a_possible_duplicate_and_unmerges_it(client, personas):
    first = make_programme(personas.plan, personas.kenyan_ministry)
    second = make_programme(personas.plan, personas.chinese_company)
    a = enrol_row(first, personas.kenyan_ministry, email="a1@example.org").person
    b = enrol_row(second, personas.chinese_company, email="a2@example.org").person
    client.force_login(personas.reviewer)
    page = client.get(reverse("talent:duplicates")).content.decode()
    assert str(b.ref) in page and "Amina" not in page
    client.post(reverse("talent:person-merge", args=[b.ref]), {"into": a.ref})
    b.refresh_from_db()
    assert b.merged_into == a
    client.post(reverse("talent:person-unmerge", args=[b.ref]))
    b.refresh_from_db()
    assert b.merged_into is None
    history = client.get(reverse("talent:person", args=[b.ref])).content.decode()
    assert "Merged by a reviewer" in history and "Unmerged by a reviewer" in history


def test_the_admin_list_of_persons_shows_no_personal_fields(admin_client, programme, personas):
    enrol_row(programme, personas.kenyan_ministry, name="Neema Achieng", email="n@example.org")
    html = admin_client.get("/admin/talent/person/").content.decode()
    person = Person.objects.get()
    assert str(person) in html and "Neema" not in html and "n@example.org" not in html
    detail = admin_client.get(f"/admin/talent/person/{person.pk}/change/").content.decode()
    assert "Neema" not in detail
