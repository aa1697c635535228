"""Two-step sign-in in Chromium: enrol with the QR page's key, sign out, sign in with the
password and a code computed from that key; a wrong code is refused."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import totp

from accounts.models import AuditEvent, AuditKind
from digicoop.testing import PASSWORD

pytestmark = pytest.mark.browser


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    """What the phone's app would show: RFC 6238 from the key the page showed. A code's time
    step can be used once, so a later sign-in takes the next step (within the allowed drift)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, t0=0, step=30, digits=6, drift=steps_ahead):06d}"


def sign_in(page, url: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def sign_out(page) -> None:
    page.click("header form.inline button[type=submit]")


def test_enrol_then_sign_in_with_a_code_and_be_refused_a_wrong_one(live_server, page, personas):
    url = live_server.url
    sign_in(page, url)
    page.goto(f"{url}/accounts/two-factor/")
    # The QR code is drawn on the server, inline: nothing is fetched from elsewhere.
    assert page.locator("figure.qr svg path").count() >= 1
    secret = page.locator("#totp-secret").inner_text().strip()
    page.fill("input[name=code]", code_for(secret))
    page.click("main button[type=submit]")
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    sign_out(page)

    # Password alone no longer signs in: the code page follows.
    sign_in(page, url)
    assert page.url.endswith("/accounts/login/code/")
    page.goto(f"{url}/accounts/tokens/")
    assert "/accounts/login/" in page.url  # not signed in yet
    page.goto(f"{url}/accounts/login/code/")
    page.fill("input[name=code]", code_for(secret, steps_ahead=1))
    page.click("main button[type=submit]")
    assert page.locator("header .who").inner_text() == "reviewer"
    page.goto(f"{url}/accounts/two-factor/")
    assert "Two-step sign-in is on" in page.locator("#two-factor-state").inner_text()
    sign_out(page)

    # A wrong code: refused, not signed in, and counted as a failed sign-in.
    sign_in(page, url)
    good = {code_for(secret, steps_ahead=n) for n in (-1, 0, 1)}
    wrong = next(c for c in ("000000", "123456", "654321") if c not in good)
    page.fill("input[name=code]", wrong)
    page.click("main button[type=submit]")
    assert "This code is not right" in page.locator("main").inner_text()
    assert page.locator("header .who").count() == 0
    failed = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).get()
    assert failed.actor_name == "reviewer" and failed.detail["factor"] == "code"

    # A backup code signs in once (after the device's one-second pause for the wrong code).
    time.sleep(1.1)
    page.fill("input[name=code]", codes[0])
    page.click("main button[type=submit]")
    assert page.locator("header .who").inner_text() == "reviewer"
