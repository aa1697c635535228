"""The public pages in a real browser: no console error, no request to any other host, the map
clickable, and nothing wider than a 390 px phone. Screenshots go to var/screenshots/."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.VAR_DIR) / "screenshots"
PHONE = {"width": 390, "height": 844}


def watched(browser, live_server, viewport=None):
    """A page that records console errors and every request leaving the test server."""
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    page = context.new_page()
    page.problems = []
    host = urlparse(live_server.url).netloc

    def on_request(request):
        netloc = urlparse(request.url).netloc
        if request.url.startswith(("http:", "https:")) and netloc != host:
            page.problems.append(f"request to another host: {request.url}")

    page.on("request", on_request)
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


def public_pages() -> dict[str, str]:
    from activities.models import Activity
    from participants.models import Organisation

    org = Organisation.objects.filter(
        is_demo=True, reported_activities__workflow_state="approved"
    ).first()
    activity = Activity.objects.filter(workflow_state="approved").first()
    return {
        "home": "/",
        "pillar": "/pillars/infrastructure/",
        "country": "/countries/KE/",
        "organisation": f"/organisations/{org.pk}/",
        "members": "/organisations/",
        "sector": "/sectors/energy/",
        "talent": "/talent/",
        "activities": "/activities/",
        "activity": f"/activities/{activity.pk}/",
        "target": "/plans/china-africa-digital-2024/targets/demonstration-projects/",
    }


def test_public_pages_load_cleanly_offline_and_fit_a_phone(browser, live_server, personas):
    call_command("load_demo", stdout=StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)
    for viewport, suffix in ((None, "desktop"), (PHONE, "phone")):
        page = watched(browser, live_server, viewport)
        for name, path in public_pages().items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.screenshot(path=str(SHOTS / f"{name}-{suffix}.png"), full_page=True)
            if viewport:
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{path} is {overflow}px wider than a 390 px screen"
        assert page.problems == []
        page.context.close()


def test_the_map_draws_every_member_state_and_opens_a_country(
    browser, live_server, personas, shared_data
):
    import csv

    with open(shared_data / "frameworks/au-member-states.csv", encoding="utf-8") as f:
        members = {row["iso2"] for row in csv.DictReader(f)}
    page = watched(browser, live_server)
    page.goto(f"{live_server.url}/")
    for code in members:
        box = page.locator(f'svg.map a[data-country="{code}"]').bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, code
    page.locator('svg.map a[data-country="KE"] path').first.click()
    page.wait_for_url(f"{live_server.url}/countries/KE/")
    assert page.locator("h1").inner_text() == "Kenya"
    assert page.problems == []
