"""Reading CSV and XLSX uploads row by row, refusing oversized ones before memory grows.

Both readers stream: openpyxl in read-only mode parses the worksheet XML as it goes, and the
CSV reader walks the decoded text. A workbook whose declared size, shared-string table or row
count passes the limit is refused with a reason naming it, before its rows are held anywhere;
so is a CSV cell longer than ``MAX_CELL_CHARS`` (the csv module's own limit, reported as a
refusal instead of a server error).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

MAX_CELL_CHARS = 131_072
# The shared-string table is read whole by openpyxl: bound it before opening the workbook.
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024


class SheetRefused(ValueError):
    """The file cannot be read as a spreadsheet within the limits; the message says why."""


def csv_rows(content: bytes, *, max_rows: int) -> Iterator[list[str]]:
    """Rows of a UTF-8 CSV file (header first); at most ``max_rows`` after the header."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetRefused(_("the CSV file is not UTF-8 text; save it as CSV UTF-8")) from None
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SheetRefused(
                _(
                    "line %(line)s cannot be read (%(reason)s); a cell holds at most "
                    "%(max)s characters"
                )
                % {"line": reader.line_num, "reason": exc, "max": MAX_CELL_CHARS}
            ) from None
        if reader.line_num > max_rows + 1:
            raise SheetRefused(_too_many(max_rows))
        yield row


def _too_many(max_rows: int) -> str:
    return _("more than %(max)s rows; split the sheet") % {"max": f"{max_rows:,}"}


def xlsx_rows(content: bytes, *, max_rows: int) -> Iterator[list[tuple[object, bool]]]:
    """Rows of the first worksheet as (value, is_formula) pairs; formulas are never evaluated."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            strings = next(
                (i for i in archive.infolist() if i.filename.endswith("sharedStrings.xml")), None
            )
        if strings is not None and strings.file_size > MAX_SHARED_STRINGS_BYTES:
            raise SheetRefused(_("the workbook holds too much text; split the sheet"))
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except SheetRefused:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a bad file
        raise SheetRefused(
            _("not a readable XLSX workbook (%(reason)s)") % {"reason": exc.__class__.__name__}
        ) from None
    try:
        sheet = book.worksheets[0]
        # The declared size refuses an oversized sheet at once; the count below catches a
        # sheet that declares none (or lies).
        if (sheet.max_row or 0) > max_rows + 1:
            raise SheetRefused(_too_many(max_rows))
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > max_rows + 1:
                raise SheetRefused(_too_many(max_rows))
            yield [(cell.value, cell.data_type == "f") for cell in row]
    finally:
        book.close()
