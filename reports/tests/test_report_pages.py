from __future__ import annotations

import pytest
from django.urls import reverse

from digicoop.tasks import run_queued
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def ask(client, **fields):
    data = {"plan": "china-africa-digital-2024", "language": "en", "format": "html", **fields}
    return client.post(reverse("reports:request"), data)


def test_the_secretariat_sees_the_report_button_on_the_plan_pillar_and_country_pages(
    client, personas
):
    client.force_login(personas.secretariat)
    for url in ("/", "/pillars/capability/", "/countries/KE/"):
        assert b'id="report-button"' in client.get(url).content, url


def test_visitors_and_focal_points_see_no_report_button(client, personas):
    assert b'id="report-button"' not in client.get("/countries/KE/").content
    client.force_login(personas.kenyan_focal_point)
    assert b'id="report-button"' not in client.get("/countries/KE/").content


def test_a_focal_point_may_not_ask_for_a_report(client, personas, media):
    client.force_login(personas.kenyan_focal_point)
    assert ask(client, country="KE").status_code == 403
    assert not Report.objects.exists()


def test_a_report_asked_for_is_queued_made_by_the_worker_and_served_from_its_page(
    client, personas, media
):
    client.force_login(personas.reviewer)
    response = ask(client, pillar="capability", language="fr")
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert (report.state, report.pillar.code, report.language) == ("queued", "capability", "fr")
    page = client.get(response["Location"])
    assert b'http-equiv="refresh"' in page.content  # reloads until ready
    assert client.get(reverse("reports:file", args=[report.pk])).status_code == 404
    run_queued()
    report.refresh_from_db()
    assert report.state == "done" and report.size > 0
    assert (media / report.file.name).is_file()
    page = client.get(response["Location"])
    assert b'id="report-link"' in page.content and b'http-equiv="refresh"' not in page.content
    client.logout()  # reports hold public data only: anyone may read them
    served = client.get(reverse("reports:file", args=[report.pk]))
    body = b"".join(served.streaming_content)
    assert served["Content-Type"].startswith("text/html")
    assert served["Content-Disposition"].startswith("attachment")
    assert b'<html lang="fr" dir="ltr">' in body


def test_the_list_of_reports_shows_each_with_its_filters_and_language(client, personas, media):
    client.force_login(personas.secretariat)
    ask(client, country="KE", language="ar")
    ask(client, language="pt")
    client.logout()
    page = client.get(reverse("reports:list")).content.decode()
    assert page.count("data-report=") == 2
    assert "Kenya" in page and "العربية" in page and "Português" in page


def test_a_bad_filter_is_refused_with_its_reason_and_queues_nothing(client, personas, media):
    client.force_login(personas.secretariat)
    response = ask(client, country="XX")
    assert response.status_code == 400
    assert "ISO 3166-1" in response.content.decode()
    refused = client.post(
        reverse("reports:request"),
        {"plan": "china-africa-digital-2024", "language": "fr", "format": "docx"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert refused.status_code == 400
    assert "Le format doit être l&#x27;un de pdf, html, pas &#x27;docx&#x27;." in (
        refused.content.decode()
    )
    assert not Report.objects.exists()


def test_a_failed_report_keeps_its_reason(client, personas, media, monkeypatch):
    from reports import jobs

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(jobs, "report_bytes", broken)
    client.force_login(personas.secretariat)
    ask(client)
    run_queued()
    report = Report.objects.get()
    assert report.state == "failed" and "the disk is full" in report.error
    assert "the disk is full" in client.get(f"/reports/{report.pk}/").content.decode()
