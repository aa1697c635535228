from __future__ import annotations

import csv
import io

import pytest

from talent.certificates import issue_certificate
from talent.enrolment import COLUMNS
from talent.models import Enrolment
from talent.tests.helpers import enrol_row, make_programme, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse 9!")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def test_a_trainer_enrols_a_trainee_on_the_page(page, live_server, personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    sign_in(page, live_server, "kenyan_trainer")
    page.goto(f"{live_server.url}/talent/programmes/{programme.pk}/enrol/")
    for column, value in row(name="Wanjiku Muthoni", email="wanjiku@example.org").items():
        field = page.locator(f"[name={column}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.fill("[name=birth_year]", "2022")
    page.click("button:has-text('Enrol')")
    assert "3 years old" in page.inner_text("#e-birth_year")
    page.fill("[name=birth_year]", "1999")
    page.click("button:has-text('Enrol')")
    page.wait_for_url(f"**/talent/programmes/{programme.pk}/")
    assert "Wanjiku Muthoni" in page.inner_text("table.enrolments")
    assert Enrolment.objects.filter(programme=programme).count() == 1


def test_a_trainer_uploads_a_sheet_sees_every_bad_row_then_imports_the_good_ones(
    page, live_server, personas
):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerow(row(email="one@example.org"))
    writer.writerow(row(email="two@example.org", country="Atlantis"))
    sheet = {"name": "trainees.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}
    sign_in(page, live_server, "kenyan_trainer")
    page.goto(f"{live_server.url}/talent/programmes/{programme.pk}/upload/")
    page.set_input_files("#sheet", sheet)
    page.click("button:has-text('Upload')")
    report = page.inner_text("section.report")
    assert "Rows imported: 0. Rows refused: 1." in report
    assert "line 3, column country: 'Atlantis'" in report
    assert Enrolment.objects.count() == 0
    page.set_input_files("#sheet", sheet)
    page.check("#keep_good")
    page.click("button:has-text('Upload')")
    assert "Rows imported: 1. Rows refused: 1." in page.inner_text("section.report")
    with page.expect_download() as download:
        page.click("text=Download the refused rows to fix")
    assert download.value.suggested_filename == "refused-rows.xlsx"
    assert Enrolment.objects.count() == 1


def test_anyone_verifies_a_certificate_and_sees_only_initials(page, live_server, personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    enrolment = enrol_row(programme, personas.kenyan_ministry, name="Fatuma Ali Hassan")
    code = issue_certificate(enrolment).code
    page.goto(f"{live_server.url}/verify/{code}")
    text = page.inner_text("main")
    assert "This certificate is genuine." in text
    assert "F.A.H." in text and str(programme) in text and "30 May 2025" in text
    assert "Fatuma" not in page.content()
    page.goto(f"{live_server.url}/verify/forged-code")
    assert "No certificate has this verification code." in page.inner_text("main")


def test_the_public_dashboard_shows_suppressed_cells_and_links_programmes(
    page, live_server, personas
):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    for n in range(6):
        enrol_row(programme, personas.kenyan_ministry, email=f"p{n}@example.org", sex="female")
    enrol_row(programme, personas.kenyan_ministry, email="m@example.org", sex="male")
    page.goto(f"{live_server.url}/talent/")
    assert page.get_attribute("[data-talents]", "data-talents") == "7"
    assert page.inner_text("section[aria-label=Sex] [data-cell=male]") == "<5"
    assert page.inner_text("section[aria-label=Sex] [data-cell=female]") == "x"
    page.click(f"a:has-text('{programme}')")
    page.wait_for_url(f"**/talent/programmes/{programme.pk}/")
    assert "Amina" not in page.content()


def test_a_reviewer_merges_from_the_duplicates_page_and_unmerges_on_the_person_page(
    page, live_server, personas
):
    first = make_programme(personas.plan, personas.kenyan_ministry)
    second = make_programme(personas.plan, personas.chinese_company)
    enrol_row(first, personas.kenyan_ministry, email="one@example.org")
    other = enrol_row(second, personas.chinese_company, email="two@example.org").person
    sign_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/talent/secretariat/")
    assert page.get_attribute("[data-talents]", "data-talents") == "2"
    page.click("text=possible duplicate")
    page.click("button:has-text('Merge')")
    page.wait_for_url(f"**/talent/persons/{other.ref}/")
    assert "now count as one person" in page.inner_text("main")
    page.click("button:has-text('Unmerge')")
    history = page.inner_text("main")
    assert "Merged by a reviewer" in history and "Unmerged by a reviewer" in history
    assert "Amina" not in page.content()  # a reviewer never sees personal fields


def test_a_focal_point_sets_up_a_training_programme_from_the_activity_page(
    page, live_server, personas
):
    from digicoop.testing import make_activity
    from talent.models import Programme

    activity = make_activity(personas, kind="training", title="Cloud skills for civil servants")
    sign_in(page, live_server, personas.kenyan_focal_point.username)
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    page.click("text=Set up the training programme")
    page.select_option("[name=mode]", "online")
    page.fill("[name=hours]", "48")
    page.select_option("[name=providers]", [str(personas.kenyan_ministry.pk)])
    page.select_option("[name=host_countries]", ["KE"])
    page.fill("[name=skills_text]", "cloud administration\ncyber hygiene")
    page.click("button:has-text('Save the programme')")
    page.wait_for_url("**/talent/programmes/*/")
    programme = Programme.objects.get(activity=activity)
    assert page.url.endswith(f"/talent/programmes/{programme.pk}/")
    assert "Cloud skills for civil servants" in page.inner_text("h1")
    assert "cloud administration, cyber hygiene" in page.inner_text("main")
    assert programme.hours == 48
