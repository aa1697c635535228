from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from participants import services
from participants.models import MembershipStatus, Organisation
from participants.services import InvalidTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(personas):
    org = Organisation.objects.create(name="Rwanda ICT Chamber (test)", type="civil_society")
    return services.apply(personas.plan, org, on=dt.date(2024, 9, 1))


def test_an_application_starts_as_applied(application):
    assert application.status == MembershipStatus.APPLIED
    assert application.applied_on == dt.date(2024, 9, 1)


def test_approval_records_the_date_and_who_decided(application, personas):
    services.approve(application, personas.secretariat, on=dt.date(2024, 9, 20))
    assert application.status == MembershipStatus.APPROVED
    assert application.decided_on == dt.date(2024, 9, 20)
    assert application.decided_by == personas.secretariat


def test_rejection_records_the_decision(application, personas):
    services.reject(application, personas.secretariat)
    assert application.status == MembershipStatus.REJECTED
    assert application.decided_by == personas.secretariat


def test_an_approved_member_can_withdraw(application, personas):
    services.approve(application, personas.secretariat)
    services.withdraw(application, on=dt.date(2025, 1, 5))
    assert application.status == MembershipStatus.WITHDRAWN
    assert application.withdrawn_on == dt.date(2025, 1, 5)


def test_approving_a_withdrawn_membership_is_refused(application, personas):
    services.approve(application, personas.secretariat)
    services.withdraw(application)
    with pytest.raises(InvalidTransition, match="This membership was withdrawn: the organisation"):
        services.approve(application, personas.secretariat)
    application.refresh_from_db()
    assert application.status == MembershipStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], services.withdraw),  # applied → withdrawn: only members withdraw
        ([services.approve], services.approve),
        ([services.approve], services.reject),
        ([services.reject], services.approve),
        ([services.reject], services.withdraw),
    ],
)
def test_invalid_moves_are_refused_and_change_nothing(application, personas, steps, refused):
    for step in steps:
        step(application, personas.secretariat)
    before = (application.status, application.decided_on, application.decided_by_id)
    with pytest.raises(InvalidTransition):
        refused(application, personas.secretariat)
    application.refresh_from_db()
    assert (application.status, application.decided_on, application.decided_by_id) == before


def test_a_rejected_organisation_may_apply_again_for_a_fresh_decision(application, personas):
    services.reject(application, personas.secretariat)
    services.reapply(application, on=dt.date(2025, 3, 1))
    assert application.status == MembershipStatus.APPLIED
    assert (application.decided_on, application.decided_by) == (None, None)
    services.approve(application, personas.secretariat)
    assert application.status == MembershipStatus.APPROVED


def test_every_refused_move_has_its_own_sentence():
    refused = {
        (current, asked)
        for current in MembershipStatus
        for asked in MembershipStatus
        if asked not in services.ALLOWED[current]
    }
    assert set(services.REFUSALS) == refused
    assert len({str(text) for text in services.REFUSALS.values()}) == len(refused)


def test_a_refused_move_is_a_whole_sentence_in_the_readers_language(application, personas):
    services.reject(application, personas.secretariat)
    with translation.override("fr"), pytest.raises(InvalidTransition) as refused:
        services.withdraw(application)
    assert refused.value.messages == [
        "Cette candidature a été rejetée : seule une adhésion approuvée peut être retirée."
    ]


@pytest.mark.parametrize("language", ["fr", "zh-hans", "ar", "pt"])
def test_every_refused_move_is_translated(language):
    for text in services.REFUSALS.values():
        with translation.override("en"):
            english = str(text)
        with translation.override(language):
            assert str(text) != english
