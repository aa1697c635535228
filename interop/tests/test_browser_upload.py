from __future__ import annotations

import pytest

from activities.models import Activity
from interop.tests.iati_samples import activity, document, write

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse 9!")
    page.click("button[type=submit]")


def test_the_secretariat_uploads_an_iati_file_in_the_browser(live_server, page, personas, tmp_path):
    path = write(tmp_path, document(activity(), activity("XM-TEST-1-BAD", status="9")), "p.xml")
    _sign_in(page, live_server, "secretariat")
    page.goto(f"{live_server.url}/interop/iati/upload/")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=state]", "approved")
    page.click("form.stack button[type=submit]")
    summary = page.locator("#result .summary")
    assert "2 activities read: 1 created, 0 updated, 1 refusal(s)." in summary.inner_text()
    assert "p.xml:" in page.locator(".refusals li").first.inner_text()
    assert Activity.objects.get().workflow_state == "approved"
