"""Demo talent registry: programmes from several providers, about 3,000 synthetic trainees.

Every trainee is invented (names end in "(demo)", emails at demo.invalid). About 300 of them are
enrolled by a second provider too, so the registry shows cross-partner matching at work, and a
few pairs share name and birth year without being the same person, for the reviewer's list of
possible duplicates. Re-running replaces the demo trainees; it never duplicates them.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.utils import timezone

from activities.codes import ActivityStatus, WorkflowState
from activities.models import Activity
from participants.models import Country, Organisation
from plans.models import KindCategory
from talent import rollup
from talent.identity import PersonalData, score_candidates, seal, store_match_keys
from talent.keycheck import ensure_key_opens_data
from talent.models import (
    Certificate,
    Enrolment,
    EnrolmentStatus,
    EventAction,
    Merge,
    Mode,
    Person,
    Programme,
    Sex,
    TalentEvent,
)

TRAINEES = 3000
TWICE = 300  # trainees whose second provider also enrols them
NAME_TWINS = 12  # different people sharing name and birth year

GIVEN = (
    "Amina", "Baraka", "Chipo", "Dawit", "Esi", "Femi", "Grace", "Hassan", "Imani", "Jabari",
    "Kofi", "Lerato", "Mariam", "Nia", "Obinna", "Pendo", "Rania", "Sipho", "Tendai", "Wei",
    "Xiaoling", "Yaw", "Zainab", "Haoran", "Mei", "Olu", "Sade", "Tariq", "Aisha", "Jun",
)  # fmt: skip
FAMILY = (
    "Achieng", "Bello", "Chen", "Diallo", "Eze", "Fofana", "Gueye", "Hailu", "Ibrahim", "Juma",
    "Kamau", "Liu", "Mensah", "Ndlovu", "Okafor", "Phiri", "Quaye", "Sow", "Traore", "Wang",
    "Yeboah", "Zhang", "Moyo", "Banda", "Toure", "Nkosi", "Abebe", "Kariuki", "Li", "Osei",
)  # fmt: skip
PROGRAMMES = (
    ("training", "Cloud engineering bootcamp (demo)", Mode.BLENDED, 120, ["cloud", "devops"]),
    ("training", "AI for public services (demo)", Mode.ONLINE, 60, ["machine learning"]),
    ("training", "5G network operations (demo)", Mode.IN_PERSON, 160, ["5G", "radio"]),
    ("training", "Data science for agriculture (demo)", Mode.BLENDED, 80, ["data", "agritech"]),
    ("training", "Digital skills for teachers (demo)", Mode.ONLINE, 40, ["digital literacy"]),
    ("security-training", "Incident response essentials (demo)", Mode.IN_PERSON, 48, ["cyber"]),
    ("security-training", "Secure software development (demo)", Mode.ONLINE, 36, ["appsec"]),
    ("training", "Smart grid engineering (demo)", Mode.IN_PERSON, 100, ["energy", "IoT"]),
)
STATUSES = [EnrolmentStatus.COMPLETED] * 14 + [
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.ATTENDED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.DROPPED,
]
FIRST_DAY = dt.date(2024, 9, 1)


def _programmes(plan, providers: list[Organisation]) -> list[Programme]:
    kinds = {k.code: k for k in plan.activity_kinds.filter(category__in=(
        KindCategory.TRAINING_PROGRAMME, KindCategory.SECURITY_TRAINING))}  # fmt: skip
    hosts = Country.objects.in_bulk(["KE", "NG", "ZA", "EG", "SN", "ET", "CN"])
    programmes = []
    for n, (kind_code, title, mode, hours, skills) in enumerate(PROGRAMMES, start=1):
        kind = kinds[kind_code]
        pair = [providers[(n - 1) % len(providers)], providers[n % len(providers)]]
        activity, _ = Activity.objects.update_or_create(
            iati_identifier=f"XI-DEMO-T{n:02d}",
            defaults={
                "plan": plan,
                "reporting_org": pair[0],
                "title": {"en": title},
                "description": {"en": "Synthetic demo training programme."},
                "kind": kind,
                "status": ActivityStatus.IMPLEMENTATION,
                "workflow_state": WorkflowState.APPROVED,
                "actual_start": FIRST_DAY + dt.timedelta(days=20 * n),
                "is_demo": True,
            },
        )
        activity.pillars.set([kind.pillar])
        programme, _ = Programme.objects.update_or_create(
            activity=activity, defaults={"mode": mode, "hours": hours, "skills": skills}
        )
        programme.providers.set(pair)
        programme.host_countries.set(
            [
                hosts[c]
                for c in ("KE", "NG", "ZA", "EG", "SN", "ET", "CN")[n % 7 : n % 7 + 2]
                if c in hosts
            ]
        )
        programmes.append(programme)
    return programmes


def clear_talent() -> None:
    """Remove the demo trainees, their enrolments and certificates (real records untouched)."""
    demo = Person.objects.filter(recorded_by__is_demo=True)
    touched = set(Enrolment.objects.filter(person__in=demo).values_list("talent_id", flat=True))
    with rollup.paused():  # one refresh at the end, not one per enrolment
        Certificate.objects.filter(enrolment__person__in=demo).delete()
        Enrolment.objects.filter(person__in=demo).delete()
        TalentEvent.objects.filter(person__in=demo).delete()
        Merge.objects.filter(into__in=demo).delete()
        demo.update(merged_into=None)
        demo.delete()
    rollup.refresh(touched)


def build_talent(plan, orgs: list[Organisation], seed: int) -> int:
    """Create the demo programmes, trainees and enrolments; return the number of trainees."""
    with rollup.paused():
        made = _build_talent(plan, orgs, seed)
    rollup.rebuild()
    return made


def _build_talent(plan, orgs: list[Organisation], seed: int) -> int:
    rng = random.Random(seed)
    ring = ensure_key_opens_data()
    providers = [o for o in orgs if o.type in ("academia", "business", "international")][:8]
    programmes = _programmes(plan, providers)
    clear_talent()
    countries = Country.objects.in_bulk(
        ["KE", "NG", "ZA", "EG", "SN", "ET", "GH", "TZ", "MA", "CN"]
    )
    codes = sorted(countries)
    today = timezone.localdate()
    span = (today - FIRST_DAY).days - 130

    trainees = []
    for n in range(1, TRAINEES + 1):
        twin = n > TRAINEES - NAME_TWINS  # shares name and birth year with trainee n - 100
        base = trainees[n - 101] if twin else None
        trainees.append(
            {
                "n": n,
                "name": base["name"]
                if twin
                else f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} (demo)",
                "birth_year": base["birth_year"] if twin else rng.randint(1965, 2008),
                "sex": rng.choice([Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.MALE, Sex.OTHER]),
                "country": countries[rng.choice(codes)],
                "programme": programmes[rng.randrange(len(programmes))],
            }
        )

    def person(t: dict, provider: Organisation, merged_into=None) -> Person:
        p = Person(
            recorded_by=provider,
            sex=t["sex"],
            birth_year=t["birth_year"],
            country=t["country"],
            affiliation="Demo affiliation",
            merged_into=merged_into,
        )
        data = PersonalData(
            name=t["name"],
            email=f"trainee{t['n']:05d}@demo.invalid",
            phone=f"+000 {t['n']:07d}",
        )
        seal(p, data, ring)
        return p

    lead = {p.pk: p.activity.reporting_org for p in programmes}  # a different one for each
    firsts = Person.objects.bulk_create(
        [person(t, lead[t["programme"].pk]) for t in trainees], batch_size=500
    )
    seconds, second_trainees = [], []
    for t, first in zip(trainees[:TWICE], firsts[:TWICE], strict=True):
        other = programmes[(programmes.index(t["programme"]) + 1) % len(programmes)]
        t2 = {**t, "programme": other}
        seconds.append(person(t2, lead[other.pk], merged_into=first))
        second_trainees.append(t2)
    seconds = Person.objects.bulk_create(seconds, batch_size=500)
    store_match_keys([*firsts, *seconds])
    # Each second record was linked by its e-mail, as record_person would: undoable like it.
    Merge.objects.bulk_create(
        [
            Merge(action=EventAction.LINKED, into_id=p.merged_into_id, moved=[[p.pk, p.pk]])
            for p in seconds
        ],
        batch_size=500,
    )
    score_candidates([*firsts, *seconds])

    enrolments = []
    for t, p in [*zip(trainees, firsts, strict=True), *zip(second_trainees, seconds, strict=True)]:
        enrolled = FIRST_DAY + dt.timedelta(days=rng.randrange(max(span, 1)))
        status = rng.choice(STATUSES)
        done = status == EnrolmentStatus.COMPLETED
        enrolments.append(
            Enrolment(
                person=p,
                talent_id=p.merged_into_id or p.pk,
                programme=t["programme"],
                provider=p.recorded_by,
                enrolled_on=enrolled,
                status=status,
                completed_on=enrolled + dt.timedelta(days=rng.randint(30, 120)) if done else None,
                consent_given=True,
                consent_on=enrolled,
                age_at_enrolment=enrolled.year - t["birth_year"],
            )
        )
    enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=500)
    Certificate.objects.bulk_create(
        [
            Certificate(enrolment=e, issued_on=e.completed_on, code=secrets.token_urlsafe(24))
            for e in enrolments[::3]
            if e.status == EnrolmentStatus.COMPLETED
        ],
        batch_size=500,
    )
    return len(firsts) + len(seconds)
