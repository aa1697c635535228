"""Small builders for finance tests: approved activities, transactions and rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from activities.models import Activity, Transaction
from digicoop.testing import Personas, make_activity
from finance.models import ExchangeRate
from finance.rates import WDI_SOURCE


def activity(p: Personas, identifier: str, org=None, **fields) -> Activity:
    return make_activity(p, org, state="approved", identifier=identifier, **fields)


def tx(
    act: Activity,
    type_: str,
    value,
    *,
    currency: str = "USD",
    on: dt.date = dt.date(2024, 6, 1),
    value_date: dt.date | None = None,
    provider: str = "",
    receiver: str = "",
) -> Transaction:
    return Transaction.objects.create(
        activity=act,
        type=type_,
        date=on,
        value=Decimal(str(value)),
        currency=currency,
        value_date=value_date or on,
        provider_activity_id=provider,
        receiver_activity_id=receiver,
    )


def rate(currency: str, year: int, units_per_usd) -> ExchangeRate:
    return ExchangeRate.objects.create(
        currency=currency,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        units_per_usd=Decimal(str(units_per_usd)),
        source=WDI_SOURCE,
        countries=["TST"],
    )


def run_jobs() -> None:
    """Run the queued jobs with the real worker loop. The worker closes "old" connections
    between jobs; inside a test's transaction on PostgreSQL that would close the test's own
    connection (its autocommit differs from the settings'), so that one call is held back."""
    from unittest import mock

    from digicoop.tasks import run_queued

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        run_queued()


def sign_in(client, who: str):
    """The test client signed in as the persona (or other user) named ``who``, or anonymous."""
    from accounts.models import User

    if who != "anonymous":
        client.force_login(User.objects.get(username=who))
    return client


def refused(response, who: str) -> bool:
    """A write refused: anonymous people are sent to sign in, others are forbidden."""
    if who == "anonymous":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code == 403
