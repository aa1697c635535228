from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities import results
from digicoop.testing import make_activity
from progress.metrics import indicator_total

pytestmark = pytest.mark.django_db


def period(year: int, actual, **extra) -> dict:
    return {
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "target_value": Decimal(100),
        "actual_value": Decimal(actual),
        **extra,
    }


def trained(*periods, standard="people-trained") -> list[dict]:
    return [
        {
            "title": {"en": "People trained"},
            "indicators": [
                {
                    "title": {"en": "Trainees completing the course"},
                    "standard_indicator": standard,
                    "baseline_value": Decimal(0),
                    "baseline_year": 2024,
                    "periods": list(periods),
                }
            ],
        }
    ]


def report(p, state, *periods, org=None, standard="people-trained"):
    a = make_activity(p, org)
    a = results.set_results(a, trained(*periods, standard=standard), version=1, by=p.secretariat)
    type(a).objects.filter(pk=a.pk).update(workflow_state=state)
    return a


def test_the_plan_total_sums_periods_of_approved_activities_only(personas):
    p = personas
    report(p, "approved", period(2025, 40), period(2026, 35))
    report(p, "approved", period(2025, 25), org=p.chinese_company)
    report(p, "submitted", period(2025, 1000))
    report(p, "draft", period(2026, 500))
    report(p, "returned", period(2026, 7))
    report(p, "archived", period(2026, 9))
    report(p, "approved", period(2025, 3000), standard="backbone-km")
    assert indicator_total(p.plan, "people-trained") == Decimal(100)
    assert indicator_total(p.plan, "backbone-km") == Decimal(3000)
    assert indicator_total(p.plan, "people-trained", start=dt.date(2026, 1, 1)) == Decimal(35)


def test_periods_carry_disaggregation_by_sex_age_group_and_country(personas):
    p = personas
    cells = [
        {"dimension": "sex", "category": "female", "actual_value": Decimal(22)},
        {"dimension": "sex", "category": "male", "actual_value": Decimal(18)},
        {"dimension": "age_group", "category": "15-35", "actual_value": Decimal(30)},
        {"dimension": "country", "category": "KE", "actual_value": Decimal(40)},
    ]
    a = report(p, "draft", period(2025, 40, disaggregations=cells))
    data = results.results_as_data(a)
    indicator = data[0]["indicators"][0]
    assert indicator["unit"] == "people"  # taken from the standard indicator
    assert [
        (c["dimension"], c["category"]) for c in indicator["periods"][0]["disaggregations"]
    ] == [
        ("age_group", "15-35"),
        ("country", "KE"),
        ("sex", "female"),
        ("sex", "male"),
    ]


def test_bad_results_are_reported_by_path(personas):
    p = personas
    a = make_activity(p)
    bad = trained(
        period(2025, 1, disaggregations=[{"dimension": "sex", "category": "robot"}]),
        {"period_start": dt.date(2025, 5, 1), "period_end": dt.date(2025, 1, 1)},
        standard="no-such-indicator",
    )
    with pytest.raises(ValidationError) as caught:
        results.set_results(a, bad, version=1, by=p.secretariat)
    errors = caught.value.message_dict
    base = "results[0].indicators[0]"
    assert f"{base}.standard_indicator" in errors
    assert f"{base}.periods[0].disaggregations[0].category" in errors
    assert f"{base}.periods[1].period_end" in errors
    assert not a.results.exists()


def test_results_rows_with_ids_are_updated_in_place_and_history_shows_it(personas):
    p = personas
    a = report(p, "draft", period(2025, 40))
    data = results.results_as_data(a)
    data[0]["indicators"][0]["periods"][0]["actual_value"] = Decimal(45)
    a.refresh_from_db()
    results.set_results(a, data, version=a.version, by=p.kenyan_focal_point)
    change = a.changes.order_by("-pk").first()
    assert [(c["before"], c["after"]) for c in change.changes] == [("40", "45")]
    assert "actual_value" in change.changes[0]["field"]


def test_a_snapshot_reads_the_results_tree_in_a_fixed_number_of_queries(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from activities import history
    from activities.models import Disaggregation, IndicatorPeriod, Result, ResultIndicator

    def grow(activity, results: int) -> None:
        for _ in range(results):
            result = Result.objects.create(activity=activity, title={"en": "Trained"})
            for _ in range(2):
                indicator = ResultIndicator.objects.create(result=result, title={"en": "People"})
                for year in (2025, 2026):
                    period = IndicatorPeriod.objects.create(
                        indicator=indicator,
                        period_start=dt.date(year, 1, 1),
                        period_end=dt.date(year, 12, 31),
                    )
                    Disaggregation.objects.create(
                        period=period, dimension="sex", category="female", actual_value=1
                    )

    small, large = make_activity(personas), make_activity(personas)
    grow(small, 1)
    grow(large, 4)
    counts = []
    for activity in (small, large):
        with CaptureQueriesContext(connection) as queries:
            shot = history.snapshot(activity)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert sum(key.endswith(".category") for key in shot) == 16  # 4 × 2 × 2 cells, all there
