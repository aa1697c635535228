from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from activities.models import Activity
from digicoop.tasks import run_queued
from interop.iati_import import import_iati_files
from interop.sheet_import import import_sheet
from interop.sheets import HEADERS, export_rows, template_rows, to_csv, to_xlsx
from interop.tests.iati_samples import activity, document, write


def _row(**cells) -> list[str]:
    base = {
        "iati_identifier": "XM-TEST-1-S1",
        "reporting_org": "XM-TEST-1",
        "language": "en",
        "title": "Smart villages",
        "status": "2",
        "actual_start": "2024-05-01",
        "currency": "USD",
        "recipient_countries": "KE:60;TZ:40",
        "sectors": "1:22040:100",
    }
    base.update(cells)
    return [base.get(h, "") for h in HEADERS]


def _csv(*rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("acts.csv", to_csv([HEADERS, *rows]))


def _org(db):
    from participants.models import Organisation

    return Organisation.objects.create(
        name="Test Ministry", type="government", iati_ref="XM-TEST-1"
    )


def test_a_csv_row_becomes_an_activity(db, plan):
    _org(db)
    result = import_sheet(_csv(_row()), "acts.csv", plan=plan)
    assert result.errors == [] and result.created == 1
    a = Activity.objects.get()
    assert a.title == {"en": "Smart villages"} and a.workflow_state == "draft"
    assert sorted(a.recipient_countries.values_list("country_id", flat=True)) == ["KE", "TZ"]


def test_every_bad_cell_is_reported_and_nothing_is_written(db, plan):
    _org(db)
    result = import_sheet(
        _csv(
            _row(),
            _row(iati_identifier="X2", status="8", actual_start="2024-13-01", sectors="1:22:5"),
        ),
        "acts.csv",
        plan=plan,
    )
    assert not Activity.objects.exists()
    assert [(e.row, e.field, e.value) for e in result.errors] == [
        (3, "status", "8"),
        (3, "actual_start", "2024-13-01"),
        (3, "sectors", "1:22:5"),
    ]
    assert "expected a real date written YYYY-MM-DD" in str(result.errors[1])


def test_the_export_reimports_cleanly_in_both_formats(db, plan, tmp_path):
    import_iati_files(
        [write(tmp_path, document(activity(), activity("XM-TEST-1-A2")))], state="approved"
    )
    rows = export_rows(plan)
    assert len(rows) == 3
    for name, body in (("a.csv", to_csv(rows)), ("a.xlsx", to_xlsx(rows))):
        versions = dict(Activity.objects.values_list("pk", "version"))
        result = import_sheet(SimpleUploadedFile(name, body), name, plan=plan)
        # What the sheet says is what is stored: nothing to write, no new version.
        assert result.errors == [] and (result.unchanged, result.updated) == (2, 0)
        assert export_rows(plan) == rows
        assert dict(Activity.objects.values_list("pk", "version")) == versions


def test_formula_cells_in_xlsx_are_refused_never_evaluated(db, plan):
    _org(db)
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(_row(title='=HYPERLINK("http://evil","x")'))
    out = io.BytesIO()
    book.save(out)
    result = import_sheet(SimpleUploadedFile("f.xlsx", out.getvalue()), "f.xlsx", plan=plan)
    assert next((e.row, e.field) for e in result.errors) == (2, "title")
    assert "not a formula" in result.errors[0].message
    assert not Activity.objects.exists()


def test_csv_export_neutralises_formula_injection(db):
    body = to_csv([HEADERS, _row(title="=1+2", description="@SUM(A1)", iati_identifier="-x")])
    cells = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1]
    assert cells[0] == "'-x" and cells[3] == "'=1+2" and cells[4] == "'@SUM(A1)"


def test_xlsx_export_writes_formula_like_text_as_text(db):
    book = load_workbook(io.BytesIO(to_xlsx([HEADERS, _row(title="=1+2")])))
    cell = book.active.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == "=1+2"


def test_the_template_downloads_with_the_header_row(client, db):
    response = client.get(reverse("interop:sheet-template", args=["csv"]))
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADERS)
    xlsx = client.get(reverse("interop:sheet-template", args=["xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in book["activities"][1]] == HEADERS and "help" in book.sheetnames


def test_the_sheet_upload_page_shows_the_error_table(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.secretariat)
    response = client.post(
        reverse("interop:sheet-upload"), {"file": _csv(_row(reporting_org="nobody"))}
    )
    assert response.status_code == 302  # kept and queued
    run_queued()
    page = client.get(response["Location"])
    assert page.context["job"].refused == 1 and not Activity.objects.exists()
    assert b"reporting_org" in page.content and b"nobody" in page.content


def test_no_import_takes_over_an_activity_of_another_plan(db, plan, tmp_path):
    import datetime as dt

    from plans.models import Plan

    _org(db)
    other = Plan.objects.create(
        slug="other-plan",
        title="Another plan",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )
    assert import_sheet(_csv(_row()), "acts.csv", plan=plan).created == 1
    sheet = import_sheet(_csv(_row(title="Hijacked")), "acts.csv", plan=other)
    assert [(e.row, e.field) for e in sheet.errors] == [(2, "iati_identifier")]
    assert f"plan {plan.slug}'s" in sheet.errors[0].message
    iati = write(tmp_path, document(activity("XM-TEST-1-S1")))
    summary = import_iati_files([iati], plan=other)
    assert [r.activity for r in summary.refusals] == ["XM-TEST-1-S1"]
    assert f"an activity of plan {plan.slug}" in summary.refusals[0].message
    kept = Activity.objects.get()
    assert (kept.plan, kept.title, kept.version) == (plan, {"en": "Smart villages"}, 1)


def test_a_sheet_follows_the_split_rules_of_every_other_way_in(db, plan):
    _org(db)
    rows = [
        _row(iati_identifier="XM-TEST-1-S1", recipient_countries="KE:60;TZ:60"),
        _row(iati_identifier="XM-TEST-1-S2", recipient_countries="KE:50;KE:50"),
        _row(iati_identifier="XM-TEST-1-S3", sectors="1:22040:30"),
    ]
    result = import_sheet(_csv(*rows), "acts.csv", plan=plan)
    found = [(e.row, e.field, e.message) for e in result.errors]
    assert [(row, column) for row, column, _ in found] == [
        (2, "recipient_countries"),
        (3, "recipient_countries"),
        (4, "sectors"),
    ]
    assert "add up to 100" in found[0][2] and "listed twice" in found[1][2]
    assert not Activity.objects.exists()


def test_a_sheet_update_raises_the_version_and_is_kept_in_the_history(db, plan):
    _org(db)
    import_sheet(_csv(_row()), "acts.csv", plan=plan)
    import_sheet(_csv(_row(title="Smarter villages")), "acts.csv", plan=plan)
    a = Activity.objects.get()
    assert a.version == 2
    changes = list(a.changes.order_by("pk").values_list("action", flat=True))
    assert changes == ["created", "imported"]
    assert {
        "field": "title",
        "before": {"en": "Smart villages"},
        "after": {"en": "Smarter villages"},
    } in (a.changes.order_by("pk").last().changes)


def test_a_sheet_without_the_templates_header_is_refused_at_its_first_row(db, plan):
    wrong = SimpleUploadedFile("acts.csv", to_csv([["identifier", "name"], ["X1", "Y"]]))
    result = import_sheet(wrong, "acts.csv", plan=plan)
    assert [(e.row, e.field, e.value) for e in result.errors] == [(1, "", "identifier, name")]
    assert str(result.errors[0]).startswith(
        "row 1: 'identifier, name': expected the header row of the template: iati_identifier, "
    )


def test_a_file_that_is_no_sheet_is_refused_as_a_whole_naming_the_file(db, plan):
    result = import_sheet(
        SimpleUploadedFile("acts.xlsx", b"not a workbook"), "acts.xlsx", plan=plan
    )
    assert [(e.file, e.row, e.field) for e in result.errors] == [("acts.xlsx", None, "")]
    assert str(result.errors[0]).startswith("acts.xlsx: file: not a readable XLSX workbook")


def test_a_sheets_refusals_and_its_help_are_written_in_the_readers_language(db, plan):
    _org(db)
    with translation.override("fr"):
        result = import_sheet(_csv(_row(actual_start="2024-13-01")), "acts.csv", plan=plan)
        told = [str(e) for e in result.errors]
        book = load_workbook(io.BytesIO(to_xlsx(template_rows(), with_help=True)))
    assert told == [
        "ligne 2, colonne actual_start : '2024-13-01' : "
        "une date réelle au format AAAA-MM-JJ était attendue"
    ]
    explained = {name: text for name, text in book["aide"].iter_rows(values_only=True)}
    assert list(explained) == HEADERS  # the machine column names stay as they are
    assert explained["title"] == "Titre (obligatoire)"
    assert explained["kind"].startswith("Type d'activité : son code ou son nom")
