"""Membership workflow: applied → approved | rejected; approved → withdrawn.

A rejected or withdrawn organisation applies again through a new application (``reapply``), so
each decision stays on record with its date and decider.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participants.models import Membership, MembershipStatus

ALLOWED = {
    MembershipStatus.APPLIED: {MembershipStatus.APPROVED, MembershipStatus.REJECTED},
    MembershipStatus.APPROVED: {MembershipStatus.WITHDRAWN},
    MembershipStatus.REJECTED: {MembershipStatus.APPLIED},
    MembershipStatus.WITHDRAWN: {MembershipStatus.APPLIED},
}


class InvalidTransition(ValidationError):
    pass


def _move(membership: Membership, to: MembershipStatus, by, on: dt.date | None) -> Membership:
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if to not in ALLOWED[MembershipStatus(current.status)]:
            raise InvalidTransition(
                f"A membership that is {current.get_status_display().lower()} cannot become "
                f"{MembershipStatus(to).label.lower()}.",
                code="invalid_transition",
            )
        day = on or timezone.localdate()
        current.status = to
        if to in (MembershipStatus.APPROVED, MembershipStatus.REJECTED):
            current.decided_on, current.decided_by = day, by
        elif to == MembershipStatus.WITHDRAWN:
            current.withdrawn_on = day
        else:  # re-application starts a fresh decision
            current.applied_on, current.decided_on, current.decided_by = day, None, None
            current.withdrawn_on = None
        current.save()
    membership.refresh_from_db()
    return membership


def apply(plan, organisation, on: dt.date | None = None) -> Membership:
    return Membership.objects.create(
        plan=plan, organisation=organisation, applied_on=on or timezone.localdate()
    )


def approve(membership: Membership, by, on: dt.date | None = None) -> Membership:
    return _move(membership, MembershipStatus.APPROVED, by, on)


def reject(membership: Membership, by, on: dt.date | None = None) -> Membership:
    return _move(membership, MembershipStatus.REJECTED, by, on)


def withdraw(membership: Membership, by=None, on: dt.date | None = None) -> Membership:
    return _move(membership, MembershipStatus.WITHDRAWN, by, on)


def reapply(membership: Membership, on: dt.date | None = None) -> Membership:
    return _move(membership, MembershipStatus.APPLIED, None, on)
