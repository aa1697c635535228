"""The forms pass axe-core's automated accessibility check (WCAG 2.x A and AA, best practices):
labels, headings, landmarks, contrast, names of links and buttons. See digicoop/accessibility.py."""

from __future__ import annotations

import pytest

from digicoop import accessibility
from digicoop.accessibility import assert_accessible
from digicoop.testing import PASSWORD, make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username: str):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_the_sign_in_page_passes(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.click("main button[type=submit]")  # nothing typed: the form comes back with errors
    assert_accessible(page, "the sign-in page with its errors")


def test_the_join_form_passes_empty_and_with_errors(page, live_server, personas):
    page.goto(f"{live_server.url}/join/")
    assert_accessible(page, "the join form")
    page.click("main form button[type=submit]")  # nothing filled in: refused, with a summary
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page, "the join form with errors")


def test_the_activity_form_passes_empty_and_with_errors(browser, live_server, personas):
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.goto(f"{live_server.url}/activities/new/")
    assert_accessible(fp, "the empty activity form")
    fp.click("#budgets button.add-row")  # a row added in place is labelled like the others
    fp.fill('[name="budgets-1-value"]', "1000")
    fp.click("main form button[type=submit]")
    assert fp.locator("#error-summary").is_visible()
    assert_accessible(fp, "the activity form with errors")


def test_an_activitys_edit_form_and_history_pass(browser, live_server, personas):
    activity = make_activity(personas, title="Accessible record")
    fp = sign_in(browser, live_server, "kenyan_focal_point")
    fp.goto(f"{live_server.url}/activities/{activity.pk}/edit/")
    assert_accessible(fp, "the edit form")
    fp.fill('[name="a-title_en"]', "Accessible record, renamed")
    fp.click("main form button[type=submit]")
    fp.goto(f"{live_server.url}/activities/{activity.pk}/history/")
    assert_accessible(fp, "the history")


def test_the_import_forms_pass(browser, live_server, personas):
    secretariat = sign_in(browser, live_server, "secretariat")
    for path in ("/interop/activities/upload/", "/interop/iati/upload/"):
        secretariat.goto(f"{live_server.url}{path}")
        assert_accessible(secretariat, path)


def test_the_check_finds_a_field_without_a_label(page):
    """The check is not vacuous: a page with an unlabelled field fails it."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        '<body><main><h1>Form</h1><input type="text" name="x"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)


def test_a_missing_axe_fails_loudly_instead_of_skipping(page, monkeypatch, tmp_path):
    monkeypatch.setattr(accessibility, "AXE", tmp_path / "axe.min.js")
    page.set_content("<p>x</p>")
    with pytest.raises(accessibility.AxeMissing, match="npm ci"):
        assert_accessible(page)
