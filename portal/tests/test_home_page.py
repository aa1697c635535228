from __future__ import annotations

import datetime as dt

import pytest

from activities.models import Activity

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_plan_its_six_pillars_and_four_targets(client, plan):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "China–Africa Action Plan for Digital Cooperation and Development" in html
    assert html.count('class="pillar"') == 6
    assert html.count('class="target"') == 4
    assert "10 digital transformation demonstration projects by 29 July 2027" in html
    assert "At least 1,000 digital talents trained by 29 July 2027" in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # no external assets
    assert "https://" not in html


def test_the_demonstration_count_on_the_home_page_is_live(client, personas):
    plan = personas.plan

    def shown() -> str:
        html = client.get("/").content.decode()
        block = html.split('data-target="demonstration-projects"')[1]
        return block.split('data-value="')[1].split('"')[0]

    assert shown() == "0"
    Activity.objects.create(
        plan=plan,
        iati_identifier="XI-HOME-1",
        reporting_org=personas.kenyan_ministry,
        title={"en": "Smart mining demonstration"},
        kind=plan.activity_kinds.get(code="demonstration"),
        status=2,
        actual_start=dt.date(2025, 2, 1),
        workflow_state="approved",
    )
    assert shown() == "1"


@pytest.mark.browser
def test_a_visitor_sees_the_pillars_and_targets_in_a_real_browser(live_server, page, plan):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("China–Africa Action Plan")
    assert page.locator("li.pillar").count() == 6
    assert page.locator("li.target").count() == 4
    assert page.locator("li.pillar h3").first.inner_text() == "Policy dialogue and exchange"
    # Our stylesheet loaded (served by whitenoise): the target cards are laid out as a grid.
    assert page.locator("ul.targets").evaluate("e => getComputedStyle(e).display") == "grid"


def test_an_unknown_page_is_a_plain_404_without_internals(client, plan):
    response = client.get("/plans/no-such-plan/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Not found" in html
    assert "Traceback" not in html and "portal.views" not in html
