"""Data subjects' rights: subject access (everything held about a person) and erasure.

Erasure destroys the sealed personal fields and the blind indexes, so the person can no longer
be found, matched or named. The pseudonymous facts and the enrolments stay, so the published
counts, which were never about a named person, do not change.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from talent import rollup
from talent.identity import reveal
from talent.models import EventAction, MatchKey, Person, TalentEvent


def subject_access(person: Person, actor=None) -> dict:
    """Everything the registry holds about ``person``'s record, as plain JSON-ready data."""
    data = reveal(person)
    enrolments = person.enrolments.select_related("programme__activity", "provider")
    TalentEvent.objects.create(action=EventAction.EXPORTED, person=person, actor=actor)
    return {
        "reference": str(person.ref),
        "recorded_by": person.recorded_by.name,
        "personal": None
        if data is None
        else {
            "name": data.name,
            "email": data.email,
            "phone": data.phone,
            "id_number": data.id_number,
            "id_issuing_country": data.id_country,
        },
        "sex": person.sex,
        "birth_year": person.birth_year,
        "country": person.country_id,
        "affiliation": person.affiliation,
        "counted_with": str(Person.objects.get(pk=person.merged_into_id).ref)
        if person.merged_into_id
        else None,
        "erased_at": person.erased_at.isoformat() if person.erased_at else None,
        "recorded_at": person.created_at.isoformat(),
        "enrolments": [
            {
                "programme": str(e.programme),
                "activity": e.programme.activity.iati_identifier,
                "provider": e.provider.name,
                "enrolled_on": e.enrolled_on.isoformat(),
                "status": e.status,
                "completed_on": e.completed_on.isoformat() if e.completed_on else None,
                "consent_given": e.consent_given,
                "consent_on": e.consent_on.isoformat() if e.consent_on else None,
                "certificate_code": getattr(getattr(e, "certificate", None), "code", None),
            }
            for e in enrolments
        ],
        "history": [
            {"action": ev.action, "at": ev.at.isoformat(), "note": ev.note}
            for ev in person.events.all()
        ],
    }


@transaction.atomic
def erase(person: Person, actor=None) -> None:
    """Destroy the personal fields and blind indexes; keep the anonymous enrolments."""
    Person.objects.filter(pk=person.pk).update(
        personal=None,
        key_id="",
        email_index=None,
        id_index=None,
        name_index=None,
        clk=None,
        affiliation="",
        erased_at=timezone.now(),
    )
    MatchKey.objects.filter(person=person).delete()
    person.refresh_from_db()
    # Erasure keeps the pseudonymous facts the figures read; recomputed all the same, so the
    # roll-up never holds anything the records no longer say.
    rollup.refresh([person.talent_id])
    TalentEvent.objects.create(action=EventAction.ERASED, person=person, actor=actor)
