"""Membership workflow: applied → approved | rejected; approved → withdrawn.

A rejected or withdrawn organisation applies again through a new application (``reapply``), so
each decision stays on record with its date and decider.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Membership, MembershipStatus

ALLOWED = {
    MembershipStatus.APPLIED: {MembershipStatus.APPROVED, MembershipStatus.REJECTED},
    MembershipStatus.APPROVED: {MembershipStatus.WITHDRAWN},
    MembershipStatus.REJECTED: {MembershipStatus.APPLIED},
    MembershipStatus.WITHDRAWN: {MembershipStatus.APPLIED},
}


# Why a move is refused, one whole sentence per (current status, asked status): a status's
# name slotted into a shared sentence would not agree in French, Portuguese or Arabic. Every
# refused pair has its sentence (participants/tests/test_membership_workflow.py).
REFUSALS = {
    (MembershipStatus.APPLIED, MembershipStatus.APPLIED): _(
        "This organisation has already applied: the application is waiting for a decision."
    ),
    (MembershipStatus.APPLIED, MembershipStatus.WITHDRAWN): _(
        "This application is not approved yet: only an approved membership can be withdrawn."
    ),
    (MembershipStatus.APPROVED, MembershipStatus.APPLIED): _(
        "This organisation is already an approved member: it cannot apply again."
    ),
    (MembershipStatus.APPROVED, MembershipStatus.APPROVED): _(
        "This membership is already approved."
    ),
    (MembershipStatus.APPROVED, MembershipStatus.REJECTED): _(
        "This membership is approved: only a pending application can be rejected."
    ),
    (MembershipStatus.REJECTED, MembershipStatus.APPROVED): _(
        "This application was rejected: the organisation must apply again before it can be "
        "approved."
    ),
    (MembershipStatus.REJECTED, MembershipStatus.REJECTED): _(
        "This application is already rejected."
    ),
    (MembershipStatus.REJECTED, MembershipStatus.WITHDRAWN): _(
        "This application was rejected: only an approved membership can be withdrawn."
    ),
    (MembershipStatus.WITHDRAWN, MembershipStatus.APPROVED): _(
        "This membership was withdrawn: the organisation must apply again before it can be "
        "approved."
    ),
    (MembershipStatus.WITHDRAWN, MembershipStatus.REJECTED): _(
        "This membership was withdrawn: only a pending application can be rejected."
    ),
    (MembershipStatus.WITHDRAWN, MembershipStatus.WITHDRAWN): _(
        "This membership is already withdrawn."
    ),
}


class InvalidTransition(ValidationError):
    pass


def _move(membership: Membership, to: MembershipStatus, by, on: dt.date | None) -> Membership:
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if to not in ALLOWED[MembershipStatus(current.status)]:
            raise InvalidTransition(
                str(REFUSALS[MembershipStatus(current.status), to]), code="invalid_transition"
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
