from __future__ import annotations

import pytest

from interop.tests.workers import BackgroundWorker
from reports.models import Report

pytestmark = pytest.mark.browser


def test_the_report_button_of_a_country_page_gives_a_pdf_link_once_the_job_has_run(
    live_server, page, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "secretariat")
    page.fill("input[name=password]", "correct horse 9!")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/countries/KE/")
    page.select_option("#report-format", "pdf")
    page.click("#report-button")
    page.locator("#report-state").wait_for()
    report = Report.objects.get()
    assert (report.country_id, report.format, report.state) == ("KE", "pdf", "queued")
    with BackgroundWorker():
        pass  # runs the job, then stops
    # The page reloads itself until the report is ready, then shows the link.
    link = page.locator("#report-link")
    link.wait_for(timeout=60_000)
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    page.goto(f"{live_server.url}/reports/")
    row = page.locator(f"tr[data-report='{report.pk}']")
    assert "Kenya" in row.inner_text() and "English" in row.inner_text()
