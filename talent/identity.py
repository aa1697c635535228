"""Who a trainee is: sealing personal fields, blind indexes, linking, merging and unmerging.

Exact linking is by blind index only. Email (lower-cased, trimmed) and ID number with its issuing
country are strong signals: records sharing one are the same person. Linking is a function of the
records, not of their upload order: a new record matching several people joins them all into
one, so every person is a connected component of the "shares an e-mail or ID" graph (plus the
reviewers' merges), whatever the order. The canonical record of a person is its oldest record.

Linking holds one lock for the rest of its transaction (PostgreSQL advisory lock; SQLite runs
transactions IMMEDIATE, so the writer already holds the database's write lock): two imports of the
same new person at once cannot both miss each other and create two people.

Records without an exact match are scored against similar records by private fuzzy matching
(talent.similarity, never decrypting); pairs above the threshold go to the reviewer's list of
possible duplicates and never merge by themselves. Every join is a ``Merge`` row listing what
moved, so it can be undone, and naming the facts on which the joined records disagree.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from talent import rollup, similarity
from talent.crypto import KeyRing, keyring
from talent.keycheck import ensure_key_opens_data
from talent.models import (
    Enrolment,
    EventAction,
    MatchKey,
    Merge,
    Person,
    PossibleDuplicate,
    TalentEvent,
    Verdict,
)

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
    key = ring.primary.similarity_key
    person.clk = similarity.encode(key, data.name, email, id_value)
    # Saved by store_match_keys once the row has its primary key.
    person.block_keys = similarity.block_keys(  # type: ignore[attr-defined]
        key, data.name, person.birth_year, person.country_id or ""
    )


def store_match_keys(people: list[Person]) -> None:
    """(Re)write the blocking keys computed by ``seal`` for rows that are now saved."""
    MatchKey.objects.filter(person__in=[p.pk for p in people]).delete()
    MatchKey.objects.bulk_create(
        [MatchKey(person_id=p.pk, key=k) for p in people for k in getattr(p, "block_keys", ())],
        batch_size=1000,
    )


def reveal(person: Person, ring: KeyRing | None = None) -> PersonalData | None:
    """The personal fields, or None once erased. Callers check permissions first."""
    if person.personal is None:
        return None
    ring = ring or keyring()
    data = json.loads(ring.open(bytes(person.personal), person.ref.bytes))
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


def lock_linking() -> None:
    """Serialise linking until the transaction ends, so concurrent imports see each other."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINKING_LOCK])
        else:
            # An empty write takes SQLite's write lock if the transaction does not hold it yet.
            cursor.execute(f"UPDATE {Person._meta.db_table} SET id = id WHERE 0 = 1")  # noqa: S608


LINKING_LOCK = 0x7A1E_1D  # any fixed number: the one advisory lock linking uses
FACTS = ("sex", "birth_year", "country_id")


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
    """The provider's record of this trainee: reused if it has one, else created; then linked.

    Every person the record matches exactly (by blind index) is joined with it into one, so the
    result does not depend on which record came first. A new record is also scored against
    similar ones, and likely pairs of different people are listed for a reviewer.
    """
    ring = ensure_key_opens_data()
    with transaction.atomic():
        lock_linking()
        matches = find(data.email, data.id_number, data.id_country)
        person = _own_record(data, [p for p in matches if p.recorded_by_id == recorded_by.pk])
        created = person is None
        if person is None:
            person = Person(
                recorded_by=recorded_by,
                sex=sex,
                birth_year=birth_year,
                country=country,
                affiliation=affiliation,
            )
            seal(person, data, ring)
            person.save()
            store_match_keys([person])
        groups = {p.talent_id for p in matches} | {person.talent_id}
        if len(groups) > 1:
            join(
                groups,
                action=EventAction.LINKED,
                actor=actor,
                note=_("Same email or ID number and issuing country (blind index)."),
            )
            person.refresh_from_db(fields=["merged_into"])
        if created:
            # Also when linked: the person may have another record no identifier reaches.
            score_candidates([person])
    return person


def _own_record(data: PersonalData, own: list[Person]) -> Person | None:
    """The provider's existing record of this trainee, if it already holds every identifier
    of ``data``; else None, and a new record keeps the new identifier. So the identifiers
    stored are the union of all uploaded, whatever the order, and so is the linking."""
    ring = keyring()
    wanted = []
    if normal_email(data.email):
        wanted.append(("email_index", set(ring.blind_all(EMAIL, normal_email(data.email)))))
    id_value = normal_id(data.id_number, data.id_country)
    if id_value:
        wanted.append(("id_index", set(ring.blind_all(ID_NUMBER, id_value))))
    for record in own:
        if all(bytes(getattr(record, f) or b"") in values for f, values in wanted):
            return record
    return None


def join(groups: set[int], *, action: str, actor=None, note: str = "") -> Merge:
    """Join the persons whose canonical ids are ``groups`` into one: the oldest record leads.

    Records of the others move to it, their enrolments count for it, and the move is kept in a
    ``Merge`` row (with the facts the records disagree on) so ``unmerge`` can put it back.
    """
    target = min(groups)
    members = list(
        Person.objects.annotate(canonical=Coalesce("merged_into_id", "id"))
        .filter(canonical__in=groups)
        .values_list("id", "canonical", *FACTS)
    )
    moved = [[pk, canonical] for pk, canonical, *_facts in members if canonical != target]
    moved_ids = [pk for pk, _canonical in moved]
    Person.objects.filter(pk__in=moved_ids).update(merged_into=target)
    Enrolment.objects.filter(person_id__in=moved_ids).update(talent_id=target)
    rollup.refresh({target, *(canonical for _pk, canonical in moved)})
    disagreements = [
        name
        for position, name in enumerate(("sex", "birth_year", "country"))
        if len({row[2 + position] for row in members if row[2 + position]}) > 1
    ]
    merge = Merge.objects.create(
        action=action, into_id=target, moved=moved, disagreements=disagreements, actor=actor
    )
    if disagreements:
        note = f"{note} " + _("The joined records disagree on: %(fields)s.") % {
            "fields": ", ".join(disagreements)
        }
    TalentEvent.objects.bulk_create(
        TalentEvent(action=action, person_id=pk, other_id=target, actor=actor, note=note.strip())
        for pk in sorted({canonical for _pk, canonical in moved})
    )
    PossibleDuplicate.objects.filter(
        verdict=Verdict.OPEN, first_id__in=[m[0] for m in members]
    ).filter(second_id__in=[m[0] for m in members]).update(
        verdict=Verdict.MERGED, decided_by=actor, decided_at=timezone.now()
    )
    return merge


def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def score_candidates(people: list[Person]) -> int:
    """Score each record against the records sharing a blocking key; store likely pairs.

    A few queries per batch whatever its size (keys, records sharing them, their profiles).
    Returns how many pairs were found. Pairs already stored keep their score and verdict, so a
    pair marked "not the same person" stays hidden.
    """
    ids = [p.pk for p in people]
    keys: dict[int, set[int]] = {}
    for chunk in _chunks(ids):
        for pk, key in MatchKey.objects.filter(person_id__in=chunk).values_list("person_id", "key"):
            keys.setdefault(pk, set()).add(key)
    sharing: dict[int, set[int]] = {}
    for chunk in _chunks(sorted(set().union(*keys.values()) if keys else set())):
        for pk, key in MatchKey.objects.filter(key__in=chunk).values_list("person_id", "key"):
            sharing.setdefault(key, set()).add(pk)
    involved = sorted(set().union(*sharing.values()) if sharing else set())
    profiles, canonical = {}, {}
    for chunk in _chunks(involved):
        rows = Person.objects.filter(pk__in=chunk, erased_at__isnull=True).values_list(
            "pk", "clk", "merged_into_id", *FACTS
        )
        for pk, clk, merged_into, sex, birth_year, country in rows:
            profiles[pk] = similarity.Profile.of(clk, sex, birth_year, country)
            canonical[pk] = merged_into or pk
    found: dict[tuple[int, int], PossibleDuplicate] = {}
    for pk in ids:
        if pk not in profiles:
            continue
        # Each candidate with how common the rarest key it shares with this record is.
        others: dict[int, int] = {}
        for k in keys.get(pk, ()):
            holders = sharing.get(k, set())
            for other in holders:
                others[other] = min(others.get(other, len(holders)), len(holders))
        for other, commonness in others.items():
            pair = (min(pk, other), max(pk, other))
            if other not in profiles or canonical[other] == canonical[pk] or pair in found:
                continue
            result = similarity.compare(profiles[pk], profiles[other], commonness)
            if result.score >= similarity.REVIEW_THRESHOLD:
                found[pair] = PossibleDuplicate(
                    first_id=pair[0], second_id=pair[1], score=result.score, fields=result.fields
                )
    PossibleDuplicate.objects.bulk_create(found.values(), ignore_conflicts=True, batch_size=500)
    return len(found)


def _in_plan(plan):
    return Enrolment.objects.filter(programme__activity__plan=plan).values("person_id")


def possible_duplicates(plan):
    """The plan's open pairs, best first: both records enrolled in the plan, not yet one person.

    Computed from stored scores and blind facts: no personal field is decrypted to find them.
    """
    return (
        PossibleDuplicate.objects.filter(
            verdict=Verdict.OPEN, first__in=_in_plan(plan), second__in=_in_plan(plan)
        )
        .annotate(
            first_canonical=Coalesce("first__merged_into_id", "first_id"),
            second_canonical=Coalesce("second__merged_into_id", "second_id"),
        )
        .exclude(first_canonical=F("second_canonical"))
        .filter(first__erased_at__isnull=True, second__erased_at__isnull=True)
        .select_related("first__recorded_by", "second__recorded_by", "first", "second")
        .order_by("-score", "pk")
    )


def sparse_records(plan):
    """The plan's records with neither e-mail nor ID: each counts as its own person until a
    reviewer merges it, because nothing exact can link it."""
    return (
        Person.objects.filter(
            pk__in=_in_plan(plan),
            email_index__isnull=True,
            id_index__isnull=True,
            erased_at__isnull=True,
        )
        .select_related("recorded_by", "country")
        .order_by("pk")
    )


def disagreeing_merges(plan):
    """Joins in force whose records disagree on sex, birth year or country, for the reviewer."""
    return (
        Merge.objects.filter(undone_at__isnull=True, into__in=_in_plan(plan))
        .exclude(disagreements=[])
        .select_related("into__recorded_by")
        .order_by("-pk")
    )


def not_the_same(pair: PossibleDuplicate, actor) -> None:
    """The reviewer's "not the same person": remembered, so the pair is never listed again."""
    PossibleDuplicate.objects.filter(pk=pair.pk).update(
        verdict=Verdict.NOT_SAME, decided_by=actor, decided_at=timezone.now()
    )


def merge(person: Person, into: Person, actor) -> Merge:
    """A reviewer's decision that two records are one person (with everyone linked to them)."""
    with transaction.atomic():
        lock_linking()
        person.refresh_from_db(fields=["merged_into"])
        into.refresh_from_db(fields=["merged_into"])
        if person.talent_id == into.talent_id:
            raise ValueError(_("These records already count as one person."))
        return join({person.talent_id, into.talent_id}, action=EventAction.MERGED, actor=actor)


def unmerge(person: Person, actor) -> None:
    """Undo the join that brought ``person`` into its person: every record it moved goes back.

    Refused while a later join still holds those records (undo that one first), so an unmerge
    never splits a person in a way no sequence of joins produced.
    """
    with transaction.atomic():
        lock_linking()
        person.refresh_from_db(fields=["merged_into"])
        if person.merged_into_id is None:
            raise ValueError(_("This record is not merged into another."))
        last = next(
            (
                m
                for m in Merge.objects.filter(undone_at__isnull=True).order_by("-pk")
                if any(pk == person.pk for pk, _before in m.moved)
            ),
            None,
        )
        if last is None:
            raise ValueError(_("No merge of this record is recorded; it cannot be undone."))
        ids = [pk for pk, _before in last.moved]
        held = Person.objects.filter(pk__in=ids).exclude(merged_into_id=last.into_id).exists()
        if held or Person.objects.filter(pk=last.into_id, merged_into__isnull=False).exists():
            raise ValueError(_("A later merge joined these records again; undo that one first."))
        for pk, before in last.moved:
            Person.objects.filter(pk=pk).update(merged_into=None if before == pk else before)
            Enrolment.objects.filter(person_id=pk).update(talent_id=before)
        rollup.refresh({last.into_id, *(before for _pk, before in last.moved)})
        Merge.objects.filter(pk=last.pk).update(undone_at=timezone.now())
        person.refresh_from_db(fields=["merged_into"])
        TalentEvent.objects.create(
            action=EventAction.UNMERGED, person=person, other_id=last.into_id, actor=actor
        )
