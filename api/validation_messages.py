"""The API's refusals of a malformed request, in the reader's language.

pydantic, which checks a request against its schema, writes its messages in English only. Each
refusal carries its ``type`` and the values it names (``ctx``), so the message is written again
here from our catalogue. A type not listed here (none of our schemas raises one today) keeps
pydantic's English; ``api/tests/test_validation_messages.py`` checks every listed type still
exists in pydantic, so an upgrade that renames one fails there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# type → the sentence, with the names pydantic gives its values.
SENTENCES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not part of the request."),
    "string_type": _("Give a text."),
    "string_unicode": _("Give a text in UTF-8."),
    "string_pattern_mismatch": _("The text does not have the expected form (%(pattern)s)."),
    "int_type": _("Give a whole number."),
    "int_parsing": _("Give a whole number."),
    "int_from_float": _("Give a whole number, without a fractional part."),
    "int_parsing_size": _("This number is too large."),
    "float_type": _("Give a number."),
    "float_parsing": _("Give a number."),
    "finite_number": _("Give a finite number."),
    "decimal_type": _("Give a number."),
    "decimal_parsing": _("Give a decimal number."),
    "bool_type": _("Give true or false."),
    "bool_parsing": _("Give true or false."),
    "greater_than": _("Give a value greater than %(gt)s."),
    "greater_than_equal": _("Give a value of at least %(ge)s."),
    "less_than": _("Give a value less than %(lt)s."),
    "less_than_equal": _("Give a value of at most %(le)s."),
    "multiple_of": _("Give a multiple of %(multiple_of)s."),
    "date_type": _("Give a date written YYYY-MM-DD."),
    "date_parsing": _("Give a date written YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Give a date written YYYY-MM-DD."),
    "datetime_type": _("Give a date and time, e.g. 2025-01-31T12:00:00Z."),
    "datetime_parsing": _("Give a date and time, e.g. 2025-01-31T12:00:00Z."),
    "datetime_from_date_parsing": _("Give a date and time, e.g. 2025-01-31T12:00:00Z."),
    "url_type": _("Give a web address."),
    "url_parsing": _("Give a web address such as https://example.org/."),
    "url_scheme": _("The web address must start with %(expected_schemes)s."),
    "uuid_type": _("Give an identifier written as a UUID."),
    "uuid_parsing": _("Give an identifier written as a UUID."),
    "literal_error": _("Give one of: %(expected)s."),
    "enum": _("Give one of: %(expected)s."),
    "list_type": _("Give a list."),
    "tuple_type": _("Give a list."),
    "set_type": _("Give a list."),
    "iterable_type": _("Give a list."),
    "dict_type": _("Give an object (a JSON dictionary)."),
    "model_type": _("Give an object (a JSON dictionary)."),
    "model_attributes_type": _("Give an object (a JSON dictionary)."),
    "json_invalid": _("The request body is not valid JSON."),
}


def _string_too_short(ctx: dict) -> str:
    return ngettext(
        "Give at least %(min_length)s character.",
        "Give at least %(min_length)s characters.",
        ctx["min_length"],
    ) % {"min_length": ctx["min_length"]}


def _string_too_long(ctx: dict) -> str:
    return ngettext(
        "Give at most %(max_length)s character.",
        "Give at most %(max_length)s characters.",
        ctx["max_length"],
    ) % {"max_length": ctx["max_length"]}


def _too_short(ctx: dict) -> str:
    return ngettext(
        "Give at least %(min_length)s item.",
        "Give at least %(min_length)s items.",
        ctx["min_length"],
    ) % {"min_length": ctx["min_length"]}


def _too_long(ctx: dict) -> str:
    return ngettext(
        "Give at most %(max_length)s item.",
        "Give at most %(max_length)s items.",
        ctx["max_length"],
    ) % {"max_length": ctx["max_length"]}


def _max_digits(ctx: dict) -> str:
    return ngettext(
        "Give a number of at most %(max_digits)s digit.",
        "Give a number of at most %(max_digits)s digits.",
        ctx["max_digits"],
    ) % {"max_digits": ctx["max_digits"]}


def _max_places(ctx: dict) -> str:
    return ngettext(
        "Give a number with at most %(decimal_places)s decimal place.",
        "Give a number with at most %(decimal_places)s decimal places.",
        ctx["decimal_places"],
    ) % {"decimal_places": ctx["decimal_places"]}


# Sentences that depend on a number (plural forms).
COUNTED: dict[str, Callable[[dict], str]] = {
    "string_too_short": _string_too_short,
    "string_too_long": _string_too_long,
    "too_short": _too_short,
    "too_long": _too_long,
    "decimal_max_digits": _max_digits,
    "decimal_max_places": _max_places,
}


def _expected(text: str) -> str:
    # pydantic joins the choices with an English "or" ("'draft' or 'approved'").
    head, sep, last = text.rpartition(" or ")
    return f"{head}, {last}" if sep else text


def message(error: dict[str, Any]) -> str:
    """The message of one pydantic error (``{"type", "loc", "msg", "ctx"}``) for the reader."""
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our own validator's message, already translated
    if "expected" in ctx:
        ctx["expected"] = _expected(str(ctx["expected"]))
    try:
        if kind in COUNTED:
            return COUNTED[kind](ctx)
        if kind in SENTENCES:
            return str(SENTENCES[kind]) % ctx
    except KeyError:  # a pydantic version that names its values differently
        pass
    return str(error.get("msg", "invalid"))
