"""API tokens for integrators: created and revoked by their owner, stored only as a digest."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from accounts.models import ApiToken

PREFIX = "dc_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user``; the clear token is returned once and never stored."""
    clear = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API token", prefix=clear[:10], digest=_digest(clear)
    )
    return token, clear


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; False when there is no such active token."""
    return bool(
        ApiToken.objects.filter(user=user, pk=token_id, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    )


def user_for_token(clear: str):
    """The active user a clear token belongs to, or None."""
    if not clear.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(clear), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
