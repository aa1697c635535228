"""The reporting loop: a calendar of due dates per plan and reminders to partners' focal points.

A partner has reported for a period when one of its activities in the plan was updated on or
after the period's start. Reminders go by e-mail to the partner's focal points some days before
a due date (if it has not reported yet) and once after it (if it still has not); each is sent
at most once, so the job may run as often as the operator likes.

The plan's secretariat keeps the calendar from the site (``add_deadline``, ``update_deadline``,
``delete_deadline``, ``add_quarters``); each change leaves a line in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditKind, Role, RoleAssignment
from activities.codes import WorkflowState
from activities.models import Activity
from finance.models import ReminderKind, ReminderSent, ReportingDeadline
from finance.permissions import may_keep_calendar
from languages.multilingual import SOURCE_LANGUAGE
from languages.preferences import language_of
from participants.models import MembershipStatus, Organisation
from plans.models import Plan

QUARTER_STARTS = (1, 4, 7, 10)


def _quarter_labels(year: int, quarter: int) -> dict[str, str]:
    """A quarter's name in every language of the interface ("2025 Q1", "T1 2025"…): the due
    date is a record, named once for all its readers (``ReportingDeadline.translations``)."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
    return labels


def _quarters(
    plan: Plan, year: int, *, grace_days: int = 30
) -> list[tuple[ReportingDeadline, bool]]:
    out = []
    for month in QUARTER_STARTS:
        start = dt.date(year, month, 1)
        end = (
            dt.date(year + 1, 1, 1) if month == 10 else dt.date(year, month + 3, 1)
        ) - dt.timedelta(days=1)
        labels = _quarter_labels(year, QUARTER_STARTS.index(month) + 1)
        out.append(
            ReportingDeadline.objects.get_or_create(
                plan=plan,
                due_on=end + dt.timedelta(days=grace_days),
                defaults={
                    "label": labels.pop(SOURCE_LANGUAGE),
                    "translations": {"label": labels},
                    "period_start": start,
                },
            )
        )
    return out


def quarterly_calendar(plan: Plan, year: int, *, grace_days: int = 30) -> list[ReportingDeadline]:
    """Four due dates for ``year``: each quarter is due ``grace_days`` after it ends. Existing
    due dates are kept (a re-run adds nothing)."""
    return [deadline for deadline, _created in _quarters(plan, year, grace_days=grace_days)]


def partners(plan: Plan):
    return Organisation.objects.filter(
        memberships__plan=plan, memberships__status=MembershipStatus.APPROVED
    ).order_by("name")


def last_updates(plan: Plan) -> dict[int, dt.datetime]:
    """Each partner's latest update of an activity in the plan (archived records aside)."""
    rows = (
        Activity.objects.filter(plan=plan)
        .exclude(workflow_state=WorkflowState.ARCHIVED)
        .values("reporting_org_id")
        .order_by()
        .annotate(last=Max("updated_at"))
    )
    return {r["reporting_org_id"]: r["last"] for r in rows}


def has_reported(last: dt.datetime | None, deadline: ReportingDeadline) -> bool:
    return last is not None and last.date() >= deadline.period_start


@dataclass
class Due:
    deadline: ReportingDeadline
    organisation: Organisation
    kind: str


def due_reminders(plan: Plan, today: dt.date) -> list[Due]:
    """Reminders owed today and not sent yet."""
    before = dt.timedelta(days=settings.DIGICOOP_REMINDER_DAYS_BEFORE)
    after = dt.timedelta(days=settings.DIGICOOP_REMINDER_DAYS_AFTER)
    deadlines = ReportingDeadline.objects.filter(
        plan=plan, due_on__gte=today - after, due_on__lte=today + before
    )
    sent = set(
        ReminderSent.objects.filter(deadline__in=deadlines).values_list(
            "deadline_id", "organisation_id", "kind"
        )
    )
    last = last_updates(plan)
    out = []
    orgs = list(partners(plan))
    for deadline in deadlines:
        kind = ReminderKind.BEFORE if today <= deadline.due_on else ReminderKind.OVERDUE
        for org in orgs:
            if has_reported(last.get(org.pk), deadline):
                continue
            if (deadline.pk, org.pk, kind) not in sent:
                out.append(Due(deadline, org, kind))
    return out


def focal_points_by_language(plan: Plan, organisation: Organisation) -> dict[str, list[str]]:
    """The partner's focal points' e-mail addresses, grouped by the language each reads (the
    one they chose, else the site's): each group gets the reminder in its language."""
    assignments = RoleAssignment.objects.filter(
        plan=plan, organisation=organisation, role=Role.FOCAL_POINT, user__is_active=True
    ).select_related("user")
    groups: dict[str, set[str]] = {}
    for assignment in assignments:
        if assignment.user.email:
            groups.setdefault(language_of(assignment.user), set()).add(assignment.user.email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}


def focal_point_emails(plan: Plan, organisation: Organisation) -> list[str]:
    groups = focal_points_by_language(plan, organisation).values()
    return sorted({email for emails in groups for email in emails})


def _message(due: Due, recipients: list[str]) -> tuple[str, str, str | None, list[str]]:
    scorecard = settings.SITE_URL + reverse(
        "finance:scorecard-partner", args=[due.deadline.plan.slug, due.organisation.pk]
    )
    context = {"due": due, "scorecard": scorecard, "overdue": due.kind == ReminderKind.OVERDUE}
    if due.kind == ReminderKind.OVERDUE:
        subject = _("Overdue: %(plan)s report for %(period)s was due on %(date)s")
    else:
        subject = _("Reminder: %(plan)s report for %(period)s is due on %(date)s")
    subject = subject % {
        "plan": due.deadline.plan,
        "period": due.deadline.localized("label"),
        "date": due.deadline.due_on.isoformat(),
    }
    body = render_to_string("finance/reminder_email.txt", context)
    return subject, body, None, recipients


@dataclass
class ReminderReport:
    queued: int
    without_focal_point: list[str]


def queue_reminders(plan: Plan, today: dt.date | None = None) -> ReminderReport:
    """Queue one job per reminder owed today (finance.tasks.send_reminder); the jobs send the
    e-mails, so the caller (cron or the worker) never waits on a mail server."""
    from finance.tasks import send_reminder

    today = today or dt.date.today()
    queued, nobody = 0, []
    for due in due_reminders(plan, today):
        if not focal_point_emails(plan, due.organisation):
            nobody.append(due.organisation.name)
            continue
        send_reminder.enqueue(due.deadline.pk, due.organisation.pk, due.kind)
        queued += 1
    return ReminderReport(queued, sorted(set(nobody)))


def send(deadline: ReportingDeadline, organisation: Organisation, kind: str) -> bool:
    """Send one reminder and record it, once: a second job for the same reminder (a re-run, a
    retried worker) finds the record and sends nothing."""
    groups = focal_points_by_language(deadline.plan, organisation)
    if not groups:
        return False
    due = Due(deadline, organisation, kind)
    messages = []
    for language, recipients in groups.items():
        with translation.override(language):
            messages.append(_message(due, recipients))
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                deadline=deadline,
                organisation=organisation,
                kind=kind,
                recipients=sum(len(r) for r in groups.values()),
            )
            send_mass_mail(messages)
    except IntegrityError:
        return False
    return True


# Keeping the calendar from the site.


def _authorise(user, plan: Plan) -> None:
    if not may_keep_calendar(user, plan.pk):
        raise PermissionDenied(_("Only the plan's secretariat sets its reporting due dates."))


def _save(deadline: ReportingDeadline, data: dict) -> list[str]:
    """Set ``data`` (``label`` as language → text, ``period_start``, ``due_on``) on the due
    date, check it and save it; returns the names of the fields it changed."""
    before = (deadline.texts("label"), deadline.period_start, deadline.due_on)
    deadline.set_texts("label", data.get("label") or {})
    deadline.period_start, deadline.due_on = data["period_start"], data["due_on"]
    errors: dict[str, list[str]] = {}
    try:
        deadline.full_clean(validate_constraints=False)
    except ValidationError as refused:
        errors.update(refused.message_dict)
    taken = ReportingDeadline.objects.filter(plan=deadline.plan, due_on=deadline.due_on)
    if deadline.due_on and taken.exclude(pk=deadline.pk).exists():
        message = _("The plan already has a due date on %(date)s: change that one instead.")
        errors.setdefault("due_on", []).append(message % {"date": deadline.due_on.isoformat()})
    if errors:
        raise ValidationError(errors)
    deadline.save()
    after = (deadline.texts("label"), deadline.period_start, deadline.due_on)
    names = ("label", "period_start", "due_on")
    return [name for name, old, new in zip(names, before, after, strict=True) if old != new]


def add_deadline(plan: Plan, data: dict, by) -> ReportingDeadline:
    """Add a due date to the plan's reporting calendar."""
    _authorise(by, plan)
    deadline = ReportingDeadline(plan=plan)
    with transaction.atomic():
        _save(deadline, data)
        audit.record(
            AuditKind.CREATE,
            actor=by,
            plan=plan,
            target=f"due date {deadline.due_on.isoformat()}",
            period_start=deadline.period_start.isoformat(),
        )
    return deadline


def update_deadline(deadline: ReportingDeadline, data: dict, by) -> ReportingDeadline:
    """Change a due date (its label, period or date). Reminders already sent for it stay
    recorded, so a partner is not reminded twice for the same period."""
    _authorise(by, deadline.plan)
    with transaction.atomic():
        changed = _save(deadline, data)
        if changed:
            audit.record(
                AuditKind.UPDATE,
                actor=by,
                plan=deadline.plan,
                target=f"due date {deadline.due_on.isoformat()}",
                fields=changed,
            )
    return deadline


def delete_deadline(deadline: ReportingDeadline, by) -> None:
    """Remove a due date no reminder was sent for. Once partners were reminded of it, the
    record of those reminders is kept: such a date is changed, not removed."""
    _authorise(by, deadline.plan)
    with transaction.atomic():
        if deadline.reminders.exists():
            raise ValidationError(
                _(
                    "Reminders were already sent for this due date, so it stays in the calendar; "
                    "change its date or label instead."
                )
            )
        audit.record(
            AuditKind.DELETE,
            actor=by,
            plan=deadline.plan,
            target=f"due date {deadline.due_on.isoformat()}",
        )
        deadline.delete()


def add_quarters(plan: Plan, year: int, by) -> int:
    """Add the four quarterly due dates of ``year`` (see ``quarterly_calendar``); returns how
    many were new."""
    _authorise(by, plan)
    with transaction.atomic():
        added = [d for d, created in _quarters(plan, year) if created]
        if added:
            audit.record(
                AuditKind.CREATE,
                actor=by,
                plan=plan,
                target=f"due dates {year}",
                due_on=[d.due_on.isoformat() for d in added],
            )
    return len(added)
