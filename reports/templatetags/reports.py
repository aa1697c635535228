"""Filters of the report template (``{% load reports %}``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

from lib.charts import Chart
from reports import drawing

register = template.Library()


@register.filter
def bars(chart: Chart) -> list[drawing.Bar]:
    """A chart's rows with their bars, drawn from the line's start in the report's direction."""
    return drawing.bars(chart, get_language_bidi())


@register.filter
def drawn(svg: str) -> SafeString:
    """A drawing of progress (escaped SVG markup already) without its text: see drawing.py."""
    return mark_safe(drawing.without_text(svg or ""))  # noqa: S308 (progress escapes its SVG)


@register.filter
def may_request_report(user, plan) -> bool:
    """``{% if user|may_request_report:plan %}``: the Report button is shown to those who may
    press it (reports.permissions)."""
    from reports.permissions import may_request

    return may_request(user, plan)
