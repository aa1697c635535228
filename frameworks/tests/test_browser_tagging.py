from __future__ import annotations

import pytest

from activities.models import Activity
from interop.iati_import import import_iati_files
from interop.tests.iati_samples import activity, document, write

pytestmark = pytest.mark.browser


def test_the_secretariat_tags_an_activity_in_the_browser(
    live_server, page, personas, frameworks_loaded, tmp_path
):
    import_iati_files([write(tmp_path, document(activity()))])
    a = Activity.objects.get()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "secretariat")
    page.fill("input[name=password]", "correct horse 9!")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/activities/{a.pk}/alignment/")
    page.select_option("select[name=sdg_targets]", ["9.c"])
    page.check("input[name=agenda2063_goals][value='10']")
    page.click("form.stack button[type=submit]")
    assert page.locator("ul.messages").inner_text() == "Alignment saved."
    assert "SDG 9.c" in page.locator("#current").inner_text()
    assert list(a.agenda2063_alignments.values_list("goal_id", flat=True)) == [10]
