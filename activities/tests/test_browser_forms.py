"""The activity form in a real browser: rows added and removed in place, and the error summary."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

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


def fill_budget(page, index: int, year: int, value: str) -> None:
    page.fill(f'[name="budgets-{index}-period_start"]', f"{year}-01-01")
    page.fill(f'[name="budgets-{index}-period_end"]', f"{year}-12-31")
    page.fill(f'[name="budgets-{index}-value"]', value)
    page.fill(f'[name="budgets-{index}-currency"]', "USD")
    page.fill(f'[name="budgets-{index}-value_date"]', f"{year}-01-01")


def test_two_countries_and_two_budgets_are_recorded_in_one_save(browser, live_server, personas):
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.goto(f"{live_server.url}/activities/new/")
    fp.fill('[name="a-iati_identifier"]', "XM-KE-ROWS-1")
    fp.fill('[name="a-title_en"]', "Two countries, two years")
    fp.select_option('[name="a-kind"]', "demonstration")
    fp.select_option('[name="recipient_countries-0-country"]', "KE")
    fp.fill('[name="recipient_countries-0-percentage"]', "60")
    fp.click("#recipient_countries button.add-row")
    # The new row takes the focus, so a keyboard user types straight into it.
    assert fp.evaluate("document.activeElement.name") == "recipient_countries-1-country"
    fp.select_option('[name="recipient_countries-1-country"]', "TZ")
    fp.fill('[name="recipient_countries-1-percentage"]', "40")
    fill_budget(fp, 0, 2025, "100000")
    fp.click("#budgets button.add-row")
    fill_budget(fp, 1, 2026, "150000")
    # A third budget row added by mistake and removed again is not saved.
    fp.click("#budgets button.add-row")
    fill_budget(fp, 2, 2027, "999")
    fp.click("#budgets-2 button.remove-row")
    assert fp.locator("#budgets-2").is_hidden()
    fp.click("main form button[type=submit]")
    assert fp.inner_text("#workflow-state") == "Draft"
    activity = Activity.objects.get(iati_identifier="XM-KE-ROWS-1")
    countries = activity.recipient_countries.values_list("country_id", flat=True)
    assert sorted(countries) == ["KE", "TZ"]
    assert sorted(activity.budgets.values_list("value", flat=True)) == [100000, 150000]
    assert activity.changes.count() == 1  # one save, one history entry


def test_a_saved_row_removed_in_place_is_deleted_by_the_save(browser, live_server, personas):
    activity = make_activity(personas, title="Has a budget")
    activity.budgets.create(
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        value=5000,
        currency="USD",
        value_date=dt.date(2025, 1, 1),
    )
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.goto(f"{live_server.url}/activities/{activity.pk}/edit/")
    assert activity.budgets.count() == 1
    fp.click("#budgets-0 button.remove-row")
    fp.click("main form button[type=submit]")
    assert fp.inner_text("#workflow-state") == "Draft"
    assert activity.budgets.count() == 0


def test_a_refused_save_puts_a_summary_linking_to_each_field_at_the_top(
    browser, live_server, personas
):
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.goto(f"{live_server.url}/activities/new/")
    fp.select_option('[name="a-kind"]', "demonstration")
    fp.fill('[name="budgets-0-value"]', "1000")  # a budget without its period
    fp.click("main form button[type=submit]")

    summary = fp.locator("#error-summary")
    expect(summary).to_be_focused()  # the script moves the focus there once the page loads
    assert summary.bounding_box()["y"] < 600  # in the first screen, not 2,600 px below
    links = summary.locator("a")
    texts = links.all_inner_texts()
    assert any(t.startswith("IATI identifier:") for t in texts)
    assert "Budgets, row 1: Period start: This field is required." in texts
    summary.locator("a", has_text="Budgets, row 1: Period start").click()
    assert fp.evaluate("document.activeElement.name") == "budgets-0-period_start"
