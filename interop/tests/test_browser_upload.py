from __future__ import annotations

import pytest

from activities.models import Activity
from interop.tests.iati_samples import activity, document, write
from interop.tests.workers import BackgroundWorker

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse 9!")
    page.click("button[type=submit]")


def test_the_secretariat_uploads_an_iati_file_watches_it_and_opens_a_created_record(
    live_server, page, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write(tmp_path, document(activity(), activity("XM-TEST-1-BAD", status="9")), "p.xml")
    _sign_in(page, live_server, "secretariat")
    page.goto(f"{live_server.url}/interop/iati/upload/")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=state]", "approved")
    page.click("form.stack button[type=submit]")
    # The upload returned at once with the job's page; no worker has run it yet.
    assert page.locator("h1").inner_text() == "Import of p.xml"
    assert page.locator("#job-state").inner_text() == "Queued"
    assert not Activity.objects.exists()

    with BackgroundWorker():
        pass  # runs the job, then stops
    # The page follows the job by itself and shows the report when it ends.
    page.locator("#job-state", has_text="Done").wait_for(timeout=30_000)
    assert page.locator("#count-read").inner_text() == "2"
    assert page.locator("#count-created").inner_text() == "1"
    assert page.locator("#count-refused").inner_text() == "1"
    assert "p.xml:" in page.locator(".refusals li").first.inner_text()
    page.locator("ul.created a").first.click()
    page.wait_for_url(f"**/activities/{Activity.objects.get().pk}/")
    assert "XM-TEST-1-A1" in page.content()
    assert Activity.objects.get().workflow_state == "approved"
