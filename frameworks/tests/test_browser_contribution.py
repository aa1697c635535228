from __future__ import annotations

import pytest

from activities.models import Activity
from frameworks.alignment import set_alignments
from interop.iati_import import import_iati_files
from interop.tests.iati_samples import activity, document, write

pytestmark = pytest.mark.browser


def test_the_sdg_contribution_page_shows_counts_and_budgets(
    live_server, page, plan, frameworks_loaded, tmp_path
):
    import_iati_files([write(tmp_path, document(activity()))], state="approved")
    set_alignments(Activity.objects.get(), ["9.c"], [10])
    page.goto(f"{live_server.url}/plans/{plan.slug}/alignment/")
    nine = page.locator('#sdg-table tr[data-goal="9"]')
    assert nine.locator(".count").inner_text() == "1"
    assert nine.locator(".budget").inner_text() == "USD 1,000"
    assert page.locator('#sdg-table tr[data-goal="1"] .count').inner_text() == "0"
    assert page.locator('#a2063-table tr[data-goal="10"] .count').inner_text() == "1"
