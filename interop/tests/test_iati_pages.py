from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from activities.models import Activity
from digicoop.tasks import run_queued
from interop.tests.iati_samples import activity, document


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, text: str, **extra):
    """Upload, let the worker run the job, and return the job's page."""
    data = {"file": SimpleUploadedFile("partner.xml", text.encode()), "state": "draft", **extra}
    response = client.post(reverse("interop:iati-upload"), data)
    if response.status_code != 302:
        return response
    run_queued()
    return client.get(response["Location"])


def test_the_secretariat_uploads_an_iati_file_and_sees_the_summary(client, personas):
    client.force_login(personas.secretariat)
    response = _upload(client, document(activity()))
    assert response.status_code == 200
    counts = response.context["job"]
    assert (counts.read, counts.created, counts.updated, counts.refused) == (1, 1, 0, 0)
    a = Activity.objects.get()
    assert a.source_file == "partner.xml" and a.created_by == personas.secretariat


def test_the_job_page_lists_refusals_with_line_and_identifier(client, personas):
    client.force_login(personas.secretariat)
    response = _upload(client, document(activity(budget="many")))
    assert b"XM-TEST-1-A1" in response.content and b"budget/value is" in response.content


def test_only_the_secretariat_may_upload(client, personas):
    for user in (personas.kenyan_focal_point, personas.reviewer, personas.outsider):
        client.force_login(user)
        assert client.get(reverse("interop:iati-upload")).status_code == 403
        assert _upload(client, document(activity())).status_code == 403
    assert not Activity.objects.exists()


def test_the_public_download_holds_approved_activities_only(client, personas):
    client.force_login(personas.secretariat)
    _upload(client, document(activity(), activity("XM-TEST-1-A2")))
    Activity.objects.filter(iati_identifier="XM-TEST-1-A2").update(workflow_state="approved")
    client.logout()
    response = client.get(reverse("interop:iati-download"))
    assert response.status_code == 200
    tree = etree.fromstring(b"".join(response.streaming_content))
    assert tree.xpath("//iati-identifier/text()") == ["XM-TEST-1-A2"]


def test_the_administrator_uploads_like_the_secretariat_of_every_plan(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(admin)
    assert client.get(reverse("interop:iati-upload")).status_code == 200
    response = _upload(client, document(activity()))
    assert response.context["job"].created == 1
    assert Activity.objects.get().created_by == admin


def test_the_navigation_offers_imports_to_the_secretariat_only(client, personas):
    upload = reverse("interop:iati-upload").encode()
    assert upload not in client.get(reverse("home")).content
    client.force_login(personas.kenyan_focal_point)
    assert upload not in client.get(reverse("home")).content
    client.force_login(personas.secretariat)
    assert upload in client.get(reverse("home")).content
    page = client.get(upload.decode()).content
    assert reverse("interop:sheet-upload").encode() in page


def test_the_open_data_page_links_every_public_download_and_each_one_works(client, personas):
    import re

    page = client.get(reverse("interop:open-data"))
    assert page.status_code == 200
    links = re.findall(r'<a href="([^"]+)"', page.content.decode())
    downloads = [link.replace("&amp;", "&") for link in links if "/open-data/" in link]
    assert any(link.startswith("/open-data/iati.xml?plan=") for link in downloads)
    assert any(link.startswith("/open-data/activities.xlsx?plan=") for link in downloads)
    assert any(link.startswith("/open-data/activities-template.csv") for link in downloads)
    for link in downloads:
        assert client.get(link).status_code == 200, link
    assert reverse("interop:open-data").encode() in client.get(reverse("home")).content
