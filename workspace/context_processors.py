"""The navigation's count of waiting tasks and unread notices, computed only when a page
shows it (lazily) and only for a signed-in person."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from workspace import mytasks


def workspace(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "task_count": SimpleLazyObject(lambda: mytasks.count(user)),
        "unread_count": SimpleLazyObject(lambda: mytasks.unread(user)),
        "manages_people": SimpleLazyObject(lambda: mytasks.manages_people(user)),
    }
