"""Downloads never carry a formula a spreadsheet program would run."""

from __future__ import annotations

import csv
import io

import pytest

from lib.spreadsheets import neutralise, to_csv


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_evaluate_is_written_as_text(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Nairobi", "1+2", "", "e-mail", "'quoted"])
def test_an_ordinary_cell_is_written_as_it_is(cell):
    assert neutralise(cell) == cell


def test_csv_starts_with_a_byte_order_mark_and_neutralises_every_cell():
    body = to_csv([["title", "value"], ["=HYPERLINK(1)", 3], ["Kigali – Zhuhai", "-5"]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["title", "value"], ["'=HYPERLINK(1)", "3"], ["Kigali – Zhuhai", "'-5"]]
