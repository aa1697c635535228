"""Showing multilingual records: ``{{ activity.title|narrative }}``, ``{{ pillar|tr:"name" }}``.

Each renders the text in the reader's language (else English, else any) inside a ``<span>``
marked with the language it is actually in and ``dir="auto"``, so a French title on an Arabic
page is isolated and read left to right. Nothing to show renders the fallback given (an
activity's identifier), never an empty string a link would vanish into.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from languages.multilingual import Picked, current_language, pick

register = template.Library()


def _marked(picked: Picked, fallback: Any = "") -> SafeString:
    if not picked:
        return format_html('<bdi dir="auto">{}</bdi>', fallback) if fallback else SafeString("")
    if picked.language.split("-")[0] == current_language().split("-")[0]:
        return format_html('<span dir="auto">{}</span>', picked.text)
    return format_html('<span lang="{}" dir="auto">{}</span>', picked.language, picked.text)


@register.filter
def narrative(texts: Any, fallback: Any = "") -> SafeString:
    """A multilingual JSON value in the reader's language, its language marked."""
    return _marked(pick(texts), fallback)


@register.filter
def narrative_text(texts: Any, fallback: Any = "") -> str:
    """The same text, unmarked (for attributes and <title>)."""
    return pick(texts).text or str(fallback or "")


@register.filter
def tr(record: Any, field: str) -> SafeString:
    """A Translatable record's field in the reader's language, its language marked."""
    localized = getattr(record, "localized_picked", None)
    if localized is None:
        return _marked(Picked(str(getattr(record, field, "") or ""), "en"))
    return _marked(localized(field))


@register.filter
def tr_text(record: Any, field: str) -> str:
    localized = getattr(record, "localized", None)
    return localized(field) if localized else str(getattr(record, field, "") or "")


@register.filter
def bidi(value: Any) -> SafeString:
    """Isolate a number, code or Latin name inside right-to-left text."""
    return format_html("<bdi>{}</bdi>", value)
