"""API tokens for integrators: created and revoked by their owner, stored only as a digest,
and valid for DIGICOOP_API_TOKEN_DAYS (90 by default) from their creation."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import Enum

from django.conf import settings
from django.utils import timezone

from accounts.models import ApiToken

PREFIX = "dc_"
# last_used_at is written at most this often per token: a busy integration would otherwise
# write a row on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class Refusal(Enum):
    """Why a clear token signs nobody in (the API names it in its 401 answer)."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
    """Make a token for ``user``, valid ``days`` (the configured lifetime when None, never
    longer); the clear token is returned once and never stored."""
    lifetime = settings.DIGICOOP_API_TOKEN_DAYS if days is None else days
    lifetime = max(1, min(lifetime, settings.DIGICOOP_API_TOKEN_DAYS))
    clear = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=clear[:10],
        digest=_digest(clear),
        expires_at=timezone.now() + dt.timedelta(days=lifetime),
    )
    return token, clear


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; False when there is no such active token."""
    return bool(
        ApiToken.objects.filter(user=user, pk=token_id, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    )


def check_token(clear: str) -> tuple[object | None, Refusal | None]:
    """The active user a clear token belongs to, or None and why not. A use is recorded."""
    if not clear.startswith(PREFIX):
        return None, Refusal.UNKNOWN
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(clear), user__is_active=True)
        .first()
    )
    if token is None:
        return None, Refusal.UNKNOWN
    if token.revoked_at is not None:
        return None, Refusal.REVOKED
    now = timezone.now()
    if token.expires_at <= now:
        return None, Refusal.EXPIRED
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, None


def user_for_token(clear: str):
    """The active user a clear token belongs to, or None."""
    return check_token(clear)[0]
