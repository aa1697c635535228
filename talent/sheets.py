"""Bulk enrolment from the CSV or XLSX sheets training partners already keep.

A sheet is all-or-nothing by default: every bad row is reported (line, column, value, reason)
and nothing is written. If the user chooses, the good rows are imported and the bad ones come
back as a sheet with an ``errors`` column, ready to fix and upload again. A row is never half
written: each row is enrolled inside its own savepoint within one transaction.

Formula cells are refused, never evaluated: openpyxl reads the formula text, not a value, and a
CSV cell starting with ``=`` would become a formula when the sheet is opened again.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lib.problems import Problem
from lib.sheet_reading import SheetRefused, csv_rows, xlsx_rows
from lib.spreadsheets import neutralise, to_csv
from talent.counting import digital_talents
from talent.enrolment import COLUMNS, AlreadyEnrolled, enrol, normal_key, parse_row
from talent.models import Programme

ERRORS_COLUMN = "errors"
MAX_ROWS = 50_000


class SheetError(Exception):
    """The sheet as a whole cannot be read (format, header)."""


@dataclass
class ImportReport:
    imported: int = 0
    refused: int = 0
    errors: list[Problem] = field(default_factory=list)  # each with its line
    bad_rows: list[dict] = field(default_factory=list)
    distinct_talents: int = 0
    committed: bool = False


def _header(cells: list) -> list[str]:
    names = [str(c or "").strip().lower() for c in cells]
    while names and names[-1] == "":
        names.pop()
    known = set(COLUMNS) | {ERRORS_COLUMN}
    unknown = [n for n in names if n not in known]
    missing = [c for c, (_label, required) in COLUMNS.items() if required and c not in names]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    problems = []
    if unknown:
        problems.append(
            _("unknown column(s) %(names)s") % {"names": ", ".join(repr(n) for n in unknown)}
        )
    if missing:
        problems.append(_("missing column(s) %(names)s") % {"names": ", ".join(missing)})
    if duplicated:
        problems.append(_("repeated column(s) %(names)s") % {"names": ", ".join(duplicated)})
    if problems:
        raise SheetError(
            _("line 1 (header): %(problems)s. Expected: %(columns)s.")
            % {"problems": "; ".join(problems), "columns": ", ".join(COLUMNS)}
        )
    return names


def read_sheet(content: bytes, filename: str) -> list[tuple[int, dict, list[Problem]]]:
    """(line number, row, formula errors) for every non-empty row of a CSV or XLSX file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise SheetError(_("%(file)s: expected a .csv or .xlsx file") % {"file": filename})
    try:
        first = next(rows)
    except StopIteration:
        raise SheetError(
            _("%(file)s is empty: expected a header line") % {"file": filename}
        ) from None
    names = _header(first)
    out = []
    for line, cells in enumerate(rows, start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(out) >= MAX_ROWS:
            raise SheetError(
                _("%(file)s: more than %(limit)s rows; split the sheet")
                % {"file": filename, "limit": MAX_ROWS}
            )
        row, formulas = {}, []
        for column, cell in zip(names, cells, strict=False):
            if column == ERRORS_COLUMN:
                continue
            if isinstance(cell, str) and cell.startswith("="):
                formulas.append(Problem(_("is a formula; type the value instead"), column, cell))
                cell = ""
            row[column] = cell
        extra = [c for c in cells[len(names) :] if c not in (None, "")]
        if extra:
            formulas.append(Problem(_("is outside the named columns"), value=str(extra[0])))
        out.append((line, row, formulas))
    return out


def _csv_rows(content: bytes):
    try:
        yield from csv_rows(content, max_rows=MAX_ROWS)
    except SheetRefused as exc:
        raise SheetError(str(exc)) from None


def _xlsx_rows(content: bytes):
    try:
        for row in xlsx_rows(content, max_rows=MAX_ROWS):
            yield [("=" + str(v).lstrip("=")) if formula else v for v, formula in row]
    except SheetRefused as exc:
        raise SheetError(str(exc)) from None


def import_sheet(
    programme: Programme,
    provider,
    content: bytes,
    filename: str,
    *,
    keep_good: bool = False,
    actor=None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate every row, then enrol all of them (or, with ``keep_good``, the good ones)."""
    report = ImportReport()
    parsed, seen = [], {}
    for line, row, early in read_sheet(content, filename):
        data, errors = parse_row(row, today)
        errors = early + errors
        if data is not None and not early:
            for key in normal_key(data):
                if key in seen:
                    errors.append(
                        Problem(
                            _("same trainee as line %(line)s of this sheet") % {"line": seen[key]},
                            key[0],
                        )
                    )
                seen.setdefault(key, line)
        parsed.append((line, row, data, errors))
    with transaction.atomic():
        for done, (line, row, data, errors) in enumerate(parsed, start=1):
            if progress:
                progress(done, len(parsed))
            if not errors:
                try:
                    with transaction.atomic():
                        enrol(programme, provider, data, actor)
                    report.imported += 1
                    continue
                except AlreadyEnrolled as exc:
                    errors = [Problem(str(exc), "email")]
            report.refused += 1
            report.errors.extend(problem.at(line=line) for problem in errors)
            report.bad_rows.append(
                {**{c: row.get(c) for c in COLUMNS}, ERRORS_COLUMN: _explain(errors), "_line": line}
            )
        if report.refused and not keep_good:
            transaction.set_rollback(True)
            report.imported = 0
        else:
            report.committed = True
    report.distinct_talents = digital_talents(programme.activity.plan)
    return report


def _explain(errors: list[Problem]) -> str:
    return "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)


def template_xlsx(rows: list[dict] | None = None, *, with_errors: bool = False) -> bytes:
    """The enrolment template (header only), or the refused rows to fix, as an XLSX workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Enrolments")
    header = list(COLUMNS) + ([ERRORS_COLUMN] if with_errors else [])
    sheet.append(header)
    for row in rows or []:
        sheet.append([_cell(row.get(c)) for c in header])
    # The header keeps the machine column names (a sheet in any language reads back the same);
    # the instructions sheet explains each in the reader's language.
    help_sheet = book.create_sheet(_("Instructions"))
    help_sheet.append([_("column"), _("meaning"), _("required")])
    for column, (label, required) in COLUMNS.items():
        help_sheet.append([column, str(label), _("yes") if required else _("no")])
    help_sheet.append([])
    help_sheet.append(
        [
            _(
                "Give an email or an ID number with its issuing country whenever you have one: "
                "a trainee with neither cannot be matched across partners and is listed for "
                "review."
            )
        ]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    # A value that looked like a formula stays text when the sheet comes back for fixing.
    return neutralise(value) if isinstance(value, str) else value


def template_csv() -> bytes:
    return to_csv([list(COLUMNS)])
