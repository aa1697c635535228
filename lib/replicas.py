"""Public portal reads from PostgreSQL read replicas (``DATABASE_REPLICA_URLS``).

A request is *public* when ``lib.public_cache`` would cache it: an anonymous GET of a public page
or of the API. Its reads go to one of the replicas (chosen at random per request); every other
read, and every write, goes to the primary (``default``), so a user always reads what they have
just written. A replica lags its primary by a moment: see ``PublicResponseCache`` for why a
page read from a replica right after a change is not cached.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_replica: ContextVar[str | None] = ContextVar("digicoop_replica", default=None)


@contextmanager
def public_reads() -> Iterator[str | None]:
    """Within this block, reads go to a replica (if any is configured)."""
    aliases = settings.DATABASE_REPLICAS
    token = _replica.set(random.choice(aliases) if aliases else None)
    try:
        yield _replica.get()
    finally:
        _replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        return _replica.get()

    def db_for_write(self, model, **hints) -> None:
        return None  # the primary (or the alias a caller names with .using())

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replicas hold the primary's very rows
