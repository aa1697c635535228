"""Linking trainee records into people: order-independent, reversible, reviewed, plan-scoped."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role, RoleAssignment
from activities.models import Activity
from plans.models import Plan
from talent.counting import breakdown, digital_talents
from talent.identity import (
    disagreeing_merges,
    merge,
    possible_duplicates,
    score_candidates,
    sparse_records,
    unmerge,
)
from talent.models import Enrolment, Merge, Person, PossibleDuplicate, Verdict
from talent.sheets import import_sheet, template_csv
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def talents_of(*enrolments) -> list[int]:
    people = [Person.objects.get(pk=e.person_id) for e in enrolments]
    return [p.talent_id for p in people]


def test_a_record_matching_two_people_joins_them_whatever_the_upload_order(personas):
    """Partner 1 has the e-mail, partner 2 the ID, partner 3 both: one person in every order."""
    p = personas
    third_org = p.kenyan_ministry.__class__.objects.create(
        name="Third provider (test)", type="academia", country_id="NG"
    )
    orgs = [p.kenyan_ministry, p.chinese_company, third_org]
    records = [
        {"email": "amina@example.org"},
        {"email": "", "id_number": "A1234567", "id_country": "KE"},
        {"email": "amina@example.org", "id_number": "A1234567", "id_country": "KE"},
    ]
    for order in itertools.permutations(range(3)):
        with transaction.atomic():
            programmes = [make_programme(p.plan, org) for org in orgs]
            done = [enrol_row(programmes[i], orgs[i], **records[i]) for i in order]
            assert len(set(talents_of(*done))) == 1, order
            assert digital_talents(p.plan) == 1, order
            transaction.set_rollback(True)


# --- property: the same records give the same people in every order and split ------------

IDENTITY_FACTS = st.tuples(
    st.sampled_from(["female", "male", "other"]),
    st.integers(1980, 2006),
    st.sampled_from(["KE", "NG", "CN"]),
)
# Each record of a planted identity shows some of its identifiers: e-mail, ID, both or neither.
SHOWS = st.sampled_from(["email", "id", "both", "none"])


@st.composite
def planted(draw):
    identities = draw(st.lists(IDENTITY_FACTS, min_size=1, max_size=4))
    records = []
    for number, facts in enumerate(identities):
        for shows in draw(st.lists(SHOWS, min_size=1, max_size=3)):
            records.append((number, facts, shows))
    orders = draw(st.lists(st.permutations(range(len(records))), min_size=2, max_size=3))
    splits = [
        draw(st.lists(st.integers(0, 2), min_size=len(records), max_size=len(records)))
        for _order in orders
    ]
    return records, orders, splits


def _row(record, position: int) -> dict:
    number, (sex, year, country), shows = record
    email = f"person{number}@example.org" if shows in ("email", "both") else ""
    id_number = f"ID{number:06d}" if shows in ("id", "both") else ""
    return {
        "name": f"Trainee Number{number}",
        "email": email,
        "id_number": id_number,
        "id_country": "KE" if id_number else "",
        "sex": sex,
        "birth_year": year,
        "country": country,
    }


def _expected_partition(records) -> set[frozenset[int]]:
    """Connected components of "shares an e-mail or ID", computed independently of the code."""
    parent = list(range(len(records)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(records)), 2):
        (a, _fa, sa), (b, _fb, sb) = records[i], records[j]
        shared_email = sa in ("email", "both") and sb in ("email", "both")
        shared_id = sa in ("id", "both") and sb in ("id", "both")
        if a == b and (shared_email or shared_id):
            parent[root(i)] = root(j)
    groups: dict[int, set[int]] = {}
    for i in range(len(records)):
        groups.setdefault(root(i), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def _import(plan, orgs, programmes, records, order, split):
    by_record = {}
    for i in order:
        org = orgs[split[i]]
        # One programme per record, provided by everyone: no "already enrolled" refusals, so
        # any difference between runs can only come from linking.
        by_record[i] = enrol_row(programmes[i], org, **_row(records[i], i))
    talent = dict(zip(by_record, talents_of(*by_record.values()), strict=True))
    partition: dict[int, set[int]] = {}
    for i, t in talent.items():
        partition.setdefault(t, set()).add(i)
    counts = (
        digital_talents(plan),
        sorted((c.key, c.count) for c in breakdown(plan, "sex")),
        sorted((c.key, c.count) for c in breakdown(plan, "youth")),
    )
    return {frozenset(g) for g in partition.values()}, counts


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=planted())
def test_every_upload_order_and_split_gives_the_same_people_and_counts(personas, case):
    records, orders, splits = case
    p = personas
    orgs = [
        p.kenyan_ministry,
        p.chinese_company,
        p.kenyan_ministry.__class__.objects.get_or_create(
            name="Third provider (test)", defaults={"type": "academia", "country_id": "NG"}
        )[0],
    ]
    outcomes = []
    for order, split in zip(orders, splits, strict=True):
        with transaction.atomic():
            programmes = [make_programme(p.plan, *orgs) for _record in records]
            outcomes.append(_import(p.plan, orgs, programmes, records, order, split))
            transaction.set_rollback(True)
    expected = _expected_partition(records)
    for partition, counts in outcomes:
        assert partition == expected
        assert counts == outcomes[0][1]
    assert outcomes[0][1][0] == len(expected)


# --- merges: recorded, reversible, disagreements shown ------------------------------------


def test_an_automatic_link_is_recorded_and_can_be_undone(personas):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.chinese_company)
    a = enrol_row(first, p.kenyan_ministry, email="x@example.org").person
    b = enrol_row(second, p.chinese_company, email="X@example.org").person
    assert digital_talents(p.plan) == 1
    link = Merge.objects.get()
    assert (link.into_id, link.moved) == (a.pk, [[b.pk, b.pk]])
    unmerge(b, p.reviewer)
    assert digital_talents(p.plan) == 2
    assert Merge.objects.get().undone_at is not None


def test_unmerging_undoes_the_latest_join_of_the_record_first(personas):
    p = personas
    programmes = [make_programme(p.plan, p.kenyan_ministry) for _n in range(3)]
    a = enrol_row(programmes[0], p.kenyan_ministry, email="a@example.org").person
    b = enrol_row(programmes[1], p.chinese_company, email="b@example.org").person
    c = enrol_row(programmes[2], p.chinese_company, email="c@example.org").person
    merge(c, b, p.reviewer)
    merge(b, a, p.reviewer)
    assert digital_talents(p.plan) == 1
    c.refresh_from_db()
    unmerge(c, p.reviewer)  # the later join: b and c leave a together
    assert sorted(talents_of(*Enrolment.objects.order_by("pk"))) == [a.pk, b.pk, b.pk]
    unmerge(c, p.reviewer)  # then the earlier one
    assert digital_talents(p.plan) == 3
    with pytest.raises(ValueError, match="not merged"):
        unmerge(c, p.reviewer)


def test_the_reviewer_is_told_when_merged_records_disagree(client, personas):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.chinese_company)
    enrol_row(first, p.kenyan_ministry, email="", sex="female")
    enrol_row(second, p.chinese_company, email="", sex="male")
    pair = PossibleDuplicate.objects.get()
    assert (pair.fields["sex"], pair.fields["country"]) == ("disagree", "agree")
    client.force_login(p.reviewer)
    page = client.get(reverse("talent:duplicates")).content.decode()
    assert "<strong>sex</strong>" in page and "<strong>country</strong>" not in page
    answer = client.post(reverse("talent:pair-merge", args=[pair.pk]), follow=True)
    assert "disagree on: sex;" in answer.content.decode()
    assert list(disagreeing_merges(p.plan).values_list("disagreements", flat=True)) == [["sex"]]
    page = client.get(reverse("talent:duplicates")).content.decode()
    assert "disagree on" in page


def test_an_exact_link_between_disagreeing_records_is_listed_for_the_reviewer(personas):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.chinese_company)
    enrol_row(first, p.kenyan_ministry, email="same@example.org", birth_year=1998)
    enrol_row(second, p.chinese_company, email="same@example.org", birth_year=1999)
    assert digital_talents(p.plan) == 1
    assert [m.disagreements for m in disagreeing_merges(p.plan)] == [["birth_year"]]


# --- the review list -----------------------------------------------------------------------


def test_not_the_same_person_hides_the_pair_for_good(client, personas):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.chinese_company)
    a = enrol_row(first, p.kenyan_ministry, email="a1@example.org").person
    b = enrol_row(second, p.chinese_company, email="a2@example.org").person
    pair = possible_duplicates(p.plan).get()
    client.force_login(p.reviewer)
    client.post(reverse("talent:pair-not-same", args=[pair.pk]))
    assert PossibleDuplicate.objects.get().verdict == Verdict.NOT_SAME
    score_candidates([a, b])  # scored again, as a later import or rescoring would
    third = make_programme(p.plan, p.chinese_company)
    enrol_row(third, p.chinese_company, email="a2@example.org")  # b enrolled again
    assert not possible_duplicates(p.plan).exists()
    assert str(b.ref) not in client.get(reverse("talent:duplicates")).content.decode()
    assert digital_talents(p.plan) == 2


def _other_plan() -> Plan:
    return Plan.objects.create(
        slug="plan-b",
        title="Plan B",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )


def test_the_duplicate_list_of_plan_a_shows_nothing_of_plan_b(client, personas):
    p = personas
    plan_b = _other_plan()
    in_a = [make_programme(p.plan, p.kenyan_ministry) for _n in range(2)]
    in_b = [make_programme(p.plan, p.chinese_company) for _n in range(2)]
    Activity.objects.filter(programme__in=in_b).update(plan=plan_b)
    a1 = enrol_row(in_a[0], p.kenyan_ministry, email="ka@example.org", name="Amina Wanjiru")
    a2 = enrol_row(in_a[1], p.kenyan_ministry, email="kb@example.org", name="Wanjiru Amina")
    b1 = enrol_row(in_b[0], p.chinese_company, email="cb@example.org", name="Li Wei")
    b2 = enrol_row(in_b[1], p.chinese_company, email="cc@example.org", name="Wei Lee")
    ours = {(d.first_id, d.second_id) for d in possible_duplicates(p.plan)}
    theirs = {(d.first_id, d.second_id) for d in possible_duplicates(plan_b)}
    assert ours == {(a1.person_id, a2.person_id)}
    assert theirs == {(b1.person_id, b2.person_id)}
    reviewer_b = p.outsider
    RoleAssignment.objects.create(user=reviewer_b, plan=plan_b, role=Role.REVIEWER)
    client.force_login(reviewer_b)
    assert client.get(reverse("talent:duplicates")).status_code == 403
    page = client.get(reverse("talent:plan-duplicates", args=["plan-b"])).content.decode()
    assert str(b1.person.ref) in page and str(a1.person.ref) not in page
    pair_a = possible_duplicates(p.plan).get()
    assert client.post(reverse("talent:pair-merge", args=[pair_a.pk])).status_code == 404
    assert client.post(reverse("talent:pair-not-same", args=[pair_a.pk])).status_code == 404
    assert client.get(reverse("talent:person", args=[a1.person.ref])).status_code in (403, 404)
    assert digital_talents(p.plan) == 2


def test_transliteration_variants_and_swapped_names_rank_above_namesakes(personas):
    p = personas
    programmes = [make_programme(p.plan, p.kenyan_ministry) for _n in range(3)]
    one = enrol_row(programmes[0], p.kenyan_ministry, email="m1@example.org", name="Mohamed Ali")
    variant = enrol_row(
        programmes[1], p.chinese_company, email="m2@example.org", name="ALI Muhammad"
    )
    namesake = enrol_row(
        programmes[2],
        p.chinese_company,
        email="m3@example.org",
        name="Mohamed Ali",
        birth_year=1975,
        sex="male",
    )
    listed = {(d.first_id, d.second_id) for d in possible_duplicates(p.plan)}
    assert (one.person_id, variant.person_id) in listed
    assert (one.person_id, namesake.person_id) not in listed
    assert digital_talents(p.plan) == 3  # nothing merges on a score


def test_a_record_without_email_or_id_counts_alone_and_is_listed_for_review(personas):
    p = personas
    first = make_programme(p.plan, p.kenyan_ministry)
    second = make_programme(p.plan, p.chinese_company)
    a = enrol_row(first, p.kenyan_ministry, email="", id_number="")
    b = enrol_row(second, p.chinese_company, email="", id_number="")
    assert digital_talents(p.plan) == 2
    assert set(sparse_records(p.plan)) == {a.person, b.person}
    assert possible_duplicates(p.plan).get().first == a.person  # for review, never merged


def test_malformed_emails_and_id_numbers_are_refused_with_line_and_reason(personas):
    p = personas
    programme = make_programme(p.plan, p.kenyan_ministry)
    header = template_csv().decode("utf-8-sig").strip()
    good = "Amina W,a@example.org,,,,female,1998,KE,,2025-03-01,completed,2025-05-30,yes,2025-03-01"
    bad_email = good.replace("a@example.org", "amina.example.org")
    bad_id = good.replace("a@example.org,,,,", "b@example.org,,12#4!,KE,")
    sheet = "\n".join([header, good, bad_email, bad_id]).encode()
    report = import_sheet(programme, p.kenyan_ministry, sheet, "t.csv")
    assert [(e.line, e.field) for e in report.errors] == [(3, "email"), (4, "id_number")]
    assert "expected an email address" in report.errors[0].message
    assert "letters and digits" in report.errors[1].message
    assert not Person.objects.exists()  # all or nothing, as before


def test_erasure_destroys_the_fuzzy_encoding_and_blocking_keys_too(personas):
    from talent.models import MatchKey
    from talent.rights import erase

    programme = make_programme(personas.plan, personas.kenyan_ministry)
    person = enrol_row(programme, personas.kenyan_ministry).person
    assert person.clk and MatchKey.objects.filter(person=person).exists()
    erase(person, personas.secretariat)
    person.refresh_from_db()
    assert person.clk is None and not MatchKey.objects.filter(person=person).exists()
