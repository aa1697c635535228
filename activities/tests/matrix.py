"""Every role against every write path: which personas may do what, shared by the page and API
tests. Each row: action, the state the record starts in, who succeeds, who may not even see it
(404); everyone else signed in gets 403 and the anonymous visitor is asked to sign in."""

from __future__ import annotations

PERSONAS = [
    "secretariat",
    "reviewer",
    "kenyan_focal_point",
    "chinese_focal_point",
    "kenyan_viewer",
    "kenyan_trainer",
    "outsider",
    "anonymous",
]
NOT_KENYAN_READERS = {"chinese_focal_point", "outsider"}

MATRIX = {
    # action: (start state, allowed personas, personas to whom the record is invisible)
    "create": (None, {"secretariat", "kenyan_focal_point"}, set()),
    "edit": ("draft", {"secretariat", "kenyan_focal_point"}, NOT_KENYAN_READERS),
    "submit": ("draft", {"secretariat", "kenyan_focal_point"}, NOT_KENYAN_READERS),
    "approve": ("submitted", {"secretariat", "reviewer"}, NOT_KENYAN_READERS),
    "return": ("submitted", {"secretariat", "reviewer"}, NOT_KENYAN_READERS),
    "archive": ("approved", {"secretariat"}, set()),
    "delete": ("draft", {"secretariat", "kenyan_focal_point"}, NOT_KENYAN_READERS),
}
CASES = [(action, who) for action in MATRIX for who in PERSONAS]


def expected(action: str, who: str) -> str:
    """'ok', 'forbidden', 'not_found' or 'sign_in'."""
    state, allowed, invisible = MATRIX[action]
    if who in allowed:
        return "ok"
    if who == "anonymous":
        return "not_found" if state not in (None, "approved") else "sign_in"
    return "not_found" if who in invisible else "forbidden"
