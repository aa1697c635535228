"""Prove at start-up, and before the first write, that the configured key opens the stored data.

Without this check a missing or wrong key would only show when someone reads a record, and new
records would be sealed under a key that cannot open the old ones. Both stop here instead, with
a message that says what to configure.
"""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction

from talent.crypto import DecryptionError, KeyRing, keyring

CANARY = b"digicoop data key canary v1"
CONTEXT = b"talent.keycanary"
_state = {"verified": False}

HINT = (
    "Set DIGICOOP_DATA_KEY (or DIGICOOP_DATA_KEY_FILE) to the key the data was encrypted with; "
    "during a rotation list the new key first and the old one after it, comma-separated."
)


def forget() -> None:
    _state["verified"] = False


def problems(ring: KeyRing) -> list[str]:
    """What stops the configured keys from opening the stored data (empty when all is well)."""
    from talent.models import KeyCanary, Person

    found = []
    for canary in KeyCanary.objects.all():
        try:
            opened = ring.open(canary.sealed, CONTEXT)
        except DecryptionError as exc:
            found.append(f"the data key check value was {exc}")
            continue
        if opened != CANARY:
            found.append("the data key check value does not match")
    unknown = sorted(
        set(
            Person.objects.exclude(key_id="")
            .exclude(key_id__in=list(ring.keys))
            .values_list("key_id", flat=True)[:1000]
        )
    )
    if unknown:
        found.append(f"trainee records are sealed with key(s) {', '.join(unknown)}, not configured")
    return found


def ensure_key_opens_data() -> KeyRing:
    """The key ring, once proven to open the stored data; raises ImproperlyConfigured if not."""
    ring = keyring()
    if _state["verified"]:
        return ring
    from talent.models import KeyCanary

    found = problems(ring)
    if found:
        raise ImproperlyConfigured(
            "The data key cannot open the stored personal data: " + "; ".join(found) + ". " + HINT
        )
    if KeyCanary.objects.filter(key_id=ring.primary.id).exists():
        _state["verified"] = True
    else:
        KeyCanary.objects.create(key_id=ring.primary.id, sealed=ring.seal(CANARY, CONTEXT))
        # Only a committed check value proves anything to the next start-up.
        transaction.on_commit(lambda: _state.update(verified=True))
    return ring


def check_data_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check run by migrate, runserver and `manage.py check`."""
    try:
        ring = keyring()
    except ImproperlyConfigured as exc:
        return [checks.Critical(str(exc), id="talent.E001")]
    try:
        found = problems(ring)
    except DatabaseError:
        return []  # tables not migrated yet: nothing is stored, so nothing to open
    return [
        checks.Critical(
            "The data key cannot open the stored personal data: " + "; ".join(found) + ".",
            hint=HINT,
            id="talent.E002",
        )
        for _ in found[:1]
    ]
