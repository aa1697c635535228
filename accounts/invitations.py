"""Invitations and roles without the admin: who may grant which role, and the one-time link.

The secretariat of a plan invites anyone to any role in it; a focal point invites people to
its own organisation only, and only to the organisation's roles (focal point, trainer,
viewer): plan-wide roles (reviewer, secretariat) are the secretariat's to give. The same rule
governs changing and revoking a role, and every grant, change and revocation is written to the
audit trail with who made it.

Nobody handles anyone's password: the invitee follows a link and sets their own. The link's
token is made by the job that sends the e-mail (``send_invitation``); only its digest is kept,
so the link works for whoever holds the e-mail and for nobody else, once, until it expires
(``DIGICOOP_INVITATION_DAYS``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditKind, Invitation, Role, RoleAssignment
from accounts.permissions import is_secretariat, organisations
from digicoop.tasks import task
from languages.preferences import supported
from lib.mail import send_mail_in

# Roles held for one organisation; the others are plan-wide.
ORGANISATION_ROLES = frozenset({Role.FOCAL_POINT, Role.TRAINER, Role.VIEWER})


class InvitationRefused(Exception):
    """The link cannot be used (unknown, used, expired, withdrawn): the message says which."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_grant(user, plan_id: int, role: str, organisation_id: int | None) -> bool:
    """May ``user`` give (or change, or take back) ``role`` in the plan, for the organisation?"""
    if is_secretariat(user, plan_id):
        return True
    return (
        role in ORGANISATION_ROLES
        and organisation_id is not None
        and organisation_id in organisations(user, plan_id, Role.FOCAL_POINT)
    )


def manageable_organisations(user, plan_id: int) -> set[int] | None:
    """Organisations whose people ``user`` manages in the plan; None means all (secretariat)."""
    if is_secretariat(user, plan_id):
        return None
    return organisations(user, plan_id, Role.FOCAL_POINT)


def _scope(role: str, organisation) -> None:
    if role in ORGANISATION_ROLES and organisation is None:
        raise ValidationError({"organisation": [_("This role needs an organisation.")]})


def invite(by, *, email: str, plan, role: str, organisation=None, language: str = "") -> Invitation:
    """Invite ``email`` to ``role`` in ``plan`` (for ``organisation``) and queue the e-mail.

    Raises PermissionDenied when ``by`` may not give that role there (nothing is created).
    """
    organisation = organisation if role in ORGANISATION_ROLES else None
    _scope(role, organisation)
    if not may_grant(by, plan.pk, role, organisation.pk if organisation else None):
        raise PermissionDenied(_("You may not give this role for this organisation."))
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip(),
            plan=plan,
            role=role,
            organisation=organisation,
            invited_by=by if getattr(by, "is_authenticated", False) else None,
            language=supported(language) or settings.LANGUAGE_CODE,
        )
        send_invitation.enqueue(invitation.pk)
    audit.record(
        AuditKind.ROLE_CHANGE,
        actor=by,
        plan=plan,
        target=f"invitation {invitation.pk}",
        change="invited",
        role=role,
        organisation=invitation.organisation_id,
    )
    return invitation


def resend(by, invitation: Invitation) -> Invitation:
    """Send a fresh link (the old one stops working when the new one is made)."""
    if not may_grant(by, invitation.plan_id, invitation.role, invitation.organisation_id):
        raise PermissionDenied(_("You may not give this role for this organisation."))
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer open."))
    send_invitation.enqueue(invitation.pk)
    return invitation


def withdraw(by, invitation: Invitation) -> None:
    if not may_grant(by, invitation.plan_id, invitation.role, invitation.organisation_id):
        raise PermissionDenied(_("You may not give this role for this organisation."))
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        withdrawn_at=timezone.now(), digest=""
    )


def new_link(invitation: Invitation) -> str:
    """Make the invitation's one link (a new token, its digest kept, the expiry restarted)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(
        digest=_digest(token),
        sent_at=now,
        expires_at=now + dt.timedelta(days=settings.DIGICOOP_INVITATION_DAYS),
    )
    invitation.refresh_from_db()
    return f"{settings.SITE_URL}/accounts/invitation/{token}/"


@task()
def send_invitation(invitation_id: int) -> bool:
    """The invitation's e-mail, with a fresh link, in the invitation's language (a job)."""
    invitation = (
        Invitation.objects.select_related("plan", "organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at=None, withdrawn_at=None)
        .first()
    )
    if invitation is None:  # accepted or withdrawn since it was queued
        return False
    link = new_link(invitation)
    send_mail_in(
        invitation.email,
        "accounts/mail/invitation",
        {"invitation": invitation, "link": link, "days": settings.DIGICOOP_INVITATION_DAYS},
        invitation.language or settings.LANGUAGE_CODE,
    )
    return True


def find(token: str) -> Invitation:
    """The open invitation of a link's token, or InvitationRefused saying why not."""
    invitation = (
        Invitation.objects.select_related("plan", "organisation")
        .filter(digest=_digest(token))
        .first()
        if token
        else None
    )
    if invitation is None:
        raise InvitationRefused(
            _("This invitation link is not valid (a newer one may have been sent).")
        )
    if invitation.accepted_at is not None:
        raise InvitationRefused(_("This invitation link has already been used."))
    if invitation.withdrawn_at is not None:
        raise InvitationRefused(_("This invitation has been withdrawn."))
    if invitation.expires_at is None or invitation.expires_at <= timezone.now():
        raise InvitationRefused(
            _("This invitation link has expired: ask whoever invited you to send a new one.")
        )
    return invitation


def existing_user(invitation: Invitation):
    """The account the invitation's e-mail already belongs to, if any."""
    return get_user_model().objects.filter(email__iexact=invitation.email).order_by("pk").first()


def accept(token: str, *, user=None, username: str = "", password: str = "") -> RoleAssignment:
    """Use the link: grant the role to ``user`` (an existing account, signed in) or to a new
    account ``username`` with the password its owner chose. Once only, under a row lock."""
    with transaction.atomic():
        found = find(token)
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        if invitation.accepted_at is not None:  # used by a concurrent request
            raise InvitationRefused(_("This invitation link has already been used."))
        if user is None:
            user = get_user_model().objects.create_user(
                username=username,
                email=invitation.email,
                password=password,
                language=invitation.language,
            )
        assignment = _grant(invitation.invited_by, user, invitation)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return assignment


def _grant(by, user, invitation: Invitation) -> RoleAssignment:
    existing = RoleAssignment.objects.filter(
        user=user,
        plan=invitation.plan,
        role=invitation.role,
        organisation=invitation.organisation,
    ).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment(
        user=user, plan=invitation.plan, role=invitation.role, organisation=invitation.organisation
    )
    assignment.audit_actor = by  # read by the audit trail's signal (accounts.audit)
    assignment.save()
    return assignment


def change_role(by, assignment: RoleAssignment, role: str) -> RoleAssignment:
    """Give the holder ``role`` instead (same plan and organisation); audited."""
    if not (
        may_grant(by, assignment.plan_id, assignment.role, assignment.organisation_id)
        and may_grant(by, assignment.plan_id, role, assignment.organisation_id)
    ):
        raise PermissionDenied(_("You may not give this role for this organisation."))
    organisation = assignment.organisation if role in ORGANISATION_ROLES else None
    _scope(role, organisation)
    duplicate = RoleAssignment.objects.filter(
        user_id=assignment.user_id, plan_id=assignment.plan_id, role=role, organisation=organisation
    ).exclude(pk=assignment.pk)
    if duplicate.exists():
        raise ValidationError(_("This person already holds that role."))
    assignment.role, assignment.organisation = role, organisation
    assignment.audit_actor = by
    assignment.save(update_fields=["role", "organisation"])
    return assignment


def revoke(by, assignment: RoleAssignment) -> None:
    """Take the role back; audited."""
    if not may_grant(by, assignment.plan_id, assignment.role, assignment.organisation_id):
        raise PermissionDenied(_("You may not take back this role."))
    assignment.audit_actor = by
    assignment.delete()


def manageable_roles(user, plan_id: int):
    """The role assignments of the plan ``user`` may change or revoke."""
    qs = RoleAssignment.objects.filter(plan_id=plan_id).select_related("user", "organisation")
    orgs = manageable_organisations(user, plan_id)
    if orgs is not None:
        qs = qs.filter(organisation_id__in=orgs, role__in=ORGANISATION_ROLES)
    return qs.order_by("organisation__name", "user__username", "role")


def open_invitations(user, plan_id: int):
    qs = Invitation.objects.filter(plan_id=plan_id, accepted_at=None, withdrawn_at=None)
    orgs = manageable_organisations(user, plan_id)
    if orgs is not None:
        qs = qs.filter(organisation_id__in=orgs, role__in=ORGANISATION_ROLES)
    return qs.select_related("organisation")
