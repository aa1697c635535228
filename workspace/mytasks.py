"""What waits for a person: the page "My tasks" and the count in the navigation.

Each list follows from the person's roles, plan by plan (a role in plan B shows nothing of
plan A): submissions to review (reviewers and secretariat), activities returned to their
organisation (focal points), applications to decide (secretariat), possible duplicate
trainees (reviewers and secretariat), and their own imports that failed. The count is one
query per kind of task the person can have at all, whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import assignments, plans_with_role
from activities.codes import WorkflowState
from activities.models import Activity
from interop.models import ImportJob
from plans.models import Plan
from talent.identity import possible_duplicates
from workspace.models import Application, ApplicationStatus, Notification

# A failed import waits for its owner this long (to run it again, or to fix the file).
FAILED_IMPORTS_FOR = dt.timedelta(days=30)


@dataclass
class Scope:
    """The plans and organisations each kind of task is drawn from, for one person."""

    review: set[int] = field(default_factory=set)  # plans: reviewer or secretariat
    decide: set[int] = field(default_factory=set)  # plans: secretariat
    returned: set[int] = field(default_factory=set)  # organisations: focal point (any plan)
    returned_plans: set[int] = field(default_factory=set)


def scope(user) -> Scope:
    if getattr(user, "is_superuser", False):
        every = set(Plan.objects.values_list("pk", flat=True))
        review, decide = every, every
    else:
        review = plans_with_role(user, Role.REVIEWER, Role.SECRETARIAT)
        decide = plans_with_role(user, Role.SECRETARIAT)
    focal = [(p, o) for p, r, o in assignments(user) if r == Role.FOCAL_POINT and o]
    return Scope(
        review=review,
        decide=decide,
        returned={o for _p, o in focal},
        returned_plans={p for p, _o in focal},
    )


def to_review(s: Scope) -> QuerySet[Activity]:
    return Activity.objects.filter(plan__in=s.review, workflow_state=WorkflowState.SUBMITTED)


def returned(s: Scope) -> QuerySet[Activity]:
    return Activity.objects.filter(
        plan__in=s.returned_plans,
        reporting_org__in=s.returned,
        workflow_state=WorkflowState.RETURNED,
    )


def to_decide(s: Scope) -> QuerySet[Application]:
    return Application.objects.filter(plan__in=s.decide, status=ApplicationStatus.PENDING)


def failed_imports(user) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(
        user=user,
        state=ImportJob.State.FAILED,
        finished_at__gte=timezone.now() - FAILED_IMPORTS_FOR,
    )


def duplicates(s: Scope) -> list[tuple[Plan, int]]:
    return [
        (plan, possible_duplicates(plan).count())
        for plan in Plan.objects.filter(pk__in=s.review).order_by("title")
    ]


def pledging_plans(s: Scope) -> list[tuple[Plan, bool]]:
    """The plans whose pledges the person records (secretariat, or focal point of a partner),
    each with whether it keeps the plan's reporting calendar (secretariat): links, not tasks;
    the finance pages authorise each action."""
    plans = Plan.objects.filter(pk__in=s.decide | s.returned_plans).order_by("title")
    return [(plan, plan.pk in s.decide) for plan in plans]


def count(user) -> int:
    """How many things wait for ``user`` (the navigation's badge): submissions to review,
    returned activities, applications, failed imports. Possible duplicates are left to the
    page: scoring them is a heavier query than a badge on every page should cost."""
    if not getattr(user, "is_authenticated", False):
        return 0
    s = scope(user)
    total = failed_imports(user).count()
    if s.review:
        total += to_review(s).count()
    if s.returned:
        total += returned(s).count()
    if s.decide:
        total += to_decide(s).count()
    return total


def unread(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def manages_people(user) -> bool:
    """Does ``user`` invite people anywhere (secretariat, or focal point of an organisation)?"""
    return getattr(user, "is_superuser", False) or any(
        r in (Role.SECRETARIAT, Role.FOCAL_POINT) for _p, r, _o in assignments(user)
    )
