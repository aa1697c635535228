"""The Content-Security-Policy allows no inline style either: no page carries a style
attribute (progress bars and map swatches are drawn in SVG), and the policy says so."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def test_the_policy_allows_no_inline_style_or_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "style-src 'self'" in policy and "script-src 'self'" in policy


def test_pages_with_bars_and_the_map_carry_no_style_attribute(client, personas, settings):
    make_activity(personas, state="approved")
    client.force_login(personas.secretariat)
    pages = [
        "/",
        reverse("plan-detail", kwargs={"slug": personas.plan.slug}),
        "/accounts/two-factor/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert not STYLE_ATTRIBUTE.search(html), (path, STYLE_ATTRIBUTE.search(html).group(0))
    home = client.get("/").content.decode()
    # The bars and the map's legend are there, drawn without style attributes.
    assert 'class="bar-svg"' in home and 'class="swatch"' in home
