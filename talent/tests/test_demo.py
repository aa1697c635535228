from __future__ import annotations

import random

import pytest

from demo.organisations import build_organisations
from talent.counting import digital_talents
from talent.demo import TRAINEES, TWICE, build_talent
from talent.identity import possible_duplicates, reveal
from talent.models import Enrolment, Person

pytestmark = pytest.mark.django_db


def test_demo_trainees_are_synthetic_matched_across_providers_and_rerunnable(plan):
    orgs = build_organisations(plan, random.Random(1))
    assert build_talent(plan, orgs, 7) == TRAINEES + TWICE
    first = (Person.objects.count(), Enrolment.objects.count(), digital_talents(plan))
    build_talent(plan, orgs, 7)
    assert (Person.objects.count(), Enrolment.objects.count(), digital_talents(plan)) == first
    assert Person.objects.filter(merged_into__isnull=False).count() == TWICE
    assert first[2] < TRAINEES  # people enrolled twice count once
    assert possible_duplicates(plan).exists()  # name twins for the reviewer
    sample = reveal(Person.objects.first())
    assert sample.email.endswith("@demo.invalid") and sample.name.endswith("(demo)")
