"""Template filters over lib.formatting: ``{% load formatting %}`` then ``{{ x|number }}``."""

from __future__ import annotations

from django import template

from lib import formatting

register = template.Library()


@register.filter
def number(value, decimals=None):
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=0):
    return formatting.percent(value, int(decimals or 0))


@register.filter
def money(value, currency="USD"):
    return formatting.money(value, currency)


@register.filter
def local_date(value, length="long"):
    return formatting.date(value, length or "long")


@register.filter
def local_datetime(value, length="medium"):
    return formatting.date_time(value, length or "medium")


# The public pages' filters (also template built-ins: no {% load %} needed).


@register.filter
def num(value, decimals=0):
    return formatting.format_number(value, int(decimals or 0))


@register.filter
def measure(value):
    return formatting.format_measure(value)


@register.filter
def amount(value, currency="USD"):
    return formatting.format_money(value, currency)


@register.filter
def pct(value, decimals=1):
    """``decimals`` as ``floatformat`` reads it: a negative number shows at most that many
    digits, without trailing zeros (``{{ share|pct:"-3" }}``)."""
    places = int(decimals or 0)
    return formatting.format_percent(value, abs(places), trim=places < 0)


@register.filter
def day(value):
    return formatting.format_date(value)


@register.filter
def month(value):
    return formatting.format_month(value)
