"""Numbers, percentages, money and dates are written the reader's way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from lib import formatting


def test_numbers_use_each_languages_separators():
    assert formatting.number(1234567.5, 1, "en") == "1,234,567.5"
    assert formatting.number(1234567.5, 1, "fr") == "1\u202f234\u202f567,5"
    assert formatting.number(Decimal("1234.5"), 2, "pt") == "1\xa0234,50"
    assert formatting.number(1234567, 0, "pt") == "1\xa0234\xa0567"
    assert formatting.number(1234567, None, "zh-hans") == "1,234,567"
    assert formatting.number(None) == ""


def test_percentages_are_given_in_points():
    assert formatting.percent(42.5, 1, "en") == "42.5%"
    assert formatting.percent(Decimal("78.2"), 1, "fr") == "78,2\xa0%"


def test_money_is_written_with_the_readers_currency_conventions():
    assert formatting.money(1234.5, "USD", "en") == "US$1,234.50"
    assert formatting.money(1234.5, "usd", "fr") == "1\u202f234,50\xa0$US"
    assert formatting.money(1000, "CNY", "zh-hans") == "¥1,000.00"


def test_dates_are_written_in_the_readers_language():
    day = dt.date(2027, 7, 29)
    assert formatting.date(day, language="en") == "29 July 2027"
    assert formatting.date(day, language="fr") == "29 juillet 2027"
    assert formatting.date(day, language="zh-hans") == "2027年7月29日"
    assert formatting.date(day, language="pt") == "29 de julho de 2027"
    assert "يوليو" in formatting.date(day, language="ar")


def test_an_unknown_language_is_written_the_english_way():
    assert formatting.number(1234.5, 1, "xx") == "1,234.5"


def test_the_template_filters_follow_the_active_language():
    template = Template(
        "{% load formatting %}{{ n|number:0 }} {{ d|local_date }} {{ m|money:'EUR' }}"
    )
    with translation.override("fr"):
        html = template.render(Context({"n": 1500, "d": dt.date(2024, 7, 29), "m": 3}))
    assert html == "1\u202f500 29 juillet 2024 3,00\xa0€"
