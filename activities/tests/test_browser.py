"""The activity pages in a real browser: entry, review, publication, and edit conflicts."""

from __future__ import annotations

import pytest

from activities.models import Activity
from digicoop.testing import PASSWORD, make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username: str):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_an_activity_goes_from_entry_to_review_to_the_public_list(browser, live_server, personas):
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.click("nav >> text=Activities")
    fp.click("text=Record a new activity")
    fp.fill('[name="a-iati_identifier"]', "XM-KE-BROWSER-1")
    fp.fill('[name="a-title_en"]', "Smart irrigation pilot")
    fp.select_option('[name="a-kind"]', "demonstration")
    fp.select_option('[name="recipient_countries-0-country"]', "KE")
    fp.fill('[name="budgets-0-period_start"]', "2025-01-01")
    fp.fill('[name="budgets-0-period_end"]', "2025-12-31")
    fp.fill('[name="budgets-0-value"]', "250000")
    fp.fill('[name="budgets-0-currency"]', "USD")
    fp.fill('[name="budgets-0-value_date"]', "2025-01-01")
    fp.click("main form button[type=submit]")
    assert fp.inner_text("#workflow-state") == "Draft"
    assert "250,000\N{NO-BREAK SPACE}USD" in fp.inner_text("#budgets")
    fp.click("text=Submit for review")
    assert fp.inner_text("#workflow-state") == "Submitted"

    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}/activities/")
    assert "Smart irrigation pilot" not in anonymous.inner_text("main")

    reviewer = sign_in(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/activities/?workflow_state=submitted")
    reviewer.click("text=Smart irrigation pilot")
    reviewer.click("text=Approve")
    assert reviewer.inner_text("#workflow-state") == "Approved"

    anonymous.goto(f"{live_server.url}/activities/")
    anonymous.click("text=Smart irrigation pilot")
    assert "XM-KE-BROWSER-1" in anonymous.inner_text("main")
    anonymous.click("text=History")
    assert anonymous.locator("li[data-action=approve]").count() == 1


def test_the_second_of_two_concurrent_editors_gets_the_conflict_message(
    browser, live_server, personas
):
    a = make_activity(personas, title="Shared record")
    first = sign_in(browser, live_server, "kenyan_focal_point")
    second = sign_in(browser, live_server, "secretariat")
    for page in (first, second):
        page.goto(f"{live_server.url}/activities/{a.pk}/edit/")
    first.fill('[name="a-title_en"]', "Edited by the focal point")
    first.click("main form button[type=submit]")
    assert first.inner_text("h1") == "Edited by the focal point"
    second.fill('[name="a-title_en"]', "Edited by the secretariat")
    second.click("main form button[type=submit]")
    assert "Someone else saved this activity" in second.inner_text("#form-errors")
    a.refresh_from_db()
    assert a.title == {"en": "Edited by the focal point"}


def test_a_reviewer_returns_a_record_with_a_comment(browser, live_server, personas):
    a = make_activity(personas, state="submitted", title="Needs work")
    reviewer = sign_in(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/activities/{a.pk}/")
    reviewer.fill("#comment", "Add the co-financing budget.")
    reviewer.click("text=Return for correction")
    assert reviewer.inner_text("#workflow-state") == "Returned for correction"
    assert Activity.objects.get(pk=a.pk).changes.get(action="return").comment == (
        "Add the co-financing budget."
    )


def test_results_and_tokens_pages_work_in_the_browser(browser, live_server, personas):
    a = make_activity(personas)
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.goto(f"{live_server.url}/activities/{a.pk}/results/")
    fp.fill('[name="title"]', "Skills")
    fp.fill('[name="indicator"]', "People trained")
    fp.select_option('[name="standard_indicator"]', "people-trained")
    fp.fill('[name="p1_start"]', "2025-01-01")
    fp.fill('[name="p1_end"]', "2025-12-31")
    fp.fill('[name="p1_actual"]', "42")
    fp.fill('[name="p1_female"]', "20")
    fp.click("text=Add the result")
    assert "sex=female: 20" in fp.inner_text("main")
    fp.click("nav >> text=API tokens")
    fp.fill("#id_name", "reporting tool")
    fp.click("text=Create a token")
    assert fp.inner_text("#new-token").startswith("dc_")
    fp.click("text=Revoke")
    assert "revoked" in fp.inner_text("main table")
