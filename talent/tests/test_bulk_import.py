from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from talent.counting import digital_talents
from talent.enrolment import COLUMNS
from talent.models import Enrolment
from talent.sheets import SheetError, import_sheet, template_csv, template_xlsx
from talent.tests.helpers import TODAY, make_programme, row

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[dict], columns=None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def programme(personas):
    return make_programme(personas.plan, personas.kenyan_ministry)


def run(programme, content, name="sheet.csv", **kw):
    provider = programme.providers.get()
    return import_sheet(programme, provider, content, name, today=TODAY, **kw)


def good(n: int) -> dict:
    return row(email=f"trainee{n}@example.org", name=f"Trainee Number{n}")


def test_a_clean_sheet_imports_every_row(programme):
    report = run(programme, csv_bytes([good(1), good(2)]))
    assert (report.imported, report.refused, report.distinct_talents) == (2, 0, 2)


def test_a_sheet_with_bad_rows_reports_every_one_and_imports_nothing(programme):
    rows = [
        good(1),
        {**good(2), "enrolled_on": "31/02/2025"},
        {**good(3), "country": "Atlantis"},
        {**good(4), "birth_year": "2022"},
        good(1),
        {**good(6), "phone": '=HYPERLINK("http://evil")'},
    ]
    report = run(programme, csv_bytes(rows))
    assert report.imported == 0 and Enrolment.objects.count() == 0
    assert report.refused == 5
    by_line = {(e.line, e.field): e for e in report.errors}
    assert "YYYY-MM-DD" in by_line[(3, "enrolled_on")].message
    assert by_line[(4, "country")].value == "Atlantis"
    assert "3 years old" in by_line[(5, "birth_year")].message
    assert "same trainee as line 2" in by_line[(6, "email")].message
    assert "formula" in by_line[(7, "phone")].message
    assert str(by_line[(4, "country")]).startswith("line 4, column country: 'Atlantis'")


def test_the_user_may_import_the_good_rows_and_get_the_bad_ones_back_to_fix(programme):
    rows = [good(1), {**good(2), "sex": "robot"}, good(3)]
    report = run(programme, csv_bytes(rows), keep_good=True)
    assert (report.imported, report.refused) == (2, 1)
    assert Enrolment.objects.count() == 2
    sheet = load_workbook(io.BytesIO(template_xlsx(report.bad_rows, with_errors=True))).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["sex"] == "robot" and "expected one of" in values["errors"]
    sheet.cell(row=2, column=header.index("sex") + 1, value="female")
    fixed = io.BytesIO()
    sheet.parent.save(fixed)
    again = run(programme, fixed.getvalue(), "fixed.xlsx")
    assert (again.imported, again.refused, again.distinct_talents) == (1, 0, 3)


def test_a_value_outside_the_named_columns_is_refused_at_its_line_naming_no_column(programme):
    out = io.StringIO()
    csv.writer(out).writerows([list(COLUMNS), [*(good(1).get(c, "") for c in COLUMNS), "stray"]])
    report = run(programme, out.getvalue().encode())
    assert [(e.line, e.field, e.value) for e in report.errors] == [(2, "", "stray")]
    assert str(report.errors[0]) == "line 2: 'stray': is outside the named columns"
    assert report.bad_rows[0]["errors"] == "is outside the named columns"


@pytest.mark.parametrize("template", [template_xlsx, template_csv])
def test_the_downloaded_template_reimports_cleanly(programme, template):
    name = "template.xlsx" if template is template_xlsx else "template.csv"
    report = run(programme, template(), name)
    assert (report.imported, report.refused, report.errors) == (0, 0, [])


def test_wrong_columns_are_refused_naming_them(programme):
    content = csv_bytes([{"name": "x", "mail": "y"}], columns=["name", "mail"])
    with pytest.raises(SheetError, match=r"unknown column\(s\) 'mail'.*missing column\(s\) sex"):
        run(programme, content)


def test_a_formula_cell_in_a_workbook_is_refused_and_never_evaluated(programme):
    book = Workbook()
    book.active.append(list(COLUMNS))
    values = good(1)
    values["birth_year"] = "=1990+8"
    book.active.append([values[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    report = run(programme, out.getvalue(), "sheet.xlsx")
    assert report.refused == 1
    assert report.errors[0].field == "birth_year" and report.errors[0].value == "=1990+8"


def test_real_date_cells_in_a_workbook_are_accepted(programme):
    import datetime as dt

    book = Workbook()
    book.active.append(list(COLUMNS))
    values = good(1)
    values.update(enrolled_on=dt.datetime(2025, 3, 1), consent_on=dt.date(2025, 3, 1))
    book.active.append([values[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    assert run(programme, out.getvalue(), "sheet.xlsx").imported == 1


def test_a_row_already_enrolled_is_refused(programme):
    run(programme, csv_bytes([good(1)]))
    report = run(programme, csv_bytes([{**good(1), "email": "TRAINEE1@example.org"}]))
    assert report.refused == 1 and "already enrolled" in report.errors[0].message


def test_not_a_sheet_is_refused(programme):
    with pytest.raises(SheetError, match=r"expected a \.csv or \.xlsx"):
        run(programme, b"hello", "notes.txt")
    with pytest.raises(SheetError, match="not a readable XLSX"):
        run(programme, b"hello", "notes.xlsx")


def test_the_import_command_prints_imported_refused_and_distinct_talents(programme, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes([good(1), good(2), {**good(3), "status": "finished"}]))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_enrolments", str(path), "--programme", programme.pk, stdout=out, stderr=err
    )
    assert (
        "Rows imported: 0. Rows refused: 1. Distinct digital talents trained: 0." in out.getvalue()
    )
    assert "sheet.csv: line 4, column status: 'finished'" in err.getvalue()
    rejects = tmp_path / "rejects.xlsx"
    out = io.StringIO()
    call_command(
        "import_enrolments",
        str(path),
        "--programme",
        programme.pk,
        "--keep-good",
        "--rejects",
        str(rejects),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert (
        "Rows imported: 2. Rows refused: 1. Distinct digital talents trained: 2." in out.getvalue()
    )
    assert rejects.exists() and digital_talents(programme.activity.plan) == 2


def test_the_import_command_names_a_missing_programme(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(template_csv())
    with pytest.raises(CommandError, match="no such programme"):
        call_command("import_enrolments", str(path), "--programme", 999999)
