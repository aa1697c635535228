"""Every list page and list endpoint reads the database a fixed number of times, however many
rows it shows: measured at N and at 3N rows of everything it lists, the counts are equal.

A page that queried once per row (an N+1) would fail here, naming the page and both counts.
The page cache is off in these tests: they measure what rendering costs, not the cache.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from activities.models import ActivityChange
from digicoop.testing import _member, make_activity
from finance.models import Pledge
from interop.models import ImportJob
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 0


class World:
    """The records every list shows, grown a unit at a time."""

    def __init__(self, personas) -> None:
        self.p = personas
        self.anchor = self._activity(personas.kenyan_ministry)
        self.programme = make_programme(personas.plan, personas.kenyan_ministry)

    def _activity(self, org, state: str = "approved"):
        n = next(_serial)
        activity = make_activity(
            self.p,
            org,
            state=state,
            identifier=f"XM-QC-{n:05d}",
            actual_start=dt.date(2025, 1, 1),
            status=2,
        )
        activity.recipient_countries.create(country_id="KE", percentage=100)
        activity.iati_sectors.create(vocabulary="1", code="22040", percentage=100)
        activity.sectors.add(*self.p.plan.sectors.all()[:1])
        activity.locations.create(latitude="-1.2", longitude="36.8", country_id="KE")
        day = dt.date(2025, 2, 1)
        activity.budgets.create(
            period_start=day, period_end=dt.date(2025, 12, 31), value=Decimal(1000),
            currency="USD", value_date=day,
        )  # fmt: skip
        activity.transactions.create(
            type="3", date=day, value=Decimal(250), currency="USD", value_date=day
        )
        return activity

    def grow(self, units: int) -> None:
        for _ in range(units):
            n = next(_serial)
            org = _member(self.p.plan, f"Partner {n} (test)", "KE", "government")
            activity = self._activity(org)
            self._activity(org, state="submitted")
            ActivityChange.objects.create(
                activity=self.anchor,
                iati_identifier=self.anchor.iati_identifier,
                user=self.p.secretariat,
                action="updated",
                version=n,
                changes=[{"field": "title.en", "before": "a", "after": "b"}],
            )
            make_programme(self.p.plan, org)
            enrol_row(
                self.programme,
                self.p.kenyan_ministry,
                email=f"trainee{n}@example.org",
                name=f"Trainee Number{n}",
            )
            pledge = Pledge.objects.create(
                plan=self.p.plan,
                organisation=org,
                statement=f"Pledge {n}",
                pledged_on=dt.date(2025, 1, 1),
                amount=Decimal(1000),
                currency="USD",
            )
            pledge.activities.add(activity)
            pledge.countries.add("KE")
            ImportJob.objects.create(
                kind=ImportJob.Kind.IATI,
                plan=self.p.plan,
                user=self.p.secretariat,
                file_name=f"file{n}.xml",
            )


def _pages(world: World) -> list[str]:
    plan = world.p.plan
    pillar = world.anchor.pillars.first()
    sector = plan.sectors.first()
    return [
        "/",
        f"/plans/{plan.slug}/",
        "/activities/",
        "/activities/?status=2",
        f"/activities/{world.anchor.pk}/",
        f"/activities/{world.anchor.pk}/history/",
        f"/pillars/{pillar.code}/",
        "/organisations/",
        f"/organisations/{world.p.kenyan_ministry.pk}/",
        "/sectors/",
        f"/sectors/{sector.code}/",
        "/countries/",
        "/countries/KE/",
        "/talent/",
        f"/talent/programmes/{world.programme.pk}/",
        f"/finance/{plan.slug}/",
        f"/finance/{plan.slug}/flows/",
        f"/finance/{plan.slug}/pledges/",
        f"/finance/{plan.slug}/scorecard/",
        "/open-data/",
        "/api/v1/activities/",
        "/api/v1/activities/?page_size=100",
        f"/api/v1/activities/{world.anchor.pk}/history",
        "/api/v1/organisations",
        "/api/v1/countries",
        "/api/v1/plans",
        f"/api/v1/plans/{plan.slug}/targets",
        "/api/v1/talent/programmes",
        "/api/v1/talent/counts",
        f"/api/v1/finance?plan={plan.slug}",
    ]


SIGNED_IN_ONLY = {
    "secretariat": [
        "/talent/secretariat/",
        "/talent/duplicates/",
        "/interop/imports/",
        "/api/v1/tokens/",
        "/api/v1/talent/programmes/{programme}/enrolments",
    ],
    # A focal point's lists differ from the public ones only where they add the partner's own
    # drafts: those are measured again (every other page is the public one).
    "kenyan_focal_point": [
        "/activities/",
        "/api/v1/activities/",
        "/api/v1/tokens/",
        "/api/v1/talent/programmes/{programme}/enrolments",
    ],
}


def _counts(client: Client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(queries)
    return counts


@pytest.mark.parametrize("who", ["anonymous", "secretariat", "kenyan_focal_point"])
def test_no_list_reads_the_database_once_per_row(personas, who):
    world = World(personas)
    client = Client()
    urls = _pages(world) if who != "kenyan_focal_point" else []
    if who != "anonymous":
        client.force_login(getattr(personas, who))
        urls += [u.format(programme=world.programme.pk) for u in SIGNED_IN_ONLY[who]]
    world.grow(1)
    _counts(client, urls)  # warm-up: per-process look-ups made once (content types, rates…)
    few = _counts(client, urls)
    world.grow(2)
    many = _counts(client, urls)
    grown = {url: (few[url], many[url]) for url in urls if many[url] != few[url]}
    assert not grown, f"queries at N and 3N rows: {grown}"
