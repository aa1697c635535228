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


def test_a_share_keeps_the_precision_it_was_given_and_the_readers_percent_sign():
    template = Template('{{ v|pct:"-3" }} {{ w|pct:"-3" }} {{ x|pct:0 }}')
    values = {"v": Decimal("33.3330"), "w": Decimal("60.000"), "x": Decimal("24.6")}
    with translation.override("fr"):
        assert template.render(Context(values)) == "33,333\xa0% 60\xa0% 25\xa0%"
    with translation.override("en"):
        assert template.render(Context(values)) == "33.333% 60% 25%"
    with translation.override("fr"):
        assert Template("{{ v|pct:0 }}").render(Context({"v": None})) == "—"


def test_counts_are_grouped_and_rounded_half_up():
    from decimal import Decimal

    assert formatting.format_number(2304) == "2,304"
    assert formatting.format_number(Decimal("2.5")) == "3"
    assert formatting.format_number("1234.565", 2) == "1,234.57"
    assert formatting.format_number(None) == "—"


def test_amounts_in_tables_carry_their_code_in_whole_units():
    from decimal import Decimal

    assert formatting.format_money(Decimal("656000.00"), "USD") == "656,000\xa0USD"
    assert formatting.format_compact_money(1_234_567, "USD") == "1.2\xa0million USD"
    assert formatting.format_measure(Decimal("10.500")) == "10.5"


def test_months_and_days_of_the_public_pages_follow_the_language():
    import datetime as dt

    from django.utils import translation

    assert formatting.format_month(dt.date(2024, 8, 1)) == "August 2024"
    assert formatting.format_date(dt.date(2024, 7, 29)) == "29 July 2024"
    with translation.override("fr"):
        assert formatting.format_date(dt.date(2024, 7, 29)) == "29 juillet 2024"
        assert formatting.format_number(2304) == "2\u202f304"


def test_the_public_filters_are_built_in():
    import datetime as dt
    from decimal import Decimal

    from django.template import Context, Template

    html = Template("{{ n|num }} {{ a|amount:'KES' }} {{ d|day }}").render(
        Context({"n": 12345, "a": Decimal("10.00"), "d": dt.date(2025, 7, 2)})
    )
    assert html == "12,345 10\xa0KES 2 July 2025"
