"""Imports from the web are background jobs: kept, queued, run by a worker, reported, retried."""

from __future__ import annotations

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity
from digicoop.tasks import run_queued
from interop import jobs
from interop.models import ImportJob
from interop.tests.iati_samples import activity, document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _post(client, text: str, name: str = "partner.xml", **extra):
    data = {"file": SimpleUploadedFile(name, text.encode()), **extra}
    return client.post(reverse("interop:iati-upload"), data)


def test_an_upload_returns_at_once_and_the_worker_runs_the_import(client, personas):
    client.force_login(personas.secretariat)
    response = _post(client, document(activity(), activity("XM-TEST-1-A2")))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interop:import-job", args=[job.pk])
    # The request only kept the file and queued the job: nothing imported yet.
    assert job.state == ImportJob.State.QUEUED and not Activity.objects.exists()
    assert job.file.read() == document(activity(), activity("XM-TEST-1-A2")).encode()
    status = client.get(reverse("interop:import-job-status", args=[job.pk])).json()
    assert status["state"] == "queued" and not status["finished"]

    run_queued()

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert (job.read, job.created, job.updated, job.unchanged, job.refused) == (2, 2, 0, 0, 0)
    assert job.started_at and job.finished_at and job.attempts == 1
    assert sorted(job.created_ids) == sorted(Activity.objects.values_list("pk", flat=True))
    page = client.get(response["Location"]).content.decode()
    first = Activity.objects.get(iati_identifier="XM-TEST-1-A1")
    assert reverse("activity-detail", args=[first.pk]) in page and "Done" in page
    status = client.get(reverse("interop:import-job-status", args=[job.pk])).json()
    assert status == {
        "state": "done",
        "state_label": "Done",
        "finished": True,
        "percent": 100,
        "read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "refused": 0,
    }


def test_the_import_history_lists_every_import_with_its_counts(client, personas):
    client.force_login(personas.secretariat)
    _post(client, document(activity()), name="first.xml")
    _post(client, document(activity(budget="2000")), name="second.xml")
    run_queued()
    page = client.get(reverse("interop:import-history"))
    rows = page.content.decode().split("<tbody>")[1].split("</tr>")
    assert "second.xml" in rows[0] and "first.xml" in rows[1]  # newest first
    assert "<td>1</td><td>0</td><td>1</td><td>0</td><td>0</td>" in rows[0]  # read/created/updated…
    assert "secretariat" in rows[0] and "Done" in rows[0]
    for job in ImportJob.objects.all():
        assert reverse("interop:import-job", args=[job.pk]) in page.content.decode()
    client.force_login(personas.kenyan_focal_point)
    assert client.get(reverse("interop:import-history")).status_code == 403
    job = ImportJob.objects.first()
    assert client.get(reverse("interop:import-job", args=[job.pk])).status_code == 403
    assert client.get(reverse("interop:import-job-file", args=[job.pk])).status_code == 403


def test_a_file_over_the_upload_limit_is_refused_with_a_clear_message(client, personas, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    client.force_login(personas.secretariat)
    text = document(*[activity(f"XM-TEST-1-A{i}") for i in range(5)])
    assert len(text) > 2048
    response = _post(client, text)
    assert response.status_code == 200
    assert "the largest file accepted is 2.0\xa0KB" in response.content.decode()
    assert "Nothing was imported" in response.content.decode()
    assert not ImportJob.objects.exists() and not Activity.objects.exists()


def test_a_truncated_file_is_reported_on_the_job_page_and_only_whole_activities_kept(
    client, personas
):
    client.force_login(personas.secretariat)
    whole = document(*[activity(f"XM-TEST-1-A{i}") for i in range(3)])
    cut = whole[: whole.index("XM-TEST-1-A2") + 40]  # in the middle of the third activity
    response = _post(client, cut)
    run_queued()
    job = ImportJob.objects.get()
    assert (job.state, job.created, job.refused) == (ImportJob.State.DONE, 2, 1)
    page = client.get(response["Location"]).content.decode()
    assert "truncated" in page and "partner.xml:" in page  # where it stopped
    # The two complete activities are whole; nothing of the cut one was written.
    assert sorted(Activity.objects.values_list("iati_identifier", flat=True)) == [
        "XM-TEST-1-A0",
        "XM-TEST-1-A1",
    ]
    assert all(
        a.budgets.count() == 1 and a.transactions.count() == 1 for a in Activity.objects.all()
    )


def test_a_job_whose_worker_died_is_marked_failed_with_the_reason_and_can_be_retried(
    client, personas
):
    client.force_login(personas.secretariat)
    response = _post(client, document(activity()))
    job = ImportJob.objects.get()
    # As a worker that claimed the job and was then killed: a process that no longer exists.
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.RUNNING, worker=f"{socket.gethostname()}:999999999:1"
    )
    page = client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "its worker process ended" in job.error and "its worker process ended" in page
    assert "Run it again" in page

    retried = client.post(reverse("interop:import-job-retry", args=[job.pk]))
    assert retried.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED and job.error == ""
    run_queued()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.created == 1
    assert Activity.objects.count() == 1


def test_a_running_job_with_a_live_worker_is_left_alone(personas):
    job = ImportJob.objects.create(
        kind="iati",
        plan=personas.plan,
        file_name="x.xml",
        state=ImportJob.State.RUNNING,
        worker=jobs.this_worker(),
    )
    assert jobs.reap_lost() == 0
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING


def test_only_a_failed_job_can_be_retried(client, personas):
    client.force_login(personas.secretariat)
    _post(client, document(activity()))
    run_queued()
    job = ImportJob.objects.get()
    assert client.post(reverse("interop:import-job-retry", args=[job.pk])).status_code == 409


def test_a_sheet_upload_is_a_job_too(client, personas):
    from interop.sheets import HEADERS

    client.force_login(personas.secretariat)
    row = dict.fromkeys(HEADERS, "")
    row.update(
        iati_identifier="XM-SHEET-9",
        reporting_org=personas.kenyan_ministry.name,
        title="From a sheet",
        status="1",
    )
    body = ",".join(HEADERS) + "\n" + ",".join(row[h] for h in HEADERS) + "\n"
    response = client.post(
        reverse("interop:sheet-upload"), {"file": SimpleUploadedFile("a.csv", body.encode())}
    )
    assert response.status_code == 302 and not Activity.objects.exists()
    run_queued()
    job = ImportJob.objects.get()
    assert (job.kind, job.state, job.created) == ("sheet", "done", 1)
    assert job.created_ids == [Activity.objects.get(iati_identifier="XM-SHEET-9").pk]
