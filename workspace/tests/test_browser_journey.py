"""The whole journey in a real browser: an organisation applies, is approved, its contact is
invited, records an activity, a reviewer returns it, it is fixed, approved and counted."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from activities.models import Activity
from digicoop.tasks import run_queued
from digicoop.testing import PASSWORD
from workspace.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTACT = "awa@ddi.example.org"


def sign_in(browser, live_server, username: str, password: str = PASSWORD):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def demonstration_projects(page, live_server) -> int:
    page.goto(f"{live_server.url}/")
    figure = page.locator('li.target[data-target="demonstration-projects"] .value')
    return int(float(figure.get_attribute("data-value")))


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def fill_budget(page, index: int, year: int, value: str) -> None:
    page.fill(f'[name="budgets-{index}-period_start"]', f"{year}-01-01")
    page.fill(f'[name="budgets-{index}-period_end"]', f"{year}-12-31")
    page.fill(f'[name="budgets-{index}-value"]', value)
    page.fill(f'[name="budgets-{index}-currency"]', "USD")
    page.fill(f'[name="budgets-{index}-value_date"]', f"{year}-01-01")


def test_an_organisation_joins_and_its_first_activity_is_reviewed_and_counted(
    browser, live_server, personas
):
    visitor = browser.new_context().new_page()
    counted_before = demonstration_projects(visitor, live_server)

    # 1. The organisation applies.
    visitor.goto(f"{live_server.url}/")
    visitor.click("nav >> text=Join the plan")
    visitor.fill("#id_name_en", "Dakar Digital Institute")
    visitor.fill("#id_name_fr", "Institut numérique de Dakar")
    visitor.select_option("#id_type", "academia")
    visitor.select_option("#id_country", "SN")
    visitor.fill("#id_website", "https://ddi.example.org")
    visitor.fill("#id_contact_name", "Awa Ndiaye")
    visitor.fill("#id_contact_email", CONTACT)
    visitor.check("#id_pillars_0")
    visitor.fill("#id_statement", "We build demonstration projects in public services.")
    visitor.click("main form button[type=submit]")
    assert "your application is received" in visitor.inner_text("h1")

    # 2. The secretariat finds it in its tasks and approves it.
    secretariat = sign_in(browser, live_server, "secretariat")
    assert "1 waiting" in secretariat.inner_text("#nav-tasks")
    secretariat.click("#nav-tasks")
    secretariat.click("#to-decide >> text=Dakar Digital Institute")
    secretariat.click("article.application >> text=Approve")
    assert "is a member now" in secretariat.inner_text(".messages")

    # 3. The contact receives the decision and the invitation (sent by the background jobs).
    assert not mails_to(CONTACT)
    run_queued()
    invitation = next(m for m in mails_to(CONTACT) if "/accounts/invitation/" in m.body)
    path = re.search(r"/accounts/invitation/[\w-]+/", invitation.body).group(0)

    # 4. The contact sets their own password and is signed in as the new focal point.
    awa = browser.new_context().new_page()
    awa.goto(f"{live_server.url}{path}")
    awa.fill("#id_username", "awa")
    awa.fill("#id_password1", "baobab tree 2027!")
    awa.fill("#id_password2", "baobab tree 2027!")
    awa.click("main form button[type=submit]")
    assert awa.inner_text("h1") == "My tasks"

    # 5. They record an activity with two countries and two budget rows.
    awa.click("nav >> text=Activities")
    awa.click("text=Record a new activity")
    awa.fill('[name="a-iati_identifier"]', "XM-SN-DDI-1")
    awa.fill('[name="a-title_en"]', "Digital land registry pilot")
    awa.select_option('[name="a-kind"]', "demonstration")
    awa.select_option('[name="a-status"]', "2")  # implementation
    awa.fill('[name="a-actual_start"]', "2025-03-01")
    awa.check('[name="a-pillars"][value="transformation"]')
    awa.select_option('[name="recipient_countries-0-country"]', "SN")
    fill_budget(awa, 0, 2025, "100000")
    # Rows added in place: both countries and both budgets go in one save.
    awa.fill('[name="recipient_countries-0-percentage"]', "60")
    awa.click("#recipient_countries button.add-row")
    awa.select_option('[name="recipient_countries-1-country"]', "GM")
    awa.fill('[name="recipient_countries-1-percentage"]', "40")
    awa.click("#budgets button.add-row")
    fill_budget(awa, 1, 2026, "150000")
    awa.click("main form button[type=submit]")
    assert awa.inner_text("#workflow-state") == "Draft"
    activity = Activity.objects.get(iati_identifier="XM-SN-DDI-1")
    assert sorted(activity.recipient_countries.values_list("country_id", flat=True)) == [
        "GM",
        "SN",
    ]
    assert activity.budgets.count() == 2
    assert activity.changes.count() == 1  # one save
    assert activity.reporting_org.name == "Dakar Digital Institute"

    # 6. They submit it; the reviewer is told and finds it in "My tasks".
    awa.click("text=Submit for review")
    assert awa.inner_text("#workflow-state") == "Submitted"
    run_queued()
    assert mails_to(personas.reviewer.email)
    reviewer = sign_in(browser, live_server, "reviewer")
    assert "1 waiting" in reviewer.inner_text("#nav-tasks")
    reviewer.click("#nav-tasks")
    reviewer.click("#to-review >> text=Digital land registry pilot")
    reviewer.fill("#comment", "Give the 2026 budget its value date.")
    reviewer.click("text=Return for correction")
    assert reviewer.inner_text("#workflow-state") == "Returned for correction"

    # 7. The focal point is notified with the comment, fixes the record and submits it again.
    run_queued()
    (returned,) = [m for m in mails_to(CONTACT) if "Returned for correction" in m.subject]
    assert "Give the 2026 budget its value date." in returned.body
    assert Notification.objects.filter(user__username="awa", kind="returned").exists()
    awa.goto(f"{live_server.url}/")
    assert "1 new" in awa.inner_text("#nav-notifications")
    awa.click("#nav-notifications")
    assert "Give the 2026 budget its value date." in awa.inner_text("main")
    awa.click("#nav-tasks")
    awa.click("#returned >> text=Digital land registry pilot")
    awa.click("text=Edit")
    awa.fill('[name="budgets-1-value_date"]', "2026-01-15")
    awa.click("main form button[type=submit]")
    awa.click("text=Submit for review")
    assert awa.inner_text("#workflow-state") == "Submitted"

    # 8. The reviewer approves it, and it counts on the home page.
    reviewer.goto(f"{live_server.url}/tasks/")
    reviewer.click("#to-review >> text=Digital land registry pilot")
    reviewer.click("text=Approve")
    assert reviewer.inner_text("#workflow-state") == "Approved"
    run_queued()
    assert any("Approved" in m.subject for m in mails_to(CONTACT))
    assert demonstration_projects(visitor, live_server) == counted_before + 1
