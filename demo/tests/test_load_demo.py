from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from activities import models as m
from participants.models import Organisation

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            m.Activity,
            m.RecipientCountry,
            m.ActivitySector,
            m.ParticipatingOrg,
            m.Budget,
            m.Transaction,
            m.Location,
            m.Result,
            m.IndicatorPeriod,
        )
    }


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_loading_the_demo_twice_gives_the_same_counts(demo):
    first = counts()
    first_titles = list(m.Activity.objects.order_by("iati_identifier").values_list("title"))
    call_command("load_demo", stdout=StringIO())
    assert counts() == first
    second_titles = list(m.Activity.objects.order_by("iati_identifier").values_list("title"))
    assert second_titles == first_titles  # seeded: the same records, not just as many


def test_if_empty_leaves_loaded_demo_data_alone(demo):
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()


def test_the_demo_looks_like_the_real_thing(demo, plan):
    orgs = Organisation.objects.filter(is_demo=True)
    assert 55 <= orgs.count() <= 65
    assert orgs.values("country").distinct().count() >= 25
    assert set(orgs.values_list("type", flat=True)) == {
        "government", "business", "academia", "financial", "international", "civil_society",
    }  # fmt: skip
    assert all(name.endswith("(demo)") for name in orgs.values_list("name", flat=True))
    activities = m.Activity.objects.filter(is_demo=True)
    assert 380 <= activities.count() <= 420
    assert set(activities.values_list("kind__pillar__code", flat=True)) == set(
        plan.pillars.values_list("code", flat=True)
    )
    assert (
        activities.filter(sectors__isnull=False).values("sectors").distinct().count()
        == plan.sectors.count()
    )
    assert set(activities.values_list("status", flat=True)) == {1, 2, 3, 4, 5, 6}
    assert set(activities.values_list("workflow_state", flat=True)) >= {"draft", "approved"}
    assert m.Budget.objects.filter(activity__is_demo=True).count() >= 400
    assert m.Transaction.objects.filter(activity__is_demo=True).count() >= 400
    assert all(a.title_text().endswith("(demo)") for a in activities[:50])


def test_demo_recipient_percentages_add_up_to_100(demo):
    from django.db.models import Sum

    totals = (
        m.RecipientCountry.objects.values("activity")
        .annotate(total=Sum("percentage"), n=Count("id"))
        .values_list("total", flat=True)
    )
    assert set(totals) == {100}


def test_the_demo_shows_the_demonstration_projects_short_of_the_target(demo, plan):
    from demo.activities import DEMONSTRATION_PROJECTS_COUNTED
    from progress.metrics import demonstration_projects_query

    target = plan.targets.get(metric="demonstration_projects")
    counted = demonstration_projects_query(plan).count()
    assert counted == DEMONSTRATION_PROJECTS_COUNTED < target.value
    waiting = m.Activity.objects.filter(
        is_demo=True, kind__category="demonstration_project", workflow_state="submitted"
    )
    assert waiting.exists()  # the others are in review, not gone
