"""Notifications: the right people are told, in their language, from a job, unless they said no."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from activities import workflow
from activities.codes import WorkflowState
from digicoop.tasks import run_queued
from digicoop.testing import make_activity
from interop import jobs
from workspace.models import MutedKind, Notification, NotificationKind

pytestmark = pytest.mark.django_db


def _sent_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_submission_tells_the_plans_reviewers_by_mail_and_on_the_site(personas):
    activity = make_activity(personas)
    workflow.submit(activity, personas.kenyan_focal_point)
    assert not mail.outbox  # nothing sent inside the move
    run_queued()
    (message,) = _sent_to(personas.reviewer)
    assert "Digital skills bootcamp" in message.subject
    assert f"/activities/{activity.pk}/" in message.body
    notice = Notification.objects.get(user=personas.reviewer)
    assert notice.kind == NotificationKind.SUBMITTED
    assert notice.link == f"/activities/{activity.pk}/"
    # Nobody else: not the submitter, not the other organisation's people.
    assert {m.to[0] for m in mail.outbox} == {personas.reviewer.email}


def test_a_return_tells_the_focal_point_with_the_reviewers_comment(personas):
    activity = make_activity(personas, state=WorkflowState.SUBMITTED)
    workflow.return_for_correction(
        activity, personas.reviewer, comment="The budget of 2025 is missing."
    )
    run_queued()
    (message,) = _sent_to(personas.kenyan_focal_point)
    assert "The budget of 2025 is missing." in message.body
    assert Notification.objects.get(user=personas.kenyan_focal_point).kind == "returned"
    assert not _sent_to(personas.reviewer) and not _sent_to(personas.chinese_focal_point)


def test_an_approval_tells_the_focal_point_and_the_author(personas):
    activity = make_activity(
        personas, state=WorkflowState.SUBMITTED, created_by=personas.kenyan_trainer
    )
    workflow.approve(activity, personas.reviewer)
    run_queued()
    assert _sent_to(personas.kenyan_focal_point) and _sent_to(personas.kenyan_trainer)
    assert Notification.objects.filter(kind="approved").count() == 2


def test_a_person_who_turned_a_kind_off_is_not_told(client, personas):
    client.force_login(personas.kenyan_focal_point)
    # Every box but "returned" ticked.
    wanted = {k: "on" for k in NotificationKind.values if k != NotificationKind.RETURNED}
    client.post("/notifications/preferences/", wanted)
    assert list(MutedKind.objects.values_list("kind", flat=True)) == ["returned"]

    activity = make_activity(personas, state=WorkflowState.SUBMITTED)
    activity = workflow.return_for_correction(activity, personas.reviewer, comment="Fix it.")
    run_queued()
    assert not _sent_to(personas.kenyan_focal_point)
    assert not Notification.objects.filter(user=personas.kenyan_focal_point).exists()

    # Other kinds still reach them.
    activity = workflow.submit(activity, personas.kenyan_focal_point)
    workflow.approve(activity, personas.reviewer)
    run_queued()
    assert Notification.objects.filter(user=personas.kenyan_focal_point, kind="approved").exists()

    # Turned back on, it arrives again.
    client.post("/notifications/preferences/", {k: "on" for k in NotificationKind.values})
    assert not MutedKind.objects.exists()


def test_the_preferences_page_shows_what_is_on(client, personas):
    MutedKind.objects.create(user=personas.reviewer, kind="import")
    client.force_login(personas.reviewer)
    page = client.get("/notifications/preferences/").content.decode()
    assert (
        'name="import" id="id_import"' in page
        and 'name="submitted" id="id_submitted" checked' in page
    )


def test_each_person_is_written_to_in_their_own_language(personas):
    personas.reviewer.language = "fr"
    personas.reviewer.save()
    activity = make_activity(personas)
    workflow.submit(activity, personas.kenyan_focal_point)
    run_queued()
    (message,) = _sent_to(personas.reviewer)
    assert message.subject.startswith("À examiner")


def test_the_end_of_an_import_tells_whoever_started_it(personas, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("broken.xml", b"<not-iati/>")
    job = jobs.submit(upload, kind="iati", plan=personas.plan, user=personas.secretariat)
    run_queued()
    job.refresh_from_db()
    notice = Notification.objects.get(user=personas.secretariat, kind="import")
    assert "broken.xml" in notice.subject
    assert notice.link == f"/interop/imports/{job.pk}/"
    assert _sent_to(personas.secretariat)


def test_the_notifications_page_lists_them_and_marks_them_read(client, personas):
    Notification.objects.create(user=personas.reviewer, kind="submitted", subject="To review: X")
    client.force_login(personas.reviewer)
    assert b"1 new" in client.get("/").content
    page = client.get("/notifications/")
    assert b"To review: X" in page.content
    assert not Notification.objects.filter(read_at=None).exists()
    assert b"1 new" not in client.get("/").content


def test_nobody_sees_anothers_notifications(client, personas):
    Notification.objects.create(user=personas.reviewer, kind="submitted", subject="Secret thing")
    client.force_login(personas.kenyan_focal_point)
    assert b"Secret thing" not in client.get("/notifications/").content
