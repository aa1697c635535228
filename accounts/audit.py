"""The audit trail: the one function every app calls to record an event.

``record(AuditKind.WORKFLOW, actor=user, request=request, plan=plan, target="activity XM-1",
move="approve")`` writes one immutable ``AuditEvent``. Sign-ins, failed sign-ins and role
changes are recorded here from Django's signals; the apps above record their own events
(activities' workflow moves, the talent registry's exports and erasures, …).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from accounts.models import AuditEvent, AuditKind, RoleAssignment
from accounts.signin import client_ip

# The request being answered, so that events written by model signals (role changes made in the
# admin, say) know who made them and from where. Set by the RequestContext middleware.
_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


class RequestContext:
    """Middleware (after authentication): the request is the context of every event."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def record(
    kind: AuditKind | str,
    *,
    actor=None,
    request: HttpRequest | None = None,
    plan=None,
    target: str = "",
    **detail: Any,
) -> AuditEvent:
    """Write one audit event. ``request`` defaults to the one being answered, ``actor`` to its
    signed-in user."""
    if request is None:
        request = _current_request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    signed_in = getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        kind=AuditKind(kind),
        actor=actor if signed_in else None,
        actor_name=actor.get_username() if signed_in else detail.pop("username", ""),
        plan=plan,
        address=(client_ip(request) or None) if request is not None else None,
        target=target[:300],
        detail=detail,
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    record(AuditKind.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(AuditKind.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django hands over the credentials with the password already masked; keep the name only
    # (and say when it was the second step, a wrong code, that failed).
    extra = {"factor": "code"} if credentials.get("factor") == "code" else {}
    record(
        AuditKind.SIGN_IN_FAILED,
        request=request,
        actor=None,
        username=str(credentials.get("username", ""))[:150],
        **extra,
    )


@receiver(post_save, sender=RoleAssignment)
def _role_granted(sender, instance: RoleAssignment, created: bool, **kwargs) -> None:
    # Pages that grant or change a role (accounts.invitations) name who did it; the admin's
    # changes are recorded without an actor, as before.
    record(
        AuditKind.ROLE_CHANGE,
        actor=getattr(instance, "audit_actor", None),
        plan=instance.plan,
        target=f"user {instance.user.get_username()}",
        change="granted" if created else "changed",
        role=instance.role,
        organisation=instance.organisation_id,
    )


@receiver(post_delete, sender=RoleAssignment)
def _role_revoked(sender, instance: RoleAssignment, **kwargs) -> None:
    record(
        AuditKind.ROLE_CHANGE,
        actor=getattr(instance, "audit_actor", None),
        target=f"user {instance.user_id}",
        change="revoked",
        role=instance.role,
        plan_id=instance.plan_id,
    )
