from __future__ import annotations

import pytest
from django.core import mail

from lib.mail import render_mail, send_mail_in


@pytest.mark.django_db
def test_an_e_mail_is_written_in_the_language_asked_with_a_one_line_subject():
    subject, body = send_mail_in(
        "amina@example.org",
        "workspace/mail/returned",
        {"title": "Cloud skills", "by": "reviewer", "comment": "Add the budget.", "link": "L"},
        "fr",
    )
    assert subject == "Renvoyée pour correction : Cloud skills"
    assert "Add the budget." in body and "\n" not in subject
    assert mail.outbox[0].subject == subject and mail.outbox[0].to == ["amina@example.org"]


def test_the_same_template_reads_in_english_by_default():
    subject, _body = render_mail("workspace/mail/returned", {"title": "X"}, "en")
    assert subject == "Returned for correction: X"
