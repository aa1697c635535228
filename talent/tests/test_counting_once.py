from __future__ import annotations

import pytest

from progress.services import plan_overview
from talent.counting import digital_talents, enrolled_not_completed
from talent.identity import merge, possible_duplicates, unmerge
from talent.models import EventAction, Person, TalentEvent
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def pairs(plan) -> list[tuple[int, int]]:
    return [(d.first_id, d.second_id) for d in possible_duplicates(plan)]


@pytest.fixture
def two_partners(personas):
    kenya, china = personas.kenyan_ministry, personas.chinese_company
    return make_programme(personas.plan, kenya), make_programme(personas.plan, china), personas


def test_it_counts_a_person_enrolled_by_two_partners_with_differently_cased_emails_once(
    two_partners,
):
    first, second, p = two_partners
    enrol_row(first, p.kenyan_ministry, email="Amina.Wanjiru@Example.org")
    enrol_row(second, p.chinese_company, email="  amina.wanjiru@example.ORG ")
    assert Person.objects.count() == 2  # each provider keeps its own record
    assert digital_talents(p.plan) == 1
    assert TalentEvent.objects.filter(action=EventAction.LINKED).count() == 1


def test_it_matches_on_id_number_and_issuing_country(two_partners):
    first, second, p = two_partners
    enrol_row(
        first, p.kenyan_ministry, email="a@example.org", id_number="AB 123-456", id_country="KE"
    )
    enrol_row(
        second, p.chinese_company, email="b@example.org", id_number="ab123456", id_country="Kenya"
    )
    assert digital_talents(p.plan) == 1


def test_the_same_id_number_from_another_country_is_another_person(two_partners):
    first, second, p = two_partners
    enrol_row(first, p.kenyan_ministry, email="a@example.org", id_number="1234", id_country="KE")
    enrol_row(second, p.chinese_company, email="b@example.org", id_number="1234", id_country="NG")
    assert digital_talents(p.plan) == 2


def test_a_different_person_with_the_same_name_is_not_merged_but_shown_to_a_reviewer(
    two_partners,
):
    first, second, p = two_partners
    a = enrol_row(first, p.kenyan_ministry, email="amina1@example.org").person
    b = enrol_row(
        second, p.chinese_company, email="amina2@example.org", name="amina  WANJIRU"
    ).person
    assert digital_talents(p.plan) == 2
    assert pairs(p.plan) == [(a.pk, b.pk)]


def test_same_name_with_another_birth_year_is_not_even_a_possible_duplicate(two_partners):
    # Unrelated e-mails: "amina1@…" and "amina2@…" sit at the e-mail band's edge (dice ≈ 0.89),
    # where the keyed Bloom filter's collisions decide the band, so the outcome depended on
    # the random key of the run.
    first, second, p = two_partners
    enrol_row(first, p.kenyan_ministry, email="amina@example.org")
    enrol_row(second, p.chinese_company, email="w.kamau@another.example", birth_year=1990)
    assert pairs(p.plan) == []


def test_a_reviewer_merges_and_unmerges_and_both_are_recorded(two_partners):
    first, second, p = two_partners
    a = enrol_row(first, p.kenyan_ministry, email="amina1@example.org").person
    b = enrol_row(second, p.chinese_company, email="amina2@example.org").person
    merge(b, a, p.reviewer)
    assert digital_talents(p.plan) == 1
    assert pairs(p.plan) == []
    b.refresh_from_db()
    unmerge(b, p.reviewer)
    assert digital_talents(p.plan) == 2
    actions = list(TalentEvent.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [(EventAction.MERGED, p.reviewer.pk), (EventAction.UNMERGED, p.reviewer.pk)]


def test_only_completions_within_the_plan_period_in_approved_programmes_count(personas):
    org = personas.kenyan_ministry
    approved = make_programme(personas.plan, org)
    draft = make_programme(personas.plan, org, approved=False)
    enrol_row(approved, org, email="in@example.org")
    enrol_row(
        approved,
        org,
        email="before@example.org",
        enrolled_on="2024-01-01",
        completed_on="2024-06-01",
        consent_on="2024-01-01",
    )
    enrol_row(approved, org, email="going@example.org", status="enrolled", completed_on="")
    enrol_row(draft, org, email="draft@example.org")
    assert digital_talents(personas.plan) == 1
    assert enrolled_not_completed(personas.plan) == 1


def test_the_home_page_target_reads_the_registry(personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    enrol_row(programme, personas.kenyan_ministry)
    overview = plan_overview(personas.plan)
    talents = next(t for t in overview.targets if t.target.metric == "digital_talents")
    assert talents.value == 1
    assert "matched across partners" in talents.rule


def test_a_programme_must_be_an_activity_of_a_training_kind(personas):
    from django.core.exceptions import ValidationError

    from plans.models import KindCategory

    programme = make_programme(personas.plan, personas.kenyan_ministry)
    programme.activity.kind = personas.plan.activity_kinds.get(category=KindCategory.DIALOGUE)
    with pytest.raises(ValidationError, match="training"):
        programme.clean()
    security = make_programme(
        personas.plan, personas.kenyan_ministry, category=KindCategory.SECURITY_TRAINING
    )
    security.clean()
