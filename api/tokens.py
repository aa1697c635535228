"""Integrators manage their own API tokens (the clear token is returned once, on creation)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from accounts.tokens import create_token, revoke_token
from api.auth import user_required
from api.schemas import ERRORS, omittable, text

router = Router(tags=["tokens"], auth=user_required)


class TokenIn(Schema):
    name: text(100, 1)
    days: omittable(
        int,
        ge=1,
        le=36500,
        description="Days the token is valid; the server's limit (90 by default) when left out"
        " or longer.",
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    expires_at: dt.datetime


class NewTokenOut(TokenOut):
    token: str


@router.get("/", response={200: list[TokenOut], **ERRORS})
def list_tokens(request: HttpRequest):
    return list(request.user.api_tokens.all())


@router.post("/", response={201: NewTokenOut, **ERRORS})
def new_token(request: HttpRequest, payload: TokenIn):
    """Create a token; copy ``token`` now, it is never shown again."""
    token, clear = create_token(request.user, payload.name, days=payload.days)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": clear})


@router.delete("/{token_id}", response={204: None, **ERRORS})
def delete_token(request: HttpRequest, token_id: int):
    if not revoke_token(request.user, token_id):
        raise Http404
    return Status(204, None)
