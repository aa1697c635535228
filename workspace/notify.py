"""Notifications: who is told what, in their language, by e-mail and on the site.

Events reach here without their apps knowing this one: activities send ``workflow_moved``
(inside the move's transaction), import jobs send ``import_finished``, and the join services
call :func:`application_received` / :func:`application_decided`. Each of those only *queues*
a job (``digicoop.tasks``), committed with the event; the job finds the recipients, leaves out
those who turned the kind off (``MutedKind``), writes each notice in the recipient's language
(``User.language``) and sends the e-mail. No request ever waits on a mail server.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from activities.models import Activity
from activities.states import Action
from digicoop.tasks import task
from languages.multilingual import pick
from languages.preferences import language_of, supported
from lib.mail import render_mail, send_mail_in
from workspace.models import Application, MutedKind, Notification, NotificationKind

WORKFLOW_KINDS = {
    Action.SUBMIT.value: NotificationKind.SUBMITTED,
    Action.RETURN.value: NotificationKind.RETURNED,
    Action.APPROVE.value: NotificationKind.APPROVED,
}


def connect() -> None:
    from activities.signals import workflow_moved
    from interop.signals import import_finished

    workflow_moved.connect(_workflow_moved, dispatch_uid="workspace.notify.workflow")
    import_finished.connect(_import_finished, dispatch_uid="workspace.notify.import")


def _workflow_moved(sender, activity, action: str, by, comment: str = "", **kwargs) -> None:
    if action in WORKFLOW_KINDS:
        by_id = by.pk if getattr(by, "is_authenticated", False) else None
        deliver_workflow.enqueue(activity.pk, action, by_id, comment)


def _import_finished(sender, job, **kwargs) -> None:
    if job.user_id:
        deliver_import.enqueue(job.pk)


def application_received(application: Application) -> None:
    deliver_application.enqueue(application.pk, "received")


def application_decided(application: Application) -> None:
    deliver_application.enqueue(application.pk, "decided")


# --- the jobs -----------------------------------------------------------------------------------


def notify(users: Iterable, kind: str, template: str, context: dict, link: str) -> int:
    """Write ``template`` to each of ``users`` who has not turned ``kind`` off: a notice on
    the site and an e-mail (when they have an address), in their language. Returns how many
    were told."""
    users = list(users)
    muted = set(
        MutedKind.objects.filter(user__in=users, kind=kind).values_list("user_id", flat=True)
    )
    told = 0
    for user in users:
        if user.pk in muted:
            continue
        language = language_of(user)
        subject, body = render_mail(
            template, {**context, "link": settings.SITE_URL + link, "language": language}, language
        )
        Notification.objects.create(user=user, kind=kind, subject=subject, body=body, link=link)
        if user.email:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
        told += 1
    return told


def _holders(plan_id: int, roles: set[str], organisation_id: int | None = None):
    holders = RoleAssignment.objects.filter(plan_id=plan_id, role__in=roles)
    if organisation_id is not None:
        holders = holders.filter(organisation_id=organisation_id)
    return get_user_model().objects.filter(pk__in=holders.values("user_id"), is_active=True)


class _Title:
    """An activity's title, picked in whichever language the e-mail is being written in."""

    def __init__(self, activity: Activity) -> None:
        self.activity = activity

    def __str__(self) -> str:
        return pick(self.activity.title).text or self.activity.iati_identifier


def workflow_recipients(activity: Activity, action: str, by_id: int | None):
    """Submitted: the plan's reviewers. Returned or approved: the organisation's focal points
    and whoever created the record. Never the person who made the move."""
    if action == Action.SUBMIT.value:
        users = _holders(activity.plan_id, {Role.REVIEWER})
    else:
        focal = _holders(activity.plan_id, {Role.FOCAL_POINT}, activity.reporting_org_id)
        author = get_user_model().objects.filter(
            pk__in=[activity.created_by_id] if activity.created_by_id else [], is_active=True
        )
        users = focal | author
    if by_id is not None:
        users = users.exclude(pk=by_id)
    return users.distinct().order_by("pk")


@task()
def deliver_workflow(activity_id: int, action: str, by_id: int | None, comment: str = "") -> int:
    activity = (
        Activity.objects.select_related("plan", "reporting_org").filter(pk=activity_id).first()
    )
    if activity is None:  # deleted since
        return 0
    by = get_user_model().objects.filter(pk=by_id).first() if by_id is not None else None
    return notify(
        workflow_recipients(activity, action, by_id),
        WORKFLOW_KINDS[action],
        f"workspace/mail/{WORKFLOW_KINDS[action]}",
        {
            "activity": activity,
            "title": _Title(activity),
            "by": by.get_username() if by else "",
            "comment": comment,
        },
        reverse("activity-detail", args=[activity.pk]),
    )


@task()
def deliver_import(job_id: int) -> int:
    from interop.models import ImportJob

    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.user is None:
        return 0
    return notify(
        [job.user],
        NotificationKind.IMPORT,
        "workspace/mail/import",
        {"job": job, "failed": job.state == ImportJob.State.FAILED},
        reverse("interop:import-job", args=[job.pk]),
    )


@task()
def deliver_application(application_id: int, event: str) -> int:
    application = (
        Application.objects.select_related("plan", "country", "decided_by")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return 0
    secretariat = _holders(application.plan_id, {Role.SECRETARIAT})
    link = reverse("workspace:applications") + f"?plan={application.plan.slug}"
    if event == "received":
        return notify(
            secretariat,
            NotificationKind.APPLICATION,
            "workspace/mail/application_received",
            {"application": application},
            link,
        )
    # The applicant has no account yet: the decision goes to the contact's e-mail, always.
    send_mail_in(
        application.contact_email,
        "workspace/mail/application_decided",
        {"application": application, "approved": application.status == "approved"},
        supported(application.language) or settings.LANGUAGE_CODE,
    )
    colleagues = secretariat.exclude(pk=application.decided_by_id)
    return 1 + notify(
        colleagues,
        NotificationKind.APPLICATION,
        "workspace/mail/application_decided_secretariat",
        {"application": application},
        link,
    )
