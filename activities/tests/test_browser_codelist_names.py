"""A person reading an activity in French sees its sectors by their French IATI names, with the
plan sector each counts under one click away; the page passes the accessibility check."""

from __future__ import annotations

import pytest

from digicoop.accessibility import assert_accessible
from digicoop.testing import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_french_reader_reads_sector_names_and_follows_one_to_its_plan_sector(
    browser, live_server, personas
):
    activity = make_activity(personas, state="approved", identifier="XM-CODES-B1")
    activity.iati_sectors.create(vocabulary="1", code="22040", percentage=100)
    activity.recipient_regions.create(code="298", vocabulary="1")
    context = browser.new_context(locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    page = context.new_page()
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    sectors = page.locator("#iati-sectors li").first
    assert sectors.inner_text().startswith(
        "Technologies de l’information et de la communication (TIC) · CAD 22040 (100\xa0%)"
    )
    assert "Afrique, régional · 298" in page.locator("main").inner_text()
    assert_accessible(page, "the activity page in French")
    sectors.get_by_role("link", name="Autre").click()
    page.wait_for_url(f"{live_server.url}/sectors/other/?plan={activity.plan.slug}")
    assert page.locator("h1").is_visible()
    context.close()
