"""Repeated failed sign-ins pause signing in, per account and per address, until the delay
has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt

from digicoop.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, personas, settings
):
    statuses = [
        attempt(client, "reviewer", "wrong password").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The form answers each failure until the limit is reached; that one is refused.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = attempt(client, "reviewer", PASSWORD)
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The account is locked from any address, not only the one that failed.
    assert attempt(client, "reviewer", PASSWORD, address="203.0.113.9").status_code == 429


def test_an_address_is_locked_after_failures_over_many_accounts(client, personas, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong password", address="192.0.2.50")
    assert attempt(client, "secretariat", PASSWORD, address="192.0.2.50").status_code == 429
    # Another address signs in to the same account.
    response = attempt(client, "secretariat", PASSWORD, address="192.0.2.51")
    assert response.status_code == 302


def test_signing_in_works_again_after_the_delay(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "reviewer", "wrong password")
    assert attempt(client, "reviewer", PASSWORD).status_code == 429
    # As if the lock-out delay had passed.
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    response = attempt(client, "reviewer", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.reviewer.pk


def test_fewer_failures_than_the_limit_do_not_lock(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "reviewer", "wrong password")
    assert attempt(client, "reviewer", PASSWORD).status_code == 302
