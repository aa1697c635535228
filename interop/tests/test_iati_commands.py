from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from activities.models import Activity
from interop.tests.iati_samples import activity, document, write


def test_import_iati_prints_a_summary_and_attributes_to_the_user(db, personas, tmp_path):
    path = write(tmp_path, document(activity()))
    out = StringIO()
    call_command(
        "import_iati", str(path), "--state", "approved", "--user", "secretariat", stdout=out
    )
    assert "Activities read: 1, created: 1, updated: 0, unchanged: 0, refused: 0." in out.getvalue()
    a = Activity.objects.get()
    assert a.workflow_state == "approved" and a.created_by == personas.secretariat


def test_import_iati_prints_every_refusal_and_exits_non_zero(db, tmp_path):
    path = write(tmp_path, document(activity(status="9"), activity("XM-TEST-1-A2", country="ZZ")))
    err = StringIO()
    with pytest.raises(CommandError, match="Refusals: 2"):
        call_command("import_iati", str(path), stderr=err, stdout=StringIO())
    lines = [x for x in err.getvalue().splitlines() if x.startswith("REFUSED")]
    assert len(lines) == 2
    assert "activity XM-TEST-1-A1" in lines[0] and "activity XM-TEST-1-A2" in lines[1]


def test_import_iati_refuses_an_unknown_plan(db, tmp_path):
    with pytest.raises(CommandError, match="No such plan"):
        call_command("import_iati", str(write(tmp_path, document(activity()))), "--plan", "nope")


def test_export_iati_writes_every_activity_whatever_its_state(db, tmp_path, shared_data):
    call_command("import_iati", str(write(tmp_path, document(activity()))), stdout=StringIO())
    out, target = StringIO(), tmp_path / "out.xml"
    call_command("export_iati", "--output", str(target), stdout=out)
    assert "(IATI 2.03): 1." in out.getvalue()
    schema = etree.XMLSchema(
        etree.parse(str(shared_data / "iati-schema-2.03/iati-activities-schema.xsd"))
    )
    document_ = etree.parse(str(target))
    assert schema.validate(document_), schema.error_log
    assert document_.findtext("iati-activity/iati-identifier") == "XM-TEST-1-A1"


def test_an_activity_recorded_in_the_app_without_dates_or_partners_exports_valid_iati(
    db, personas, tmp_path, shared_data
):
    Activity.objects.create(
        plan=personas.plan,
        iati_identifier="XI-DIGICOOP-APP-1",
        reporting_org=personas.kenyan_ministry,
        title={"en": "Recorded in the app"},
    )
    target = tmp_path / "out.xml"
    call_command("export_iati", "--output", str(target), stdout=StringIO())
    schema = etree.XMLSchema(
        etree.parse(str(shared_data / "iati-schema-2.03/iati-activities-schema.xsd"))
    )
    document_ = etree.parse(str(target))
    assert schema.validate(document_), schema.error_log
    assert document_.find("iati-activity/participating-org").get("role") == "2"
    assert document_.find("iati-activity/activity-date").get("type") == "1"
    Activity.objects.all().delete()
    call_command("import_iati", str(target), stdout=StringIO())
    again = Activity.objects.get(iati_identifier="XI-DIGICOOP-APP-1")
    assert again.description == {} and again.title == {"en": "Recorded in the app"}
