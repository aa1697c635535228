"""Every real IATI file in the shared data: counts, schema-valid export, lossless round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from activities import models as am
from interop.iati_export import export_queryset, write_iati
from interop.iati_import import import_iati_files
from interop.tests.snapshot import snapshot

FILES = ["acfspain-ml.xml", "usaid-dz.xml", "worldbank-679.xml"]


@pytest.fixture(scope="module")
def iati_schema(shared_data):
    return etree.XMLSchema(
        etree.parse(str(shared_data / "iati-schema-2.03/iati-activities-schema.xsd"))
    )


def _counts_in_file(path: Path) -> dict:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    return {
        "activities": int(tree.xpath("count(/iati-activities/iati-activity)")),
        "transactions": int(tree.xpath("count(//iati-activity/transaction)")),
        "budgets": int(tree.xpath("count(//iati-activity/budget)")),
        "results": int(tree.xpath("count(//iati-activity/result)")),
        "indicators": int(tree.xpath("count(//iati-activity/result/indicator)")),
        "sectors": int(tree.xpath("count(//iati-activity/sector)")),
        "documents": int(tree.xpath("count(//iati-activity/document-link)")),
        "locations": int(tree.xpath("count(//iati-activity/location)")),
        "participating": int(tree.xpath("count(//iati-activity/participating-org)")),
    }


def _counts_in_db() -> dict:
    return {
        "activities": am.Activity.objects.count(),
        "transactions": am.Transaction.objects.count(),
        "budgets": am.Budget.objects.count(),
        "results": am.Result.objects.count(),
        "indicators": am.ResultIndicator.objects.count(),
        "sectors": am.ActivitySector.objects.count(),
        "documents": am.DocumentLink.objects.count(),
        "locations": am.Location.objects.count(),
        "participating": am.ParticipatingOrg.objects.count(),
    }


@pytest.mark.parametrize("name", FILES)
def test_it_imports_every_activity_transaction_budget_and_result_of_the_file(db, shared_data, name):
    path = shared_data / "iati" / name
    summary = import_iati_files([path])
    assert summary.ok, [str(r) for r in summary.refusals]
    assert _counts_in_db() == _counts_in_file(path)


@pytest.mark.parametrize("name", FILES)
def test_reimporting_the_unchanged_file_touches_nothing(db, shared_data, name):
    path = shared_data / "iati" / name
    import_iati_files([path])
    before = snapshot()
    rows = list(am.Activity.objects.values_list("pk", "version", "updated_at").order_by("pk"))
    history = am.ActivityChange.objects.count()
    summary = import_iati_files([path])
    assert summary.created == summary.updated == 0
    assert summary.unchanged == _counts_in_file(path)["activities"]
    # Same records, same versions, not even their last-updated time moved; no history entry.
    assert (
        list(am.Activity.objects.values_list("pk", "version", "updated_at").order_by("pk")) == rows
    )
    assert am.ActivityChange.objects.count() == history
    assert _counts_in_db() == _counts_in_file(path)
    assert snapshot() == before


@pytest.mark.parametrize("name", FILES)
def test_the_export_of_the_file_validates_against_the_iati_2_03_schema(
    db, shared_data, name, iati_schema, tmp_path
):
    import_iati_files([shared_data / "iati" / name])
    out = tmp_path / "export.xml"
    with out.open("wb") as handle:
        write_iati(export_queryset(), handle)
    document = etree.parse(str(out))
    assert iati_schema.validate(document), iati_schema.error_log


@pytest.mark.parametrize("name", FILES)
def test_import_export_import_is_lossless_for_every_field_we_hold(db, shared_data, name, tmp_path):
    import_iati_files([shared_data / "iati" / name])
    first = snapshot()
    out = tmp_path / "export.xml"
    with out.open("wb") as handle:
        write_iati(export_queryset(), handle)
    am.Activity.objects.all().delete()
    summary = import_iati_files([out])
    assert summary.ok, [str(r) for r in summary.refusals]
    second = snapshot()
    assert second.keys() == first.keys()
    for identifier in first:
        for field, value in first[identifier].items():
            assert second[identifier][field] == value, (identifier, field)
