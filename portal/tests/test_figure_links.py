"""Every figure is a link to the records it counts: following it lists exactly that many.

Over the demo data, as a visitor sees it: for a sample of figures on each public page, the
number shown equals the number of records on the page its link opens.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'<a class="[^"]*figure-link[^"]*" href="([^"]+)" data-count="(\d+)"')


@pytest.fixture
def demo(personas):
    call_command("load_demo", stdout=StringIO())
    return personas


def listed(client, href: str) -> int:
    """How many records the page at ``href`` lists (its own count, checked on its rows)."""
    html = client.get(href.replace("&amp;", "&")).content.decode()
    if href.startswith("/activities/"):
        return int(re.search(r'data-total="(\d+)"', html).group(1))
    if href.startswith("/organisations/"):
        return len(re.findall(r"<li data-organisation=", html))
    if "/targets/" in href:
        return len(re.findall(r"<tr data-activity=", html))
    raise AssertionError(f"no list page for {href}")


def figures_on(client, url: str) -> list[tuple[str, int]]:
    html = client.get(url).content.decode()
    found = [(href, int(n)) for href, n in FIGURE.findall(html)]
    assert found, f"no linked figure on {url}"
    return found


PAGES = ["/", "/pillars/infrastructure/", "/countries/KE/", "/sectors/energy/", "/sectors/"]


def test_following_a_figure_lists_as_many_records_as_it_says(client, demo):
    """One demo load for every page (loading it takes most of the time)."""
    from participants.models import Organisation

    org = Organisation.objects.filter(is_demo=True, reported_activities__workflow_state="approved")
    pages = [*PAGES, f"/organisations/{org.first().pk}/"]
    for url in pages:
        sample = figures_on(client, url)[:6]
        assert any(count > 0 for _, count in sample), url
        for href, count in sample:
            assert listed(client, href) == count, (url, href)

    html = client.get("/pillars/infrastructure/").content.decode()
    table = html.split('id="chart-activities-by-status"')[1].split("</table>")[0]
    bars = re.findall(r'<a href="([^"]+)" class="figure-link">([\d,]+)</a>', table)
    assert bars
    for href, shown in bars:
        assert listed(client, href) == int(shown.replace(",", ""))

    html = client.get("/").content.decode()
    block = html.split('data-target="demonstration-projects"')[1]
    href = re.search(r'href="([^"]+)"', block).group(1)
    value = re.search(r'data-value="(\d+)"', block).group(1)
    assert listed(client, href) == int(value) == 7
