"""What every page needs to know about imports: whether to offer them in the navigation."""

from __future__ import annotations

from interop.permissions import can_import


def imports(request) -> dict:
    # A callable: the template calls it only for signed-in users, so anonymous pages cost no
    # query.
    return {"can_import": lambda: can_import(request.user)}
