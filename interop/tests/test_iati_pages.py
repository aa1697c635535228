from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from activities.models import Activity
from interop.tests.iati_samples import activity, document


def _upload(client, text: str, **extra):
    data = {"file": SimpleUploadedFile("partner.xml", text.encode()), "state": "draft", **extra}
    return client.post(reverse("interop:iati-upload"), data)


def test_the_secretariat_uploads_an_iati_file_and_sees_the_summary(client, personas):
    client.force_login(personas.secretariat)
    response = _upload(client, document(activity()))
    assert response.status_code == 200
    assert b"1 activities read: 1 created, 0 updated, 0 refusal(s)." in response.content
    a = Activity.objects.get()
    assert a.source_file == "partner.xml" and a.created_by == personas.secretariat


def test_the_upload_page_lists_refusals_with_the_uploaded_file_name(client, personas):
    client.force_login(personas.secretariat)
    response = _upload(client, document(activity(budget="many")))
    assert b"partner.xml:" in response.content and b"budget/value is" in response.content


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
    assert b"1 activities read: 1 created" in response.content
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
