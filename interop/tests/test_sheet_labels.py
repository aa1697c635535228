"""The spreadsheet import reads the labels the pages show as well as the codes, and carries the
kind, pillars and budgets that make an imported activity count toward the targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity
from interop.sheet_import import import_sheet
from interop.sheets import HEADERS, REQUIRED_HEADERS, export_rows, to_csv, to_xlsx
from interop.tests.test_sheets import _csv, _org, _row


def _import(plan, *rows, name="acts.csv"):
    return import_sheet(_csv(*rows), name, plan=plan)


def test_status_kind_and_pillars_are_read_from_their_names_in_any_case(db, plan):
    _org(db)
    result = _import(
        plan,
        _row(
            status="implementation",
            kind="DATA CENTRE PROJECT",
            pillars="Digital infrastructure; digital technology innovation",
        ),
    )
    assert result.errors == []
    a = Activity.objects.get()
    assert a.status == 2 and a.kind.code == "data-centre"
    assert sorted(a.pillars.values_list("code", flat=True)) == ["infrastructure", "innovation"]


def test_labels_in_the_other_interface_languages_are_read_too(db, plan):
    _org(db)
    rows = [
        _row(
            iati_identifier="XM-TEST-1-FR", status="Mise en œuvre", kind="Projet de réseau dorsal"
        ),
        _row(iati_identifier="XM-TEST-1-PT", status="EXECUÇÃO", pillars="Infraestruturas digitais"),
    ]
    result = _import(plan, *rows)
    assert result.errors == [], [str(e) for e in result.errors]
    fr = Activity.objects.get(iati_identifier="XM-TEST-1-FR")
    assert fr.status == 2 and fr.kind.code == "backbone"
    pt = Activity.objects.get(iati_identifier="XM-TEST-1-PT")
    assert pt.status == 2 and list(pt.pillars.values_list("code", flat=True)) == ["infrastructure"]


def test_codes_are_still_read(db, plan):
    _org(db)
    result = _import(plan, _row(status="3", kind="backbone", pillars="infrastructure"))
    assert result.errors == []
    a = Activity.objects.get()
    assert a.status == 3 and a.kind.code == "backbone"
    assert list(a.pillars.values_list("code", flat=True)) == ["infrastructure"]


def test_budgets_are_imported_and_count_in_the_row_currency_unless_given(db, plan):
    _org(db)
    budgets = "2025-01-01:2025-12-31:250000;2026-01-01:2026-12-31:120000.50:EUR"
    result = _import(plan, _row(budgets=budgets, kind="backbone"))
    assert result.errors == []
    a = Activity.objects.get()
    assert [(b.period_start, b.value, b.currency) for b in a.budgets.order_by("period_start")] == [
        (dt.date(2025, 1, 1), Decimal("250000.00"), ""),
        (dt.date(2026, 1, 1), Decimal("120000.50"), "EUR"),
    ]
    assert a.budgets.first().value_date == dt.date(2025, 1, 1)


def test_bad_labels_are_reported_with_line_and_reason_and_nothing_is_written(db, plan):
    _org(db)
    result = _import(
        plan,
        _row(),
        _row(
            iati_identifier="XM-TEST-1-BAD",
            status="Almost done",
            kind="Rocket launch",
            pillars="infrastructure;Moon",
            budgets="2025-12-31:2025-01-01:100;2025:5",
        ),
    )
    assert not Activity.objects.exists()
    assert [(e.row, e.field, e.value) for e in result.errors] == [
        (3, "status", "Almost done"),
        (3, "kind", "Rocket launch"),
        (3, "pillars", "Moon"),
        (3, "budgets", "2025-12-31:2025-01-01:100"),
        (3, "budgets", "2025:5"),
    ]
    status, kind = str(result.errors[0]), str(result.errors[1])
    assert status.startswith("row 3, column status: 'Almost done': expected an activity status")
    assert "2 Implementation" in status
    assert "expected a kind of this plan: a code or a name as the site shows it" in kind
    assert "ends on or after its start" in str(result.errors[3])


def test_a_file_made_from_the_older_template_is_still_read_and_keeps_kind_and_pillars(db, plan):
    _org(db)
    assert _import(plan, _row(kind="backbone", budgets="2025-01-01:2025-12-31:10")).created == 1
    old = [REQUIRED_HEADERS, _row(title="Renamed")[: len(REQUIRED_HEADERS)]]
    result = import_sheet(SimpleUploadedFile("old.csv", to_csv(old)), "old.csv", plan=plan)
    assert result.errors == [] and result.updated == 1
    a = Activity.objects.get()
    assert a.title == {"en": "Renamed"} and a.kind.code == "backbone"
    assert a.budgets.count() == 1


def test_the_template_carries_kind_pillars_and_budgets(client, db):
    for column in ("kind", "pillars", "budgets"):
        assert column in HEADERS
    body = client.get("/open-data/activities-template.csv").content.decode("utf-8-sig")
    assert body.strip().endswith("sectors,kind,pillars,budgets")


def test_kind_pillars_and_budgets_survive_an_export_and_reimport(db, plan):
    _org(db)
    row = _row(kind="backbone", pillars="Digital infrastructure", budgets="2025-01-01:2025-12-31:9")
    assert _import(plan, row).created == 1
    Activity.objects.update(workflow_state="approved")
    rows = export_rows(plan)
    assert rows[1][-3:] == ["backbone", "infrastructure", "2025-01-01:2025-12-31:9"]
    result = import_sheet(SimpleUploadedFile("a.xlsx", to_xlsx(rows)), "a.xlsx", plan=plan)
    assert result.errors == [] and result.unchanged == 1
