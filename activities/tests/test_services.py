from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from activities import services, workflow
from activities.models import Activity, ActivityChange
from activities.services import StaleVersion
from activities.states import WrongState
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

BUDGET = {
    "period_start": dt.date(2025, 1, 1),
    "period_end": dt.date(2025, 12, 31),
    "value": Decimal("1000.00"),
    "currency": "USD",
    "value_date": dt.date(2025, 1, 1),
}


def full_data(p) -> dict:
    return {
        "reporting_org": p.kenyan_ministry.pk,
        "iati_identifier": "XM-KE-0001",
        "title": {"en": "Rural broadband for schools", "fr": "Haut débit rural"},
        "description": {"en": "Connects 200 schools."},
        "kind": "mobile-network",
        "status": 2,
        "actual_start": dt.date(2025, 2, 1),
        "sectors": ["education"],
        "technologies": ["5g-6g"],
        "recipient_countries": [
            {"country": "KE", "percentage": Decimal(60)},
            {"country": "TZ", "percentage": Decimal(40)},
        ],
        "recipient_regions": [{"code": "298", "vocabulary": "1", "percentage": None}],
        "iati_sectors": [{"vocabulary": "1", "code": "22040", "percentage": None}],
        "participating_orgs": [
            {"organisation": p.chinese_company.pk, "role": 4},
            {"ref": "XM-DAC-41114", "name": {"en": "UNDP"}, "role": 1},
        ],
        "budgets": [BUDGET],
        "transactions": [
            {
                "type": "3",
                "date": dt.date(2025, 3, 1),
                "value": Decimal(250),
                "currency": "USD",
                "value_date": dt.date(2025, 3, 1),
            }
        ],
        "locations": [
            {"name": {"en": "Nairobi"}, "latitude": Decimal("-1.29"), "longitude": Decimal("36.8")}
        ],
        "documents": [{"url": "https://example.org/report.pdf", "title": {"en": "Report"}}],
    }


def test_a_focal_point_creates_a_complete_draft_of_its_organisation(personas):
    p = personas
    a = services.create_activity(p.plan, full_data(p), p.kenyan_focal_point)
    assert a.workflow_state == "draft" and a.version == 1
    assert a.reporting_org == p.kenyan_ministry and a.created_by == p.kenyan_focal_point
    assert set(a.pillars.values_list("code", flat=True)) == {"infrastructure"}
    assert a.recipient_countries.count() == 2 and a.budgets.get().value == Decimal(1000)
    assert a.participating_orgs.count() == 2 and a.locations.count() == 1
    assert a.changes.get().action == "created"


def test_a_focal_point_cannot_create_for_another_organisation(personas):
    data = {**full_data(personas), "reporting_org": personas.chinese_company.pk}
    with pytest.raises(PermissionDenied):
        services.create_activity(personas.plan, data, personas.kenyan_focal_point)
    assert not Activity.objects.exists()


def test_it_reports_every_bad_field_at_once_and_writes_nothing(personas):
    p = personas
    data = full_data(p)
    data["recipient_countries"] = [
        {"country": "KE", "percentage": Decimal(60)},
        {"country": "TZ", "percentage": Decimal(30)},
    ]
    data["budgets"] = [{**BUDGET, "period_end": dt.date(2024, 1, 1), "currency": "XXY"}]
    data["kind"] = "no-such-kind"
    with pytest.raises(ValidationError) as caught:
        services.create_activity(p.plan, data, p.kenyan_focal_point)
    errors = caught.value.message_dict
    assert "add up to 90" in errors["recipient_countries"][0]
    assert "budgets[0].period_end" in errors and "budgets[0].currency" in errors
    assert "kind" in errors
    assert not Activity.objects.exists() and not ActivityChange.objects.exists()


def test_the_write_doors_own_refusals_are_in_the_readers_language(personas):
    p = personas
    data = {**full_data(p), "kind": "no-such-kind", "sectors": ["no-such-sector"]}
    data["budgets"] = [{**BUDGET, "id": 999_999}]
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        services.create_activity(p.plan, data, p.kenyan_focal_point)
    errors = caught.value.message_dict
    assert errors["kind"] == ["'no-such-kind' n'est pas un type d'activité de ce plan."]
    assert errors["sectors"] == ["Code(s) inconnu(s) pour ce plan : no-such-sector."]
    assert errors["budgets[0].id"] == ["Il n'y a pas ici de ligne 999999 à mettre à jour."]


def test_history_shows_the_before_and_after_of_a_changed_budget_value(personas):
    p = personas
    a = services.create_activity(p.plan, full_data(p), p.kenyan_focal_point)
    budget = a.budgets.get()
    services.update_activity(
        a,
        {"budgets": [{**BUDGET, "id": budget.pk, "value": Decimal("1500.00")}]},
        version=1,
        by=p.kenyan_focal_point,
    )
    change = a.changes.order_by("-pk").first()
    assert change.action == "updated" and change.user == p.kenyan_focal_point
    assert change.changes == [
        {"field": f"budgets[#{budget.pk}].value", "before": "1000", "after": "1500"}
    ]
    assert change.version == 2


def test_a_stale_update_is_refused_and_changes_nothing(personas):
    p = personas
    a = make_activity(p)
    services.update_activity(a, {"title": {"en": "First"}}, version=1, by=p.kenyan_focal_point)
    with pytest.raises(StaleVersion) as caught:
        services.update_activity(a, {"title": {"en": "Second"}}, version=1, by=p.secretariat)
    assert caught.value.current == 2
    a.refresh_from_db()
    assert a.title == {"en": "First"} and a.version == 2


def test_a_returned_record_is_corrected_and_submitted_again(personas):
    p = personas
    a = make_activity(p)
    a = workflow.submit(a, p.kenyan_focal_point)
    a = workflow.return_for_correction(a, p.reviewer, comment="Add the budget")
    assert a.workflow_state == "returned"
    a = services.update_activity(
        a, {"budgets": [BUDGET]}, version=a.version, by=p.kenyan_focal_point
    )
    a = workflow.submit(a, p.kenyan_focal_point)
    a = workflow.approve(a, p.reviewer)
    a = workflow.archive(a, p.secretariat)
    actions = list(a.changes.order_by("pk").values_list("action", flat=True))
    assert actions == ["submit", "return", "updated", "submit", "approve", "archive"]
    assert a.changes.get(action="return").comment == "Add the budget"


def test_returning_needs_a_comment(personas):
    a = make_activity(personas, state="submitted")
    with pytest.raises(ValidationError, match="comment"):
        workflow.return_for_correction(a, personas.reviewer)


def test_an_unclassified_record_cannot_be_submitted(personas):
    a = make_activity(personas)
    Activity.objects.filter(pk=a.pk).update(kind=None)
    a.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        workflow.submit(a, personas.kenyan_focal_point)
    assert "kind" in caught.value.message_dict


def test_a_move_from_the_wrong_state_is_refused(personas):
    a = make_activity(personas, state="approved")
    with pytest.raises(WrongState):
        workflow.transition(a, "submit", personas.secretariat)


def test_deleting_keeps_the_history_of_the_deleted_record(personas):
    a = make_activity(personas, identifier="XM-GONE")
    services.delete_activity(a, personas.kenyan_focal_point)
    assert not Activity.objects.filter(iati_identifier="XM-GONE").exists()
    entry = ActivityChange.objects.get(iati_identifier="XM-GONE")
    assert entry.action == "deleted" and entry.activity is None
    assert {"field": "iati_identifier", "before": "XM-GONE", "after": None} in entry.changes


def test_an_edit_must_say_which_version_it_was_based_on(personas):
    a = make_activity(personas)
    with pytest.raises(ValidationError) as caught:
        services.update_activity(a, {"title": {"en": "x"}}, version=None, by=personas.secretariat)
    assert "version" in caught.value.message_dict
    a.refresh_from_db()
    assert a.version == 1
