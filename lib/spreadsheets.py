"""Spreadsheet safety for every download: a cell a spreadsheet program would run as a formula
is written as text (CSV injection, OWASP), and CSV opens in Excel with its accents intact."""

from __future__ import annotations

import csv
import io

# Leading characters that make a spreadsheet program evaluate a cell (=, +, -, @) or that some
# programs strip before evaluating (tab, carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def to_csv(rows: list[list[str]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel reads it as UTF-8), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(str(c)) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
