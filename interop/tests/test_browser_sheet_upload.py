from __future__ import annotations

import pytest

from activities.models import Activity
from interop.sheets import HEADERS, to_csv
from interop.tests.workers import BackgroundWorker

pytestmark = pytest.mark.browser


def test_a_bad_spreadsheet_shows_every_error_on_its_job_page_and_writes_nothing(
    live_server, page, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    row = ["XM-1", "nobody", "en", "Title", "", "9", "", "", "", "", "USD", "", ""]
    path = tmp_path / "acts.csv"
    path.write_bytes(to_csv([HEADERS, row]))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "secretariat")
    page.fill("input[name=password]", "correct horse 9!")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/interop/activities/upload/")
    page.set_input_files("input[name=file]", str(path))
    page.click("form.stack button[type=submit]")
    with BackgroundWorker():
        pass  # runs the job, then stops
    page.locator("#job-state", has_text="Done").wait_for(timeout=30_000)
    cells = page.locator(".refusals li").all_inner_texts()
    assert len(cells) == 2
    assert "reporting_org" in cells[0] and "status" in cells[1]
    assert not Activity.objects.exists()
