"""Public responses and figures, cached until the public data changes.

Every cached entry's key holds the *public data generation*: a random token kept in the shared
cache (``settings.CACHES["default"]``: a file cache under ``var/`` by default, so the gunicorn
workers and the job workers of one machine share it; Redis with ``DIGICOOP_CACHE_URL`` when
several machines serve). Any statement that writes a table the public reads — whichever door
it came through: ``activities.services``, the bulk importer, talent enrolment, merge and
erasure, finance, the admin — replaces the token, so every entry made before is unreachable at
once. Nothing is ever invalidated key by key, so nothing can be forgotten.

Why a new random token and not a counter: two processes bumping at once could both write the
same "next" number; two random tokens always differ. A missing token (evicted, cache cleared)
is simply a new generation: a miss, never a stale page.

When the token changes: at the first write of a transaction (so the writing process never
serves itself stale pages, tests included), and again when the transaction commits (another
process may have cached what it read between the first bump and the commit; the second bump
makes that unreachable too).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import http_date

from lib.replicas import public_reads

GENERATION_KEY = "digicoop:public-generation"

# The statements that change nothing: reads, transaction control, settings.
_READ = re.compile(
    r"\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|PRAGMA|SET|SHOW|EXPLAIN)\b", re.I
)
# The table a write names first (INSERT INTO t, INSERT OR IGNORE INTO t, UPDATE t, DELETE FROM t).
_TABLE = re.compile(r"\b(?:INTO|UPDATE|FROM|TABLE)\s+\"?([A-Za-z0-9_]+)\"?", re.I)

# This process stored a response or figure since it last replaced the token: the next write
# must replace it at once, even in the middle of a transaction that already did.
_stored_since_bump = False


def generation() -> tuple[str, float]:
    """The current (token, time it was made); made on first use."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, (secrets.token_hex(8), time.time()), timeout=None)
        value = cache.get(GENERATION_KEY) or (secrets.token_hex(8), time.time())
    return value


def bump() -> None:
    """Make every cached public response and figure unreachable."""
    global _stored_since_bump
    _stored_since_bump = False
    cache.set(GENERATION_KEY, (secrets.token_hex(8), time.time()), timeout=None)


def changed(using: str = "default") -> None:
    """Public data is being written on connection ``using``: bump now, and again at commit.

    Called by the statement wrapper (``watch_writes``) for every write, and by bulk paths that
    talk to the driver directly (``interop.bulk``)."""
    _changed_on(connections[using])


def _changed_on(connection) -> None:
    # Takes the connection itself: Django's own connections without an alias in
    # ``connections`` (the one that creates a PostgreSQL test database) write too.
    if not connection.in_atomic_block:
        bump()
        return
    registered = any(entry[1] is bump for entry in connection.run_on_commit)
    if not registered:
        connection.on_commit(bump)
    if not registered or _stored_since_bump:
        bump()


@lru_cache(maxsize=512)
def _table_is_public(sql_head: str) -> bool:
    if _READ.match(sql_head):
        return False
    found = _TABLE.search(sql_head)
    if not found:
        return True  # a write we cannot name: assume it matters
    table = found.group(1).lower()
    return not any(table.startswith(p) for p in settings.PUBLIC_CACHE_IGNORED_TABLES)


def _watch(execute, sql, params, many, context):
    if _table_is_public(sql[:200] if isinstance(sql, str) else str(sql)[:200]):
        _changed_on(context["connection"])
    return execute(sql, params, many, context)


def watch_writes(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: route every statement through ``_watch``."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def remember(name: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    """A public figure, computed once per generation (and per ``parts``: plan, language…).

    Only for figures that depend on nothing but the public data and ``parts``, never on the
    user."""
    token, _made = generation()
    key = "digicoop:figure:" + _digest(name, token, *map(str, parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PUBLIC_CACHE_SECONDS)
        _note_stored()
    return value


def _note_stored() -> None:
    global _stored_since_bump
    _stored_since_bump = True


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=2048)
def _public_path(path: str) -> bool:
    if any(path.startswith(p) for p in settings.PUBLIC_CACHE_PATH_PREFIXES):
        return not any(path.startswith(p) for p in settings.PUBLIC_CACHE_EXCLUDED_PREFIXES)
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in settings.PUBLIC_CACHE_URL_NAMES


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


# The answers kept: a page, and the refusals of a malformed filter (400) or of a record that
# is not there or not public (404). A refusal depends on nothing but the path, the query, the
# language and the public data, as a page does, and costs as much to render (the whole list
# page with its message): unkept, a client repeating a bad address renders it every time and
# slows every reader (issue 15's hostile load). Never a 5xx: a failure is not an answer to keep.
STORED_STATUSES = frozenset({200, 400, 404})


class PublicResponseCache:
    """Serve anonymous GETs of public pages and the API from the cache; answer 304 when the
    reader already has the current generation.

    Placed before the session, CSRF and authentication middleware: a hit costs a cache read or
    two and no database query. A response is kept only when its status is one of
    ``STORED_STATUSES``, it sets no cookie, carries no CSRF token and was made for an anonymous
    reader; pages that depend on the user are never on the list
    (``settings.PUBLIC_CACHE_URL_NAMES``), and a request with a session, a pending message or
    an API token always goes through. A refusal is served with its own status and without
    validators (a precondition applies to a successful answer only, RFC 9110 13.2.1).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            request.method == "GET" and _anonymous(request) and _public_path(request.path_info)
        ):
            return self.get_response(request)
        if not settings.PUBLIC_CACHE_SECONDS:
            with public_reads():
                return self.get_response(request)
        language = translation.get_language_from_request(request)
        token, made = generation()
        key = _digest(
            request.get_host(), language, request.path_info, request.META.get("QUERY_STRING", "")
        )
        etag = f'"{_digest(key, token)}"'
        if etag in request.headers.get("If-None-Match", ""):
            response: HttpResponse = HttpResponseNotModified()
            self._validators(response, etag, made)
            return response
        stored = cache.get(f"digicoop:page:{key}:{token}")
        if stored is not None:
            status, content, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            self._validators(response, etag, made)
            return response
        with public_reads() as replica:
            response = self.get_response(request)
        # A replica may not have the change that made this generation yet: what it answers
        # in the first moments after a change is served but not kept.
        settled = replica is None or time.time() - made > settings.DATABASE_REPLICA_MAX_LAG
        if settled and self._storable(request, response):
            headers = list(response.headers.items())
            cache.set(
                f"digicoop:page:{key}:{token}",
                (response.status_code, response.content, headers),
                settings.PUBLIC_CACHE_SECONDS,
            )
            _note_stored()
            self._validators(response, etag, made)
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        cache_control = response.headers.get("Cache-Control", "")
        return (
            response.status_code in STORED_STATUSES
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (user is not None and user.is_authenticated)
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def _validators(response: HttpResponse, etag: str, made: float) -> None:
        # Revalidate every time (a 304 is cheap): never a stale page from a browser's cache.
        response.headers["Cache-Control"] = "no-cache"
        if response.status_code == 200:
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(made)
