from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from indicators.tests.test_wdi import _expected_from_long

pytestmark = pytest.mark.browser


def test_a_country_profile_shows_the_trend_and_rank_in_the_browser(live_server, page, shared_data):
    call_command(
        "import_wdi",
        str(shared_data / "indicators/wdi-datasets-org/it.cel.sets.p2"),
        stdout=StringIO(),
    )
    page.goto(f"{live_server.url}/countries/KE/")
    assert page.locator("h1").inner_text() == "Kenya"
    row = page.locator('tr[data-indicator="IT.CEL.SETS.P2"]')
    assert row.locator("svg.sparkline polyline").count() == 1
    _year, _value, rank, ranked = _expected_from_long(shared_data, "KEN")
    assert row.locator(".rank").inner_text().startswith(f"{rank} / {ranked}")
    assert "(2024)" in row.locator(".latest").inner_text()
