"""Choosing a new password when the old one is forgotten, without telling strangers who has an
account.

The page answers the same way whether or not an account uses the address typed: the e-mail is
queued as a background job (so no mail-server delay tells the two apart either), rendered in
the account's own language, and its link works once (Django's token changes with the password)
and for DIGICOOP_PASSWORD_RESET_MINUTES. Requests are rate limited per network address (a
refusal that says so, naming no account) and per e-mail address (silently: the answer may not
differ). Every request and every e-mail sent or failed is in the audit trail; an e-mail the
mail server refused is logged as an error and leaves the job failed, for the operators to see.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts import audit
from accounts.models import AuditEvent, AuditKind
from digicoop.tasks import task

logger = logging.getLogger(__name__)

WINDOW = dt.timedelta(hours=1)
PER_NETWORK_ADDRESS = 10  # requests an hour from one address
PER_EMAIL = 3  # e-mails an hour to one address


def email_digest(email: str) -> str:
    """A keyed digest of a typed address: requests for one address can be counted without
    keeping what strangers typed."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:24]


def _recent():
    return AuditEvent.objects.filter(
        kind=AuditKind.PASSWORD_RESET, at__gte=timezone.now() - WINDOW, target__startswith="asked "
    )


def too_many_from(address: str | None) -> bool:
    return bool(address) and _recent().filter(address=address).count() >= PER_NETWORK_ADDRESS


def record_request(request, email: str) -> bool:
    """Record a request; True when an e-mail may be sent for it (under the address's limit)."""
    target = f"asked {email_digest(email)}"
    allowed = _recent().filter(target=target).count() < PER_EMAIL
    audit.record(AuditKind.PASSWORD_RESET, request=request, target=target, change="requested")
    return allowed


class ResetForm(PasswordResetForm):
    """Django's form, whose e-mails leave through the job queue instead of during the request."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        send_reset_email.enqueue(context["user"].pk, context["uid"], context["token"])


@task()
def send_reset_email(user_id: int, uid: str, token: str) -> bool:
    """Render the e-mail in the user's language and send it; a refusal of the mail server is
    logged, recorded, and fails the job (it is never reported as sent)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    context = {
        "user": user,
        "link": f"{settings.SITE_URL}/accounts/reset/{uid}/{token}/",
        "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    target = f"user {user.get_username()}"
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except Exception as exc:  # any backend's refusal: SMTP, connection, configuration
        logger.error("Password reset e-mail to user %s not sent: %s", user.pk, exc)
        audit.record(
            AuditKind.PASSWORD_RESET, target=target, change="e-mail failed", error=str(exc)[:200]
        )
        raise
    audit.record(AuditKind.PASSWORD_RESET, target=target, change="e-mail sent")
    return True
