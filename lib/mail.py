"""Writing an e-mail in its reader's language.

Jobs send e-mail outside any request, so no language is active: the caller names the reader's
(``languages.preferences.language_of``) and the subject and body templates are rendered in it.
Which backend carries the message (console, SMTP, locmem in tests) is the settings' business.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def render_mail(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, body) of ``template``: ``<template>_subject.txt`` and ``<template>.txt``
    rendered in ``language``. The subject is one line, whatever the template's whitespace."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body


def send_mail_in(to: str, template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """Send one e-mail to ``to`` in ``language``; returns what was sent (subject, body)."""
    subject, body = render_mail(template, context, language)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
    return subject, body
