"""Reading IATI 2.x activity XML safely and turning one ``iati-activity`` into plain values.

Reading is split from writing (``iati_import``) so that every check runs before anything is
written: an activity either passes all of them and is written whole, or is refused with a
message naming the file, the activity and the line.

The parser never resolves entities, never loads a DTD and never reaches the network; files with
a DOCTYPE are refused outright, since IATI never needs one and it is where entity expansion
attacks live. Text nodes above libxml2's default limit (10 MB) are refused (``huge_tree=False``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from activities.codes import is_currency
from interop import iati_codes as codes
from lib.safe_xml import SAFE_PARSER_OPTIONS

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Decimal places of our amount and indicator columns; values are rounded to them on import.
AMOUNT_DIGITS = 18  # of max_digits=20, decimal_places=2
AMOUNT_PLACES = 2
PERCENT_PLACES = 3  # max_digits=6, decimal_places=3
INDICATOR_DIGITS = 16  # of max_digits=20, decimal_places=4
PERCENT_MAX = Decimal(100)
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(T[0-9:.]+)?(Z|[+-]\d{2}:\d{2})?$")


class Refused(Exception):
    """Something in an activity that we cannot store as what it claims to be."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class ParsedActivity:
    identifier: str
    line: int
    fields: dict
    reporting_org: dict
    countries: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    sectors: list[dict] = field(default_factory=list)
    participating: list[dict] = field(default_factory=list)
    budgets: list[dict] = field(default_factory=list)
    transactions: list[dict] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    policy_markers: list[dict] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    # [(result fields, [(indicator fields, [period fields])])]
    results: list[tuple[dict, list[tuple[dict, list[dict]]]]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    # Types of description and activity-date read: a repeat of one is kept whole (iati_kept).
    types_read: set[str] = field(default_factory=set)
    sdg_codes: set[str] = field(default_factory=set)  # "9" (goal) or "9.c" (target)
    agenda2063_goals: set[str] = field(default_factory=set)


# --- reading the file -------------------------------------------------------------------------


def check_root(path: Path) -> None:
    """Refuse a file that is not IATI 2.x activities before reading any activity from it."""
    try:
        events = etree.iterparse(str(path), events=("start",), **SAFE_PARSER_OPTIONS)
        _event, root = next(events)
    except StopIteration:
        raise Refused(_("the file is empty."), 1) from None
    except etree.XMLSyntaxError as exc:
        raise Refused(
            _("not well-formed XML (%(error)s).") % {"error": exc.msg}, exc.lineno
        ) from None
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        raise Refused(
            _(
                "the file declares a DOCTYPE/DTD; IATI files never need one and entity "
                "declarations are not accepted (they could expand without bound or reach the "
                "network)."
            ),
            1,
        )
    if root.tag != "iati-activities":
        raise Refused(
            _("the root element is <%(tag)s>; expected <iati-activities> (an IATI activity file).")
            % {"tag": root.tag},
            root.sourceline,
        )
    version = (root.get("version") or "").strip()
    if version.startswith("1."):
        raise Refused(
            _(
                "this is an IATI %(version)s file; only IATI 2.01–2.03 is accepted (convert "
                "it to 2.03 first)."
            )
            % {"version": version},
            root.sourceline,
        )
    if version not in codes.SUPPORTED_VERSIONS:
        raise Refused(
            _("version=%(version)r on <iati-activities>; expected one of %(allowed)s.")
            % {"version": version, "allowed": ", ".join(sorted(codes.SUPPORTED_VERSIONS))},
            root.sourceline,
        )


# --- values -----------------------------------------------------------------------------------


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_date(value: str | None, what: str, line: int | None) -> str:
    """A checked calendar date, as its ISO text YYYY-MM-DD.

    Text rather than a ``date``: it is what both databases take, and ISO dates compare in
    the right order as text, which is all the checks need.
    """
    text = (value or "").strip()
    if not text:
        raise Refused(
            _("%(what)s has no date; expected an ISO date such as 2024-07-29.") % {"what": what},
            line,
        )
    match = ISO_DATE.match(text)
    if not match:
        raise Refused(
            _("%(what)s is %(value)r; expected an ISO date such as 2024-07-29.")
            % {"what": what, "value": text},
            line,
        )
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        raise Refused(
            _("%(what)s is %(value)r, which is not a real calendar date.")
            % {"what": what, "value": text},
            line,
        ) from None


def optional_date(value: str | None, what: str, line: int | None) -> str | None:
    return parse_date(value, what, line) if (value or "").strip() else None


def parse_datetime(value: str, what: str, line: int | None) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Refused(
            _("%(what)s is %(value)r; expected an ISO date-time.") % {"what": what, "value": value},
            line,
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def parse_decimal(value: str | None, what: str, line: int | None, digits: int) -> Decimal:
    text = (value or "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Refused(
            _("%(what)s is %(value)r; expected a number such as 1250.50.")
            % {"what": what, "value": text},
            line,
        ) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** digits:
        raise Refused(
            _("%(what)s is %(value)r; expected a finite number below 10^%(digits)s.")
            % {"what": what, "value": text, "digits": digits},
            line,
        )
    return number


def number_text(value: Decimal | None) -> str:
    """A number as the export writes it: no exponent, no trailing zeros ("" for None)."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_percentage(value: str | None, what: str, line: int | None) -> Decimal | None:
    if not (value or "").strip():
        return None
    number = parse_decimal(value, what, line, 4)
    if not Decimal(0) <= number <= PERCENT_MAX:
        raise Refused(
            _("%(what)s is %(value)r; expected a percentage from 0 to 100.")
            % {"what": what, "value": value},
            line,
        )
    # Held to the column's three decimals on every database alike (the written form is kept
    # for the export by iati_kept), so reading the same file again finds it unchanged.
    return held(number, PERCENT_PLACES)


def held(number: Decimal, places: int) -> Decimal:
    """``number`` as a column with ``places`` decimals holds it (PostgreSQL rounds half away
    from zero; SQLite would keep the text, so the importer rounds for both)."""
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def indicator_value(value: str | None) -> tuple[Decimal | None, str | None]:
    """An indicator value as a number when it is one, else the raw text to keep.

    IATI allows qualitative values ("Yes", a sentence) and publishers write "10,000.00";
    the number goes to the decimal column, anything else is kept verbatim for the export.
    """
    if value is None:
        return None, None
    text = value.strip()
    candidate = text.replace(",", "") if _THOUSANDS.match(text) else text
    try:
        number = Decimal(candidate)
    except InvalidOperation:
        return None, value
    if not number.is_finite() or abs(number) >= Decimal(10) ** INDICATOR_DIGITS:
        return None, value
    if candidate != text or number != number.quantize(Decimal("0.0001")):
        return number.quantize(Decimal("0.0001")), value
    return number, None


def check_code(value: str | None, allowed: frozenset[str], what: str, line) -> str:
    code = (value or "").strip()
    if code not in allowed:
        raise Refused(
            _("%(what)s is %(value)r, not a code of the IATI list (expected one of %(allowed)s).")
            % {
                "what": what,
                "value": code,
                "allowed": ", ".join(sorted(allowed, key=lambda c: (len(c), c))),
            },
            line,
        )
    return code


def check_currency(value: str | None, line) -> str:
    code = (value or "").strip()
    if code and not is_currency(code):
        raise Refused(
            _("currency is %(value)r; expected an ISO 4217 code such as USD.") % {"value": code},
            line,
        )
    return code


def narratives(element, language: str) -> dict:
    """Every ``narrative`` child as {language: text}; xml:lang is inherited as XML says. The
    first narrative in each language is read; a further one in the same language is kept
    whole for the export (``iati_kept``), not merged into it."""
    if element is None:
        return {}
    language = element.get(XML_LANG) or language
    out: dict[str, str] = {}
    for narrative in element.iterchildren("narrative"):
        text = (narrative.text or "").strip()
        if text:
            lang = narrative.get(XML_LANG) or language
            out.setdefault(lang, text)
    return out


def _sdg_from(vocabulary: str, code: str, sdg: set[str], *, tag: bool) -> None:
    """Collect SDG goal/target codes from tag (vocabularies 2, 3) or sector (7, 8, 9)."""
    code = code.strip()
    direct = (
        (codes.SDG_TAG_GOAL, codes.SDG_TAG_TARGET)
        if tag
        else (codes.SDG_SECTOR_GOAL, codes.SDG_SECTOR_TARGET)
    )
    if vocabulary in direct:
        sdg.add(code)
    elif not tag and vocabulary == codes.SDG_SECTOR_INDICATOR:
        sdg.add(".".join(code.split(".")[:2]))
