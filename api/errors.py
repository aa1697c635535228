"""One JSON error shape for every 4xx the API returns.

``{"detail": "…", "errors": [{"field": "budgets[0].value", "message": "…"}]}``, plus
``current_version`` on a 409 caused by a stale update. Bad input must never turn into a 500:
each kind of refusal the domain raises has its handler here. Bad input is a list of
``lib.problems.Problem`` (the request's, as ninja found them, or the write door's, raised as a
``ValidationError``); ``problem_out`` is the one place a problem becomes an item of ``errors``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from activities.permissions import NotVisible
from activities.services import StaleVersion
from activities.states import WrongState
from api import validation_messages
from lib.problems import Problem, Problems


def problem_out(problem: Problem) -> dict[str, str]:
    """A problem as an item of ``ErrorOut.errors`` (the schema's ``FieldError``): the path of
    its field, ``__all__`` when it is about the whole request, and its message."""
    return {"field": problem.field or NON_FIELD_ERRORS, "message": problem.message}


def error(
    api: NinjaAPI,
    request,
    status: int,
    detail: str,
    problems: Iterable[Problem] = (),
    **extra,
) -> HttpResponse:
    body = {"detail": detail, "errors": [problem_out(p) for p in problems], **extra}
    return api.create_response(request, body, status=status)


def _ninja_field(loc) -> str:
    # ninja locates errors as ("body", "payload", "budgets", 0, "value"); keep the useful tail.
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body" and len(parts) > 1:
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out  # empty: the request as a whole


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_payload(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        problems = [
            Problem(validation_messages.message(e), _ninja_field(e.get("loc", ())))
            for e in exc.errors
        ]
        return error(api, request, 422, _("The request is not valid."), problems)

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        problems = Problems.from_validation_error(exc)
        return error(api, request, 422, _("The data is not valid."), problems)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error(api, request, 403, str(exc) or _("You may not do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(api, request, 404, _("Not found."))

    @api.exception_handler(NotVisible)
    def not_visible(request: HttpRequest, exc: NotVisible) -> HttpResponse:
        return error(api, request, 404, _("Not found."))

    @api.exception_handler(StaleVersion)
    def stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
        return error(
            api,
            request,
            409,
            _(
                "This activity was changed by someone else (now version %(version)s); read it "
                "again and make your change again."
            )
            % {"version": exc.current},
            current_version=exc.current,
        )

    @api.exception_handler(WrongState)
    def wrong_state(request: HttpRequest, exc: WrongState) -> HttpResponse:
        return error(api, request, 409, str(exc))

    @api.exception_handler(IntegrityError)
    def clash(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        return error(api, request, 409, _("This conflicts with an existing record."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error(api, request, exc.status_code, exc.message)
