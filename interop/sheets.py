"""Activities in and out of spreadsheets (CSV and XLSX), one row per activity.

The columns are the fields a focal point fills in by hand; richer data travels as IATI XML.
An import checks every cell first and reports every bad one (a ``lib.problems.Problem``: row,
column, value, what was expected); it writes only when there is none, in one transaction (all
or nothing).
Formula cells in XLSX are refused, never evaluated; CSV exports neutralise cells that a
spreadsheet program would run as a formula (=, +, -, @) by prefixing an apostrophe.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import models as am
from lib.problems import Problem
from lib.spreadsheets import to_csv

if TYPE_CHECKING:
    from django.utils.functional import Promise

# Column name → what it holds. The names are the sheet's machine keys (the same in every
# language); the explanations, on the template's help sheet, are in the reader's.
COLUMNS: list[tuple[str, str | Promise]] = [
    ("iati_identifier", gettext_lazy("Unique IATI identifier, e.g. XM-DAC-41114-PROJECT-1")),
    (
        "reporting_org",
        gettext_lazy("IATI organisation identifier (or exact name) of the reporting organisation"),
    ),
    ("language", gettext_lazy("Language of title and description, e.g. en")),
    ("title", gettext_lazy("Title (required)")),
    ("description", gettext_lazy("Description")),
    (
        "status",
        gettext_lazy("Activity status: its IATI code (1 … 6) or its name, e.g. Implementation"),
    ),
    ("planned_start", gettext_lazy("Date, YYYY-MM-DD")),
    ("planned_end", gettext_lazy("Date, YYYY-MM-DD")),
    ("actual_start", gettext_lazy("Date, YYYY-MM-DD")),
    ("actual_end", gettext_lazy("Date, YYYY-MM-DD")),
    ("currency", gettext_lazy("ISO 4217 code, e.g. USD")),
    ("recipient_countries", gettext_lazy("ISO codes with percentages, e.g. KE:60;TZ:40")),
    ("sectors", gettext_lazy("vocabulary:code:percentage, e.g. 1:22040:100")),
    # Added later: a file made from the older template (without these) is still read.
    (
        "kind",
        gettext_lazy(
            "Kind of activity: its code or its name as the site shows it, e.g. Data centre project"
        ),
    ),
    (
        "pillars",
        gettext_lazy("Pillars, separated by ;: codes or names, e.g. Digital infrastructure"),
    ),
    (
        "budgets",
        gettext_lazy(
            "Budgets, separated by ;: start:end:value[:currency] (the row's currency if none), "
            "e.g. 2025-01-01:2025-12-31:250000"
        ),
    ),
]
HEADERS = [name for name, _ in COLUMNS]
# The columns every file must have (the first template's); later columns are optional.
REQUIRED_HEADERS = HEADERS[: HEADERS.index("sectors") + 1]


@dataclass
class SheetResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_ids: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


# --- writing ----------------------------------------------------------------------------------


def _pairs(rows, fmt) -> str:
    return ";".join(fmt(r) for r in rows)


def _num(value) -> str:
    return "" if value is None else f"{value.normalize():f}"


def activity_row(a: am.Activity) -> list[str]:
    lang = a.default_language
    return [
        a.iati_identifier,
        a.reporting_org.iati_ref or a.reporting_org.name,
        lang,
        a.title.get(lang) or am.narrative_text(a.title),
        a.description.get(lang) or am.narrative_text(a.description),
        str(a.status),
        *[(getattr(a, f).isoformat() if getattr(a, f) else "") for f in HEADERS[6:10]],
        a.default_currency,
        _pairs(
            a.recipient_countries.all(),
            lambda c: f"{c.country_id}:{_num(c.percentage)}".rstrip(":"),
        ),
        _pairs(
            a.iati_sectors.all(),
            lambda s: f"{s.vocabulary}:{s.code}:{_num(s.percentage)}".rstrip(":"),
        ),
        a.kind.code if a.kind else "",
        _pairs(a.pillars.all(), lambda p: p.code),
        _pairs(
            a.budgets.all(),
            lambda b: (
                f"{b.period_start.isoformat()}:{b.period_end.isoformat()}:{_num(b.value)}"
                + (f":{b.currency}" if b.currency else "")
            ),
        ),
    ]


def export_rows(plan, *, approved_only: bool = True) -> list[list[str]]:
    activities = am.Activity.objects.filter(plan=plan)
    if approved_only:
        activities = activities.approved()
    activities = activities.select_related("reporting_org", "kind").prefetch_related(
        "recipient_countries", "iati_sectors", "pillars", "budgets"
    )
    return [HEADERS] + [activity_row(a) for a in activities.order_by("iati_identifier")]


def template_rows() -> list[list[str]]:
    return [HEADERS]


def to_xlsx(rows: list[list[str]], with_help: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("activities")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=str(value))
            cell.data_type = "s"  # a text starting with "=" stays text, never a formula
    if with_help:
        help_sheet = book.create_sheet(_("help"))
        for name, text in COLUMNS:
            help_sheet.append([name, str(text)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def response(rows: list[list[str]], fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        body = to_xlsx(rows, with_help=len(rows) == 1)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = to_csv(rows), "text/csv; charset=utf-8"
    reply = HttpResponse(body, content_type=kind)
    reply["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return reply
