"""Who is calling: a bearer token, else the session, else an anonymous visitor.

The API's global auth is *optional*: it sets ``request.user`` and always lets the request
through, so read endpoints serve the public and each endpoint (in any app) decides what the
user may do. Write endpoints add ``user_required``, which refuses anonymous callers with 401.
A session-authenticated write must carry the CSRF token, as a form post would.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from accounts.tokens import Refusal, check_token
from activities import permissions
from activities.models import Activity
from activities.states import Action

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _identify(request: HttpRequest):
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, value = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError(message=_("Send the API token as: Authorization: Bearer …"))
        user, refusal = check_token(value.strip())
        if refusal is Refusal.EXPIRED:
            raise AuthenticationError(
                message=_("The API token has expired; create a new one on your tokens page.")
            )
        if refusal is Refusal.REVOKED:
            raise AuthenticationError(message=_("The API token was revoked."))
        if user is None:
            raise AuthenticationError(message=_("The API token is not valid."))
        request.user = user
        return user
    user = getattr(request, "user", None) or AnonymousUser()
    if user.is_authenticated and request.method not in SAFE_METHODS and check_csrf(request):
        raise PermissionDenied(
            _("CSRF check failed: send the X-CSRFToken header with the session.")
        )
    request.user = user
    return user


class OptionalAuth(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest):
        _identify(request)
        return True


class UserRequired(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest):
        user = _identify(request)
        if not user.is_authenticated:
            raise AuthenticationError(message=_("Sign in or send an API token to do this."))
        return user


optional_auth = OptionalAuth()
user_required = UserRequired()


def load_activity(request: HttpRequest, activity_id: int, action: Action | str) -> Activity:
    """The API's counterpart of ``activities.permissions.activity_view``."""
    return permissions.load_activity(request.user, activity_id, action)
