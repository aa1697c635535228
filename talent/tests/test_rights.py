from __future__ import annotations

import json

import pytest
from django.urls import reverse

from talent.counting import breakdown, digital_talents
from talent.identity import find, reveal
from talent.models import EventAction, TalentEvent
from talent.rights import erase, subject_access
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee(personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    return enrol_row(programme, personas.kenyan_ministry, email="baraka@example.org").person


def test_subject_access_export_holds_everything_about_the_person(trainee, personas):
    export = subject_access(trainee, personas.secretariat)
    assert export["personal"]["email"] == "baraka@example.org"
    assert export["birth_year"] == 1998
    assert export["enrolments"][0]["status"] == "completed"
    assert TalentEvent.objects.filter(action=EventAction.EXPORTED, person=trainee).exists()


def test_erasure_leaves_counts_unchanged_but_the_personal_fields_gone(trainee, personas):
    before = digital_talents(personas.plan), breakdown(personas.plan, "sex")
    erase(trainee, personas.secretariat)
    assert (digital_talents(personas.plan), breakdown(personas.plan, "sex")) == before
    trainee.refresh_from_db()
    assert reveal(trainee) is None
    assert trainee.email_index is None and trainee.name_index is None
    assert find(email="baraka@example.org") == []
    assert subject_access(trainee)["personal"] is None


def test_only_the_secretariat_downloads_a_subject_access_export(trainee, personas, client):
    url = reverse("talent:person-export", args=[trainee.ref])
    client.force_login(personas.kenyan_trainer)
    assert client.get(url).status_code == 403
    client.force_login(personas.secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["personal"]["email"] == "baraka@example.org"


def test_only_the_secretariat_erases(trainee, personas, client):
    url = reverse("talent:person-erase", args=[trainee.ref])
    client.force_login(personas.reviewer)
    assert client.post(url).status_code == 403
    client.force_login(personas.secretariat)
    assert client.post(url).status_code == 302
    trainee.refresh_from_db()
    assert trainee.erased_at is not None
