"""A signed-in session ends after DIGICOOP_SESSION_HOURS, and when the browser closes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from digicoop.testing import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRIVATE = "/accounts/tokens/"  # any page that needs a signed-in user


def sign_in(client) -> Session:
    response = client.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD})
    assert response.status_code == 302
    return Session.objects.get(session_key=client.session.session_key)


def test_the_session_cookie_lasts_only_until_the_browser_closes(client, personas):
    response = client.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    # No expiry date and no max-age: a session cookie, which the browser drops when it closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]


def test_the_session_ends_after_the_configured_hours(client, personas, settings):
    before = timezone.now()
    session = sign_in(client)
    lasts = session.expire_date - before
    assert settings.SESSION_COOKIE_AGE == 8 * 3600  # DIGICOOP_SESSION_HOURS' default
    assert dt.timedelta(hours=8) <= lasts < dt.timedelta(hours=8, minutes=1)
    assert client.get(PRIVATE).status_code == 200
    # Travel past the end: the stored session has expired, the cookie alone signs nobody in.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(PRIVATE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_within_its_hours_still_works(client, personas):
    session = sign_in(client)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + dt.timedelta(minutes=5)
    )
    assert client.get(PRIVATE).status_code == 200


def test_the_variable_sets_the_session_length(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DIGICOOP_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "digicoop.settings",
        "DIGICOOP_SESSION_HOURS": "2",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["7200", "True"], result.stderr
