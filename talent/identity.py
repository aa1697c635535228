"""Who a trainee is: sealing personal fields, blind indexes, matching, merging and unmerging.

Matching is by blind index only. Email (lower-cased, trimmed) and ID number with its issuing
country are strong signals: a second provider's record of the same person is linked to the first
automatically. Name with birth year is a weak signal (two people can share both), so it only
puts a pair on the reviewer's list of possible duplicates and never merges by itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields

from django.db import connection, transaction
from django.db.models import Q
from django.views.decorators.debug import sensitive_variables

from talent.crypto import KeyRing, keyring
from talent.keycheck import ensure_key_opens_data
from talent.models import Enrolment, EventAction, Person, TalentEvent

EMAIL, ID_NUMBER, NAME = "email", "id", "name"


@dataclass(frozen=True)
class PersonalData:
    """The personal fields of a trainee. Its repr never shows them (logs, tracebacks)."""

    name: str
    email: str = ""
    phone: str = ""
    id_number: str = ""
    id_country: str = ""

    def __repr__(self) -> str:
        return "PersonalData(<hidden>)"

    @property
    def initials(self) -> str:
        return "".join(f"{part[0].upper()}." for part in self.name.split() if part[:1].isalpha())


def normal_email(email: str) -> str:
    return email.strip().lower()


def normal_id(number: str, country: str) -> str:
    """ID numbers are written with and without spaces, dashes and dots; compare without."""
    cleaned = re.sub(r"[\s\-./]", "", number).upper()
    return f"{country.strip().upper()}:{cleaned}" if cleaned else ""


def normal_name(name: str) -> str:
    """Case, accents, spacing and name order do not matter for the weak name signal."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(sorted(re.findall(r"\w+", text)))


@sensitive_variables("data")
def seal(person: Person, data: PersonalData, ring: KeyRing) -> None:
    """Put ``data`` into ``person`` sealed, with its blind indexes, under the primary key."""
    payload = json.dumps(asdict(data), separators=(",", ":")).encode()
    person.personal = ring.seal(payload, person.ref.bytes)
    person.key_id = ring.primary.id
    email, id_value = normal_email(data.email), normal_id(data.id_number, data.id_country)
    person.email_index = ring.blind(EMAIL, email) if email else None
    person.id_index = ring.blind(ID_NUMBER, id_value) if id_value else None
    name = normal_name(data.name)
    person.name_index = ring.blind(NAME, f"{name}|{person.birth_year}") if name else None


def reveal(person: Person, ring: KeyRing | None = None) -> PersonalData | None:
    """The personal fields, or None once erased. Callers check permissions first."""
    if person.personal is None:
        return None
    ring = ring or keyring()
    data = json.loads(ring.open(person.personal, person.ref.bytes))
    return PersonalData(**{f.name: data.get(f.name, "") for f in fields(PersonalData)})


@sensitive_variables("email", "number")
def find(email: str = "", id_number: str = "", id_country: str = "") -> list[Person]:
    """Persons whose email, or ID number and issuing country, match exactly (by blind index)."""
    ring, query = keyring(), Q()
    if normal_email(email):
        query |= Q(email_index__in=ring.blind_all(EMAIL, normal_email(email)))
    if normal_id(id_number, id_country):
        query |= Q(id_index__in=ring.blind_all(ID_NUMBER, normal_id(id_number, id_country)))
    if not query:
        return []
    return list(Person.objects.filter(query, erased_at__isnull=True).order_by("pk"))


@sensitive_variables("data")
def record_person(
    data: PersonalData,
    *,
    recorded_by,
    sex: str,
    birth_year: int,
    country,
    affiliation: str = "",
    actor=None,
) -> Person:
    """The provider's record of this trainee: reused if it has one, else created and linked.

    A provider keeps one record per trainee; a match held by another provider becomes the new
    record's canonical person, so the two count once while each provider still sees only the
    personal fields it recorded itself.
    """
    ring = ensure_key_opens_data()
    matches = find(data.email, data.id_number, data.id_country)
    own = [p for p in matches if p.recorded_by_id == recorded_by.pk]
    if own:
        return own[0]
    person = Person(
        recorded_by=recorded_by,
        sex=sex,
        birth_year=birth_year,
        country=country,
        affiliation=affiliation,
    )
    if matches:
        person.merged_into_id = matches[0].talent_id
    seal(person, data, ring)
    person.save()
    if matches:
        TalentEvent.objects.create(
            action=EventAction.LINKED,
            person=person,
            other_id=person.merged_into_id,
            actor=actor,
            note="Same email or ID number and issuing country (blind index).",
        )
    return person


def possible_duplicates(limit: int = 200) -> list[tuple[int, int]]:
    """Pairs of canonical persons sharing name and birth year, for a reviewer to decide.

    Computed in SQL over the name index: no personal field is decrypted to find them.
    """
    canonical = "COALESCE(merged_into_id, id)"
    table = Person._meta.db_table
    sql = f"""
        SELECT MIN({canonical}), MAX({canonical})
        FROM {table}
        WHERE name_index IS NOT NULL AND erased_at IS NULL
        GROUP BY name_index
        HAVING COUNT(DISTINCT {canonical}) > 1
        ORDER BY 1
        LIMIT %s
    """  # noqa: S608 (table name from the model, no user input)
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        return [(low, high) for low, high in cursor.fetchall()]


@transaction.atomic
def merge(person: Person, into: Person, actor) -> None:
    """Count ``person`` (and everyone merged into it) as ``into``'s canonical person."""
    target = into.merged_into or into
    source_id = person.talent_id
    if source_id == target.pk:
        raise ValueError("These records already count as one person.")
    Person.objects.filter(Q(pk=source_id) | Q(merged_into_id=source_id)).update(merged_into=target)
    Enrolment.objects.filter(talent_id=source_id).update(talent=target)
    TalentEvent.objects.create(
        action=EventAction.MERGED, person_id=source_id, other=target, actor=actor
    )


@transaction.atomic
def unmerge(person: Person, actor) -> None:
    """Undo a merge: ``person`` counts on its own again, with its own enrolments."""
    if person.merged_into_id is None:
        raise ValueError("This record is not merged into another.")
    previous = person.merged_into_id
    Person.objects.filter(pk=person.pk).update(merged_into=None)
    Enrolment.objects.filter(person=person).update(talent=person)
    person.merged_into = None
    TalentEvent.objects.create(
        action=EventAction.UNMERGED, person=person, other_id=previous, actor=actor
    )
