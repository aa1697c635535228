"""IATI codes on a page as their names: ``{{ activity.default_flow_type|iati_name:"FlowType" }}``.

Renders the code's official name in the reader's language (French or English: IATI publishes
no other, see ``activities.codelists``), its language marked, with the code beside it; a code
the list does not have is shown as the code alone.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from activities import codelists
from languages.templatetags.multilingual import narrative

register = template.Library()


@register.filter
def iati_name(code: Any, codelist: str) -> SafeString:
    """The name of ``code`` in the IATI code list named ``codelist``, then the code."""
    code = str(code if code is not None else "").strip()
    names = codelists.name(codelists.Codelist(codelist), code) if code else {}
    if not names:
        return format_html("<bdi>{}</bdi>", code)
    return format_html("{} · <bdi>{}</bdi>", narrative(names), code)
