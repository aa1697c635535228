"""Re-encrypt every trainee record under the primary data key, in batches.

Rotation procedure: configure ``DIGICOOP_DATA_KEY=new,old`` (new first), run
``manage.py rotate_data_key``, then drop the old key. While both keys are configured every
record stays readable and lookups search both keys' blind indexes, so the app keeps serving.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from talent.crypto import keyring
from talent.identity import reveal, seal, store_match_keys
from talent.keycheck import CANARY, CONTEXT
from talent.models import EventAction, KeyCanary, Person, TalentEvent

BATCH = 500


def stale_records():
    ring = keyring()
    return Person.objects.exclude(key_id="").exclude(key_id=ring.primary.id)


def rotate(progress: Callable[[int, int], None] | None = None, batch: int = BATCH) -> int:
    """Re-seal (and re-index) every record not under the primary key; return how many."""
    ring = keyring()
    total, done, last = stale_records().count(), 0, 0
    while True:
        with transaction.atomic():
            people = list(stale_records().filter(pk__gt=last).order_by("pk")[:batch])
            if not people:
                break
            for person in people:
                seal(person, reveal(person, ring), ring)
            Person.objects.bulk_update(
                people, ["personal", "key_id", "email_index", "id_index", "name_index", "clk"]
            )
            store_match_keys(people)
        done, last = done + len(people), people[-1].pk
        if progress:
            progress(done, total)
    with transaction.atomic():
        KeyCanary.objects.exclude(key_id=ring.primary.id).delete()
        if not KeyCanary.objects.filter(key_id=ring.primary.id).exists():
            KeyCanary.objects.create(key_id=ring.primary.id, sealed=ring.seal(CANARY, CONTEXT))
        TalentEvent.objects.create(
            action=EventAction.ROTATED, note=f"{done} records re-sealed under {ring.primary.id}"
        )
    return done
