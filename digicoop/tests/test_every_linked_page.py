"""Every page reachable by following links from the home page works, for each kind of user.

A crawl over the demo data (every pillar, kind, state and the talent registry): no link may
lead to a server error, a missing page, or a refusal — a link that answers 403 is a link that
should not have been offered.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from io import StringIO

import pytest
from django.core.management import call_command

# Not followed: static files, the admin, downloads (each has its own tests and they would
# only slow the crawl) and certificate checks.
SKIP = re.compile(r"^/(static|media|admin)/|\.(pdf|xml|csv|xlsx|json)(\?|$)|/verify/")
PAGES_PER_USER = 150
SAME_SHAPE = 2  # pages followed per URL shape (/activities/N/ …): breadth, not every record


def crawl(client) -> list[tuple[str, int]]:
    seen: set[str] = set()
    queue, shapes, problems = deque(["/"]), Counter(), []
    while queue and len(seen) < PAGES_PER_USER:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500 or response.status_code in (403, 404):
            problems.append((url, response.status_code))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if not href.startswith("/") or SKIP.search(href) or href in seen:
                continue
            shape = re.sub(r"\d+|[0-9a-f-]{36}", "N", href.split("?")[0])
            shapes[shape] += 1
            if shapes[shape] <= SAME_SHAPE:
                queue.append(href)
    assert len(seen) > 20, seen  # the crawl really went somewhere
    return problems


@pytest.fixture
def demo(personas):
    call_command("load_demo", stdout=StringIO())
    return personas


@pytest.mark.parametrize(
    "who", ["anonymous", "kenyan_focal_point", "kenyan_trainer", "reviewer", "secretariat"]
)
def test_no_link_leads_to_a_server_error_a_missing_page_or_a_refusal(client, demo, who):
    if who != "anonymous":
        client.force_login(getattr(demo, who))
    assert crawl(client) == []
