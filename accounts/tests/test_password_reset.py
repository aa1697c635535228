"""Forgotten password: the same answer for every address, an e-mail in the account's language
with a link that works once and not for long, rate limits, and an honest trail when the mail
server refuses."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail

from accounts.models import AuditEvent, AuditKind
from accounts.password_reset import PER_EMAIL, PER_NETWORK_ADDRESS
from digicoop.tasks import run_queued

pytestmark = pytest.mark.django_db

ASK = "/accounts/password_reset/"
NEW = "A fresh passphrase 42!"


@pytest.fixture
def reviewer(personas):
    user = personas.reviewer
    user.email = "reviewer@example.org"
    user.language = "fr"
    user.save()
    return user


def ask(client, email: str, address: str = "198.51.100.20"):
    return client.post(ASK, {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_the_answer_is_the_same_whether_or_not_an_account_uses_the_address(client, reviewer):
    known = ask(client, "reviewer@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page = client.get(known["Location"]).content.decode()
    assert "If an account uses this address" in page
    # Nothing is sent during the request (no mail-server delay tells them apart)…
    assert mail.outbox == []
    run_queued()
    # …and only the account's owner gets a message.
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]


def test_the_email_is_in_the_accounts_language(client, reviewer):
    ask(client, "reviewer@example.org")
    run_queued()
    (message,) = mail.outbox
    assert "mot de passe" in message.subject.lower()
    assert "Bonjour reviewer" in message.body


def test_the_link_sets_a_new_password_once(client, reviewer):
    ask(client, "reviewer@example.org")
    run_queued()
    link = path_of(link_in(mail.outbox[0]))
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.check_password(NEW)
    # The same link again: refused, with the reason.
    again = client.get(link, follow=True).content.decode()
    assert "no longer works" in again
    set_event = AuditEvent.objects.get(kind=AuditKind.PASSWORD_RESET, detail__change="password set")
    assert set_event.actor == reviewer


def test_the_link_expires(client, reviewer, settings):
    ask(client, "reviewer@example.org")
    run_queued()
    link = path_of(link_in(mail.outbox[0]))
    later = dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        page = client.get(link, follow=True).content.decode()
    assert "no longer works" in page
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60  # DIGICOOP_PASSWORD_RESET_MINUTES


def test_one_address_gets_only_a_few_emails_an_hour_and_the_answer_does_not_change(
    client, reviewer
):
    answers = {ask(client, "reviewer@example.org")["Location"] for _ in range(PER_EMAIL + 2)}
    assert len(answers) == 1
    run_queued()
    assert len(mail.outbox) == PER_EMAIL


def test_one_network_address_is_paused_after_many_requests(client, reviewer):
    for n in range(PER_NETWORK_ADDRESS):
        assert ask(client, f"someone{n}@example.org").status_code == 302
    paused = ask(client, "reviewer@example.org")
    assert paused.status_code == 429 and "Too many" in paused.content.decode()
    assert ask(client, "reviewer@example.org", address="203.0.113.5").status_code == 302


def test_a_refused_email_is_logged_and_recorded_never_reported_sent(
    client, reviewer, settings, caplog
):
    ask(client, "reviewer@example.org")
    with mock.patch(
        "accounts.password_reset.send_mail", side_effect=ConnectionRefusedError("relay down")
    ):
        run_queued()
    assert "not sent" in caplog.text and "relay down" in caplog.text
    failed = AuditEvent.objects.get(kind=AuditKind.PASSWORD_RESET, detail__change="e-mail failed")
    assert failed.target == "user reviewer"
    assert not AuditEvent.objects.filter(detail__change="e-mail sent").exists()


def test_requests_are_recorded_without_the_address_typed(client, reviewer):
    ask(client, "stranger@example.org")
    event = AuditEvent.objects.get(kind=AuditKind.PASSWORD_RESET)
    assert event.address == "198.51.100.20"
    assert "stranger" not in event.target + str(event.detail)


def test_a_new_password_does_not_skip_the_second_factor(client, reviewer):
    from accounts import twofactor
    from accounts.tests.test_two_factor import enrol

    enrol(reviewer)
    ask(client, "reviewer@example.org")
    run_queued()
    form = client.get(path_of(link_in(mail.outbox[0])), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    response = client.post("/accounts/login/", {"username": "reviewer", "password": NEW})
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    assert twofactor.enrolled(reviewer)
