"""Recording a pledge in a real browser: the form, its error summary, then the pledge listed
under its target with what is delivered; each form passes the accessibility check."""

from __future__ import annotations

import pytest

from digicoop.accessibility import assert_accessible
from digicoop.testing import PASSWORD
from finance.models import Pledge
from talent.tests.helpers import enrol_row, make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_records_a_pledge_through_the_form(page, live_server, personas):
    p = personas
    programme = make_programme(p.plan, p.kenyan_ministry)
    enrol_row(programme, p.kenyan_ministry)  # one person trained, approved records
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "kenyan_focal_point")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/finance/{p.plan.slug}/pledges/")
    page.click("#record-pledge")
    page.wait_for_url(f"**/finance/{p.plan.slug}/pledges/new/")
    assert_accessible(page)

    # First without the English statement and with a negative quantity: refused, summarised.
    page.fill("#id_statement_1", "Former quatre talents numériques")
    page.fill("#id_pledged_on", "2024-10-01")
    page.check("#id_kind_1")
    page.select_option("#id_target", label="At least 1,000 digital talents trained by 29 July 2027")
    page.fill("#id_quantity", "-4")
    page.click("main form.pledge button[type=submit]")
    summary = page.locator("#error-summary")
    assert "2 errors" in summary.inner_text()
    # The summary takes the focus, and its links lead to the fields in error.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.locator('a[href="#id_statement_0"]').count() == 1
    assert summary.locator('a[href="#id_quantity"]').count() == 1
    assert_accessible(page)
    assert not Pledge.objects.exists()

    page.fill("#id_statement_0", "Train four digital talents")
    page.fill("#id_quantity", "4")
    page.fill("#id_activities", programme.activity.iati_identifier)
    page.click("main form.pledge button[type=submit]")
    page.wait_for_url(f"**/finance/{p.plan.slug}/pledges/#pledge-*")

    pledge = Pledge.objects.get()
    row = page.locator(f"tr[data-pledge='{pledge.pk}']")
    assert "Train four digital talents" in row.inner_text()
    assert row.locator("td.delivered").inner_text() == "1 (25 %)"
    assert "The pledge is recorded." in page.locator("ul.messages").inner_text()
