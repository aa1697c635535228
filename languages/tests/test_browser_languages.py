"""Every language in a real browser: no English left, Arabic mirrored, the switcher remembered."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from activities import workflow
from digicoop.tasks import run_queued
from digicoop.testing import PASSWORD, make_activity
from finance.models import Pledge, PledgeStatus
from workspace.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).parent / "screenshots"  # git-ignored
LANGUAGES = {"fr": "fr", "zh-hans": "zh_Hans", "ar": "ar", "pt": "pt"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sdr]|\{\w*\}")

# Every text node of the page the reader sees, except what is marked as another language (the
# switcher's own names, a record shown in the language its publisher gave).
VISIBLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, .skip")) continue;
    const marked = el.closest("[lang]");
    if (marked && marked.lang !== lang && marked !== document.documentElement) continue;
    const text = node.data.replace(/\\s+/g, " ").trim();
    if (text && el.getClientRects().length) out.push(text);
  }
  for (const el of document.querySelectorAll("input[type=submit], [placeholder], [title]")) {
    for (const a of ["value", "placeholder", "title"]) {
      const value = el.getAttribute(a);
      if (value && !(a === "value" && el.type !== "submit")) out.push(value);
    }
  }
  return out;
}"""

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  if (document.documentElement.scrollWidth > width + 1) bad.push("page scrolls sideways");
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".skip")) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.left < -1 || r.right > width + 1) bad.push(el.outerHTML.slice(0, 80));
  }
  return bad;
}"""


@cache
def english_interface_strings(language: str) -> frozenset[str]:
    """The catalogue's msgids that this language translates differently (so their English
    showing up means an untranslated string), without placeholders."""
    path = Path(settings.BASE_DIR) / "locale" / LANGUAGES[language] / "LC_MESSAGES" / "django.po"
    with path.open("rb") as fh:
        catalogue = read_po(fh)
    found = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if (
                msgid
                and not PLACEHOLDER.search(msgid)
                and msgid not in strings
                and "<" not in msgid
            ):
                found.add(msgid)
    return frozenset(found)


def english_left(page, language: str) -> list[str]:
    texts = page.evaluate(VISIBLE_TEXT)
    english = english_interface_strings(language)
    joined = "\n".join(texts)
    left = {t for t in texts if t in english or t.rstrip(":") in english}
    left |= {m for m in english if len(m) >= 16 and m in joined}
    return sorted(left)


@pytest.fixture
def pages(live_server, personas):
    activity = make_activity(personas, identifier="XM-KE-LANG-1", state="approved")
    activity.title = {"en": "Smart irrigation pilot", "fr": "Pilote d'irrigation intelligente"}
    activity.save()
    pledge = Pledge.objects.create(
        plan=personas.plan,
        organisation=personas.kenyan_ministry,
        statement="Train 200 digital talents",
        pledged_on=dt.date(2024, 9, 1),
        target=personas.plan.targets.get(code="digital-talents"),
        quantity=200,
        status=PledgeStatus.UNDER_WAY,
    )
    pledge.activities.set([activity])
    finance = f"/finance/{personas.plan.slug}"
    return {
        "home": "/",
        "activities": "/activities/",
        "activity": f"/activities/{activity.pk}/",
        "talents": "/talent/",
        "sign-in": "/accounts/login/",
        "join": "/join/",
        "reports": "/reports/",
        "finance": f"{finance}/",
        "money-flows": f"{finance}/flows/",
        "pledges": f"{finance}/pledges/",
        "scorecard": f"{finance}/scorecard/",
        "activity-finance": f"/finance/activities/{activity.pk}/",
    }


@pytest.fixture
def workspace_pages(personas):
    """A reviewer's own pages, with something on each: an activity waiting for review and the
    notice that said so (written, as every notice is, in the reviewer's language)."""
    activity = make_activity(personas, identifier="XM-KE-LANG-2")
    activity.title = {"en": "Rural broadband survey", "fr": "Enquête sur le haut débit rural"}
    activity.save()
    workflow.submit(activity, personas.kenyan_focal_point)
    return {
        "my-tasks": "/tasks/",
        "notifications": "/notifications/",
        "notification-choices": "/notifications/preferences/",
        "reports": "/reports/",
    }


def in_language(browser, language: str):
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    return context.new_page()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_main_page_is_in_the_readers_language(browser, live_server, pages, language):
    page = in_language(browser, language)
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == language
        page.screenshot(path=str(SCREENSHOTS / f"{language}-{name}.png"), full_page=True)
        left = english_left(page, language)
        if left:
            problems[name] = left
    page.context.close()
    assert not problems, f"English left on the {language} pages: {problems}"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_members_workspace_pages_are_in_the_readers_language(
    browser, live_server, personas, workspace_pages, language
):
    personas.reviewer.language = language
    personas.reviewer.save(update_fields=["language"])
    run_queued()  # the submission's notice, in the reviewer's language
    page = in_language(browser, language)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    problems = {}
    for name, path in workspace_pages.items():
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == language
        page.screenshot(path=str(SCREENSHOTS / f"{language}-signed-in-{name}.png"), full_page=True)
        if name == "notifications":  # the notice is there, in the reviewer's language
            notice = Notification.objects.get(user=personas.reviewer)
            assert notice.subject in page.inner_text("main")
        left = english_left(page, language)
        if left:
            problems[name] = left
    page.context.close()
    assert not problems, f"English left on the {language} workspace pages: {problems}"


def test_arabic_pages_are_mirrored_and_nothing_overflows(browser, live_server, pages):
    page = in_language(browser, "ar")
    for path in pages.values():
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.evaluate(OVERFLOWING) == [], path
    page.goto(live_server.url + "/")
    bars = page.locator(".bar")
    assert bars.count() >= 2
    for i in range(bars.count()):
        bar = bars.nth(i).bounding_box()
        marker = bars.nth(i).locator(".expected")
        expected = float(marker.get_attribute("data-expected")) / 100
        box = marker.bounding_box()
        from_right = (bar["x"] + bar["width"] - (box["x"] + box["width"] / 2)) / bar["width"]
        assert abs(from_right - expected) < 0.01, (from_right, expected)
        done = bars.nth(i).locator(".done").bounding_box()
        assert abs((done["x"] + done["width"]) - (bar["x"] + bar["width"])) < 1  # fills from right
    page.context.close()


def test_the_switcher_changes_the_language_and_keeps_the_page(browser, live_server, pages):
    page = in_language(browser, "en")
    url = f"{live_server.url}/activities/?q=irrigation"
    page.goto(url)
    page.click("form.languages button[value=fr]")
    page.wait_for_load_state()
    assert page.url == url
    assert page.get_attribute("html", "lang") == "fr"
    assert page.inner_text("main h1") == "Activités"
    page.goto(f"{live_server.url}/talent/")  # remembered by the browser
    assert page.get_attribute("html", "lang") == "fr"
    page.context.close()


def test_a_signed_in_users_choice_persists_in_another_browser(browser, live_server, pages):
    page = in_language(browser, "en")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("form.languages button[value=pt]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "pt"
    page.context.close()

    elsewhere = in_language(browser, "en")  # another browser: no cookie, English
    elsewhere.goto(f"{live_server.url}/accounts/login/")
    assert elsewhere.get_attribute("html", "lang") == "en"
    elsewhere.fill("#id_username", "reviewer")
    elsewhere.fill("#id_password", PASSWORD)
    elsewhere.click("main button[type=submit]")
    elsewhere.wait_for_url(f"{live_server.url}/")
    assert elsewhere.get_attribute("html", "lang") == "pt"
    assert elsewhere.inner_text("nav[aria-label]").count("Terminar sessão") == 1
    elsewhere.context.close()
