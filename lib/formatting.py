"""The one way numbers, percentages, money and dates are written for a reader.

Locale-aware through Babel (CLDR data): ``1 234,5`` in French, ``1.234,5`` in Portuguese,
``2027年7月29日`` in Chinese. The locale is the active Django language unless one is given.
Every page, export and e-mail that shows a figure to a person goes through these functions
(templates through the filters in ``lib/templatetags/formatting.py``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Django language code → CLDR locale. British English and European Portuguese are the forms the
# plan's partners write (the AU's and the Lusophone African countries' usage).
LOCALES = {"en": "en_GB", "fr": "fr", "zh-hans": "zh_Hans_CN", "ar": "ar", "pt": "pt_PT"}

Number = int | float | Decimal


def locale_for(language: str | None = None) -> Locale:
    code = (language or get_language() or "en").lower()
    return Locale.parse(LOCALES.get(code) or LOCALES.get(code.split("-")[0]) or "en_GB")


def number(value: Number | None, decimals: int | None = None, language: str | None = None) -> str:
    """``value`` with the locale's grouping and decimal signs; ``decimals`` fixes the digits."""
    if value is None:
        return ""
    locale = locale_for(language)
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=locale)
    return _fixed(locale.decimal_formats[None].pattern, decimals).apply(Decimal(str(value)), locale)


def _fixed(pattern: str, decimals: int, at_least: int | None = None) -> babel_numbers.NumberPattern:
    """The locale's own pattern (grouping, spacing, sign placement) with ``decimals`` digits
    (``at_least`` of them written even when they are trailing zeros; all by default)."""
    parsed = copy.copy(babel_numbers.parse_pattern(pattern))
    parsed.frac_prec = (decimals if at_least is None else at_least, decimals)
    return parsed


def percent(
    points: Number | None, decimals: int = 0, language: str | None = None, *, trim: bool = False
) -> str:
    """A percentage given in points (``42.5`` → ``42.5 %`` in French, ``42.5%`` in English).

    ``trim`` drops trailing zeros (``60 %``, ``33.333 %``): for a share a publisher typed, whose
    own precision is the one to show."""
    if points is None:
        return ""
    locale = locale_for(language)
    pattern = _fixed(locale.percent_formats[None].pattern, decimals, 0 if trim else None)
    return pattern.apply(Decimal(str(points)) / 100, locale)


def listing(items: Iterable[str], language: str | None = None) -> str:
    """Items listed the reader's way ("BEN, BFA et CIV"; "BEN、BFA和CIV")."""
    items = list(items)
    return babel_lists.format_list(items, locale=locale_for(language)) if items else ""


def money(value: Number | None, currency: str, language: str | None = None) -> str:
    """An amount in an ISO 4217 currency, written the reader's way (``1 234,50 $US``)."""
    if value is None:
        return ""
    return babel_numbers.format_currency(
        value, (currency or "").upper() or "XXX", locale=locale_for(language)
    )


def date(
    value: dt.date | dt.datetime | None, length: str = "long", language: str | None = None
) -> str:
    """A date: ``length`` is CLDR's short, medium, long or full (``29 juillet 2027``)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return babel_dates.format_date(value, format=length, locale=locale_for(language))


def date_time(
    value: dt.datetime | None, length: str = "medium", language: str | None = None
) -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(value, format=length, locale=locale_for(language))


# The public pages' forms, built on the functions above so every figure is written one way.
NO_VALUE = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return None


def format_number(value, decimals: int = 0) -> str:
    """A count or measure, grouped, rounded half up to ``decimals`` places; "—" for none."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number(rounded, decimals)


def format_measure(value) -> str:
    """A value of its own precision (an indicator, a target): at most two decimals, no
    trailing zeros."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    exponent = amount.as_tuple().exponent  # an int: the amount is finite
    return format_number(amount, max(0, -int(exponent)))


def format_money(value, currency: str = "USD") -> str:
    """An amount in whole units with its ISO 4217 code after it ("656,000 USD"): tables of
    several currencies read best with the code, never a symbol two currencies share."""
    if _decimal(value) is None:
        return NO_VALUE
    return f"{format_number(value)}\N{NO-BREAK SPACE}{currency or ''}".rstrip()


def format_compact_money(value, currency: str = "USD") -> str:
    """A large amount shortened for a chart label ("1.2 million USD")."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    for size, word in ((Decimal(10) ** 9, _("billion")), (Decimal(10) ** 6, _("million"))):
        if abs(amount) >= size:
            return f"{format_number(amount / size, 1)}\N{NO-BREAK SPACE}{word} {currency}"
    return format_money(amount, currency)


def format_percent(value, decimals: int = 1, *, trim: bool = False) -> str:
    return NO_VALUE if _decimal(value) is None else percent(value, decimals, trim=trim)


def format_date(value) -> str:
    return NO_VALUE if value is None else date(value, "long")


def format_month(value) -> str:
    """A month of a history ("August 2024")."""
    if value is None:
        return NO_VALUE
    return babel_dates.format_skeleton("yMMMM", value, locale=locale_for())
