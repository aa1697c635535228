"""Each kind of bad activity input is rejected with a message that says what is expected."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities import models as m
from activities.validation import percentage_total_error, sector_total_errors
from plans.models import ActivityKind, Pillar, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(personas):
    return m.Activity(
        plan=personas.plan,
        iati_identifier="XI-TEST-0001",
        reporting_org=personas.kenyan_ministry,
        title={"en": "Smart agriculture demonstration"},
        kind=personas.plan.activity_kinds.get(code="demonstration"),
        status=1,
    )


def messages(exc: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def test_a_well_formed_activity_passes(activity):
    activity.full_clean()


def test_an_activity_without_a_title_is_rejected(activity):
    activity.title = {"en": "  "}
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "needs a title" in messages(exc, "title")


def test_a_title_that_is_not_text_by_language_is_rejected(activity):
    activity.title = ["Smart agriculture"]
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "language code to text" in messages(exc, "title")


def test_a_planned_end_before_the_start_is_rejected(activity):
    activity.planned_start, activity.planned_end = dt.date(2025, 5, 1), dt.date(2025, 4, 30)
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "planned end cannot be before the planned start" in messages(exc, "planned_end")


def test_an_actual_end_before_the_start_is_rejected(activity):
    activity.actual_start, activity.actual_end = dt.date(2025, 5, 1), dt.date(2024, 1, 1)
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "actual end cannot be before the actual start" in messages(exc, "actual_end")


def test_an_activity_in_implementation_needs_its_actual_start(activity):
    activity.status = 2
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "needs its actual start" in messages(exc, "actual_start")


def test_a_closed_activity_needs_its_actual_end(activity):
    activity.status, activity.actual_start = 4, dt.date(2024, 9, 1)
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "needs its actual end" in messages(exc, "actual_end")


def test_an_unknown_currency_is_rejected(activity):
    activity.default_currency = "XYZ"
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "XYZ is not an ISO 4217 currency code" in messages(exc, "default_currency")


def test_a_kind_of_another_plan_is_rejected(activity):
    other = Plan.objects.create(
        slug="other",
        title="Other plan",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 1, 1),
    )
    pillar = Pillar.objects.create(plan=other, code="p", name="P", description="d")
    activity.kind = ActivityKind.objects.create(
        plan=other, pillar=pillar, code="k", name="K", category="other"
    )
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "belongs to another plan" in messages(exc, "kind")


def test_a_budget_ending_before_it_starts_or_negative_is_rejected(activity):
    activity.save()
    budget = m.Budget(
        activity=activity,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2024, 12, 31),
        value=Decimal(-5),
        currency="USD",
        value_date=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        budget.full_clean()
    assert "cannot end before it starts" in messages(exc, "period_end")
    assert "cannot be negative" in messages(exc, "value")


def test_a_transaction_in_an_unknown_currency_is_rejected(activity):
    activity.save()
    transaction = m.Transaction(
        activity=activity,
        type="3",
        date=dt.date(2025, 1, 1),
        value=Decimal(100),
        currency="usd",
        value_date=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        transaction.full_clean()
    assert "not an ISO 4217 currency code" in messages(exc, "currency")


def test_a_recipient_country_percentage_above_100_is_rejected(activity, personas):
    activity.save()
    share = m.RecipientCountry(activity=activity, country_id="KE", percentage=Decimal("100.5"))
    with pytest.raises(ValidationError) as exc:
        share.full_clean()
    assert "less than or equal to 100" in messages(exc, "percentage")


def test_a_malformed_dac_code_is_rejected(activity):
    activity.save()
    sector = m.ActivitySector(activity=activity, vocabulary="1", code="311")
    with pytest.raises(ValidationError) as exc:
        sector.full_clean()
    assert "five digits" in messages(exc, "code")


def test_a_location_with_latitude_but_no_longitude_is_rejected(activity):
    activity.save()
    location = m.Location(activity=activity, latitude=Decimal("-1.29"))
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        location.full_clean()


def test_a_latitude_beyond_the_pole_is_rejected(activity):
    activity.save()
    location = m.Location(activity=activity, latitude=Decimal(91), longitude=Decimal(0))
    with pytest.raises(ValidationError) as exc:
        location.full_clean()
    assert "less than or equal to 90" in messages(exc, "latitude")


def test_a_document_needs_a_link_or_a_file(activity):
    activity.save()
    with pytest.raises(ValidationError, match="needs a link or an uploaded file"):
        m.DocumentLink(activity=activity, title={"en": "MoU"}).full_clean()


@pytest.mark.parametrize(
    ("percentages", "expected"),
    [
        ([Decimal(100)], None),
        ([None], None),
        ([Decimal(60), Decimal(40)], None),
        ([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], None),
        ([Decimal(60), Decimal(30)], "add up to 90; they must add up to 100"),
        ([Decimal(60), None], "needs a percentage when there are several"),
        ([Decimal(50)], "add up to 50"),
    ],
)
def test_split_percentages_must_add_up_to_100(percentages, expected):
    error = percentage_total_error(percentages, "recipient country")
    if expected is None:
        assert error is None
    else:
        assert expected in error


def test_sectors_add_up_to_100_within_each_vocabulary_separately():
    ok = [("1", Decimal(50)), ("1", Decimal(50)), ("2", Decimal(100))]
    assert sector_total_errors(ok) == []
    bad = [("1", Decimal(50)), ("1", Decimal(40)), ("2", Decimal(100))]
    assert sector_total_errors(bad) == [
        "The percentages of the sectors of vocabulary 1 add up to 90; they must add up to 100."
    ]
