"""Lossless IATI 2.03: what a publisher sent comes back out, measured against the input itself."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from activities import models as am
from interop.iati_export import export_queryset, write_iati
from interop.iati_import import import_iati_files
from interop.tests.iati_samples import activity, document, write

FILES = ["acfspain-ml.xml", "usaid-dz.xml", "worldbank-679.xml"]
USG = "https://explorer.usaid.gov"


@pytest.fixture(scope="module")
def iati_schema(shared_data):
    return etree.XMLSchema(
        etree.parse(str(shared_data / "iati-schema-2.03/iati-activities-schema.xsd"))
    )


def _export(tmp_path: Path) -> Path:
    out = tmp_path / "export.xml"
    with out.open("wb") as handle:
        write_iati(export_queryset(), handle)
    return out


def _fidelity(shared_data: Path, exported: Path, source: Path) -> float:
    tool = shared_data.parent / "tools" / "iati_fidelity.py"
    run = subprocess.run(  # noqa: S603 - our interpreter running the shared tool
        [sys.executable, str(tool), str(exported), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    match = re.search(r"fidelity: (\d+)/(\d+)", run.stdout)
    assert match, run.stdout
    return int(match.group(1)) / int(match.group(2))


@pytest.mark.parametrize("name", FILES)
def test_a_real_file_survives_import_and_export_by_the_fidelity_tool(
    db, shared_data, tmp_path, iati_schema, name
):
    source = shared_data / "iati" / name
    summary = import_iati_files([source])
    assert summary.ok, [str(r) for r in summary.refusals]
    exported = _export(tmp_path)
    assert _fidelity(shared_data, exported, source) >= 0.98
    assert iati_schema.validate(etree.parse(str(exported))), iati_schema.error_log


def test_the_defaults_and_flags_become_fields_and_transactions_inherit_them(db, shared_data):
    import_iati_files([shared_data / "iati" / "usaid-dz.xml"])
    a = am.Activity.objects.get(iati_identifier="US-GOV-1-720BHA21IO00128")
    assert (a.hierarchy, a.activity_scope, a.collaboration_type) == (1, "5", "1")
    assert (a.default_flow_type, a.default_finance_type, a.default_tied_status) == (
        "10",
        "110",
        "5",
    )
    assert a.default_aid_types == [{"code": "C01", "vocabulary": "1"}]
    assert a.conditions_attached is False
    contact = a.contacts.get()
    assert contact.email == "aidtransparency@usaid.gov"
    assert contact.organisation == {"en": "U.S. Agency for International Development"}
    tx = a.transactions.order_by("pk").first()
    assert tx.disbursement_channel == "2"
    assert tx.flow_type == "" and tx.effective_flow_type == "10"
    assert tx.effective_aid_types == [{"code": "C01", "vocabulary": "1"}]
    assert tx.effective_tied_status == "5"


def test_a_transaction_value_overrides_the_activity_default(db, tmp_path):
    extra = (
        '<policy-marker vocabulary="1" code="1" significance="2"/>'
        '<collaboration-type code="1"/><default-flow-type code="10"/>'
        '<default-finance-type code="110"/>'
        '<default-aid-type code="C01"/><default-aid-type code="1" vocabulary="2"/>'
    )
    text = (
        activity(extra=extra)
        .replace("<transaction>", '<transaction humanitarian="1">')
        .replace(
            '<recipient-country code="KE"/></transaction>',
            '<recipient-country code="KE"/><finance-type code="421"/>'
            '<aid-type code="D02"/></transaction>',
        )
    )
    import_iati_files([write(tmp_path, document(text))])
    tx = am.Transaction.objects.get()
    assert tx.effective_finance_type == "421" and tx.effective_flow_type == "10"
    assert tx.effective_aid_types == [{"code": "D02", "vocabulary": "1"}]
    assert tx.humanitarian is True and tx.effective_humanitarian is True
    marker = am.PolicyMarker.objects.get()
    assert (marker.vocabulary, marker.code, marker.significance) == ("1", "1", "2")
    assert len(tx.activity.default_aid_types) == 2


FOREIGN = """<iati-activities version="2.03" xmlns:x="https://example.org/ext">
<iati-activity default-currency="USD" xml:lang="en" x:batch="7">
  <iati-identifier>XM-TEST-1-NS</iati-identifier>
  <reporting-org ref="XM-TEST-1" type="10"><narrative>Test Ministry</narrative></reporting-org>
  <title><narrative>Namespaced</narrative></title>
  <description><narrative>Text</narrative></description>
  <participating-org ref="XM-TEST-1" role="1"><narrative>Test Ministry</narrative>
  </participating-org>
  <other-identifier ref="ABC-1" type="A1"/>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2024-01-01"><narrative>Started</narrative></activity-date>
  <recipient-country code="KE" percentage="100"/>
  <transaction ref="T1" x:line="4">
    <transaction-type code="3"/><transaction-date iso-date="2024-03-01"/>
    <value value-date="2024-03-01">250</value>
    <x:account code="72"><x:year begin="2021"/></x:account>
  </transaction>
  <transaction ref="T2">
    <transaction-type code="3"/><transaction-date iso-date="2024-04-01"/>
    <value value-date="2024-04-01">10</value>
  </transaction>
  <x:signed iso-date="2024-10-01"/>
</iati-activity>
</iati-activities>
"""


def test_elements_of_other_namespaces_come_back_in_place(db, tmp_path, iati_schema):
    summary = import_iati_files([write(tmp_path, FOREIGN)])
    assert summary.ok, [str(r) for r in summary.refusals]
    root = etree.parse(str(_export(tmp_path))).getroot()
    assert iati_schema.validate(root.getroottree()), iati_schema.error_log
    act = root.find("iati-activity")
    assert act.get("{https://example.org/ext}batch") == "7"
    first, second = act.findall("transaction")
    account = first.find("{https://example.org/ext}account")
    assert account is not None and account.get("code") == "72"
    assert account.getprevious().tag == "value"  # where the publisher put it
    assert account.find("{https://example.org/ext}year").get("begin") == "2021"
    assert first.get("{https://example.org/ext}line") == "4"
    assert second.find("{https://example.org/ext}account") is None
    signed = act.find("{https://example.org/ext}signed")
    assert signed.getprevious() is second and signed.prefix == "x"
    # IATI elements the platform does not use are kept too, in schema order
    assert act.find("other-identifier").get("ref") == "ABC-1"
    assert act.find("other-identifier").getprevious().tag == "participating-org"
    assert act.find("activity-date").findtext("narrative") == "Started"


def test_an_element_iati_does_not_define_is_refused_with_file_line_and_activity(db, tmp_path):
    bad = activity(identifier="XM-TEST-1-BAD", extra='<colaboration-type code="1"/>')
    text = document(activity(), bad)
    path = write(tmp_path, text)
    summary = import_iati_files([path])
    assert len(summary.refusals) == 1
    message = str(summary.refusals[0])
    line = text.index("<colaboration-type")
    assert message.startswith(f"{path}:{text[:line].count(chr(10)) + 1}: activity XM-TEST-1-BAD:")
    assert "<colaboration-type> is not an element IATI 2.03 allows in <iati-activity>" in message
    assert list(am.Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1-A1"]


def test_an_attribute_iati_does_not_define_is_refused(db, tmp_path):
    bad = activity(identifier="XM-TEST-1-BAD").replace(
        '<budget type="1"', '<budget tpye="2" type="1"'
    )
    summary = import_iati_files([write(tmp_path, document(bad))])
    assert len(summary.refusals) == 1
    assert "<budget> has an attribute 'tpye' that IATI 2.03 does not define" in str(
        summary.refusals[0]
    )
    assert not am.Activity.objects.exists()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('<collaboration-type code="5"/>', "collaboration-type/@code is '5', not a code"),
        ('<default-tied-status code="9"/>', "default-tied-status/@code is '9', not a code"),
        ('<related-activity ref="X" type="8"/>', "related-activity/@type is '8', not a code"),
    ],
)
def test_a_code_outside_the_lists_we_hold_is_refused(db, tmp_path, extra, expected):
    summary = import_iati_files([write(tmp_path, document(activity(extra=extra)))])
    assert len(summary.refusals) == 1 and expected in str(summary.refusals[0])


def test_a_position_keeps_its_digits_until_it_is_edited(db, tmp_path):
    extra = (
        '<location><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326">'
        "<pos>9.50 2.0</pos></point></location>"
    )
    import_iati_files([write(tmp_path, document(activity(extra=extra)))])
    root = etree.parse(str(_export(tmp_path))).getroot()
    assert root.findtext("iati-activity/location/point/pos") == "9.50 2.0"
    am.Location.objects.update(latitude="10.25")
    root = etree.parse(str(_export(tmp_path))).getroot()
    assert root.findtext("iati-activity/location/point/pos") == "10.25 2"


def test_a_target_holding_only_a_dimension_comes_back(db, tmp_path):
    extra = (
        '<result type="1"><title><narrative>Trained</narrative></title>'
        '<indicator measure="1"><title><narrative>People</narrative></title>'
        '<period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>'
        '<target><dimension name="sex" value="female"/></target>'
        '<actual value="5"/></period></indicator></result>'
    )
    import_iati_files([write(tmp_path, document(activity(extra=extra)))])
    period = etree.parse(str(_export(tmp_path))).getroot().find(".//period")
    assert [child.tag for child in period] == ["period-start", "period-end", "target", "actual"]
    assert period.find("target/dimension").get("value") == "female"


def test_the_activity_page_shows_the_defaults_and_what_transactions_inherit(
    client, db, shared_data
):
    import_iati_files([shared_data / "iati" / "usaid-dz.xml"], state="approved")
    a = am.Activity.objects.get(iati_identifier="US-GOV-1-720BHA21IO00128")
    page = client.get(f"/activities/{a.pk}/").content.decode()
    section = page[page.index('id="iati-classification"') :]
    assert "Bilateral" in section and "C01" in section and "Untied" in section
    rows = page[page.index('id="transactions"') :].split("</table>")[0]
    # The inherited finance type, named from the IATI code list.
    assert rows.count("Standard grant</span> · <bdi>110</bdi></td>") == a.transactions.count()
    assert "aidtransparency@usaid.gov" in page


def test_a_language_given_once_for_the_file_is_the_activities_language(db, tmp_path):
    text = (
        document(activity())
        .replace(
            '<iati-activities version="2.03">', '<iati-activities version="2.03" xml:lang="fr">'
        )
        .replace('<iati-activity default-currency="USD" xml:lang="en">', "<iati-activity>")
    )
    import_iati_files([write(tmp_path, text)])
    a = am.Activity.objects.get()
    assert a.default_language == "fr"
    assert a.description == {"fr": "Long text"}
    # Both narratives inherit French: the first is the title, the second comes back as read.
    assert a.title == {"fr": "Activity XM-TEST-1-A1"}
    act = etree.parse(str(_export(tmp_path))).getroot().find("iati-activity")
    assert [n.text for n in act.find("title").findall("narrative")] == [
        "Activity XM-TEST-1-A1",
        "Activité",
    ]


EVERY_ELEMENT = Path(__file__).parent / "data" / "every_element.xml"


def test_every_element_of_the_standard_survives_import_and_export(
    db, shared_data, tmp_path, iati_schema
):
    assert iati_schema.validate(etree.parse(str(EVERY_ELEMENT))), iati_schema.error_log
    summary = import_iati_files([EVERY_ELEMENT])
    assert summary.ok, [str(r) for r in summary.refusals]
    exported = _export(tmp_path)
    assert _fidelity(shared_data, exported, EVERY_ELEMENT) == 1.0
    assert iati_schema.validate(etree.parse(str(exported))), iati_schema.error_log
    # Importing the export again changes nothing.
    assert import_iati_files([exported]).unchanged == 1


def test_repeats_the_platform_holds_once_store_the_first_and_keep_the_rest(db, tmp_path):
    import_iati_files([EVERY_ELEMENT])
    a = am.Activity.objects.get(iati_identifier="XM-KS-1")
    assert a.title == {"en": "Title one", "fr": "Titre un"}  # not merged with the repeat
    assert a.description == {"en": "General description"}
    assert a.planned_start == dt.date(2024, 1, 1)  # the first planned start, not the second
    act = etree.parse(str(_export(tmp_path))).getroot().find("iati-activity")
    titles = [n.text for n in act.find("title").findall("narrative")]
    assert titles == ["Title one", "Titre un", "Second English title narrative"]
    starts = [d.get("iso-date") for d in act.findall("activity-date[@type='1']")]
    assert starts == ["2024-01-01", "2024-01-15"]
    assert act.get("humanitarian") == "true"


def test_a_flag_written_true_comes_back_as_edited_once_changed(db, tmp_path):
    import_iati_files([EVERY_ELEMENT])
    am.Activity.objects.filter(iati_identifier="XM-KS-1").update(humanitarian=False)
    act = etree.parse(str(_export(tmp_path))).getroot().find("iati-activity")
    assert act.get("humanitarian") == "0"


PRECISE = {
    # Valid IATI the columns hold less precisely: a three-way split, money to the thousandth
    # of a cent, dates with a zone or a time.
    '<recipient-country code="KE" percentage="60">': '<recipient-country code="KE" '
    'percentage="33.33333">',
    '<recipient-country code="TZ" percentage="40"/>': '<recipient-country code="TZ" '
    'percentage="66.66667"/>',
    '<value currency="EUR" value-date="2024-01-01">1000.50</value>': '<value currency="EUR" '
    'value-date="2024-01-01Z">1000.123456789</value>',
    '<activity-date type="2" iso-date="2024-02-01"/>': '<activity-date type="2" '
    'iso-date="2024-02-01Z"/>',
    '<transaction-date iso-date="2024-04-01"/>': '<transaction-date iso-date="2024-04-01+03:00"/>',
    '<baseline year="2023" iso-date="2023-12-31" value="10">': '<baseline year="2023" '
    'iso-date="2023-12-31" value="10.123456">',
}


def _precise(tmp_path: Path) -> Path:
    text = EVERY_ELEMENT.read_text()
    for old, new in PRECISE.items():
        assert old in text, old
        text = text.replace(old, new)
    return write(tmp_path, text)


def test_numbers_and_dates_written_more_precisely_than_held_come_back_as_written(
    db, shared_data, tmp_path, iati_schema
):
    source = _precise(tmp_path)
    assert iati_schema.validate(etree.parse(str(source))), iati_schema.error_log
    assert import_iati_files([source]).ok
    a = am.Activity.objects.get(iati_identifier="XM-KS-1")
    assert a.recipient_countries.get(country="KE").percentage == Decimal("33.333")
    exported = _export(tmp_path)
    assert _fidelity(shared_data, exported, source) == 1.0
    assert iati_schema.validate(etree.parse(str(exported))), iati_schema.error_log
    # The same file again, or its export, is no change (on PostgreSQL the columns round).
    assert import_iati_files([source]).unchanged == 1
    assert import_iati_files([exported]).unchanged == 1


def test_a_precise_value_once_edited_is_exported_as_edited(db, tmp_path):
    import_iati_files([_precise(tmp_path)])
    a = am.Activity.objects.get(iati_identifier="XM-KS-1")
    a.recipient_countries.filter(country="KE").update(percentage=Decimal("50"))
    a.budgets.filter(type="1").update(value=Decimal("900"))
    act = etree.parse(str(_export(tmp_path))).getroot().find("iati-activity")
    kenya = act.find("recipient-country[@code='KE']")
    assert kenya.get("percentage") == "50"
    assert act.find("recipient-country[@code='TZ']").get("percentage") == "66.66667"
    assert [b.findtext("value") for b in act.findall("budget")] == ["900", "1200"]


def test_elements_out_of_the_schemas_order_come_back_in_a_valid_export(
    db, shared_data, tmp_path, iati_schema
):
    # Publishers do not always follow the schema's order; what the platform keeps whole is
    # written where the publisher put it only when the schema allows it there.
    text = EVERY_ELEMENT.read_text()
    legacy = '<legacy-data name="Old" value="X" iati-equivalent="activity-status"/>'
    other = '<other-identifier ref="ABC-1" type="A1">'
    other += '<owner-org ref="XM-OWN"><narrative>Owner</narrative></owner-org></other-identifier>'
    assert legacy in text and other in text
    text = text.replace(legacy, "").replace("<title>", legacy + "<title>", 1)
    text = text.replace(other, "").replace("<conditions ", other + "<conditions ", 1)
    source = write(tmp_path, text)
    assert not iati_schema.validate(etree.parse(str(source)))  # the input is out of order
    assert import_iati_files([source]).ok
    exported = _export(tmp_path)
    assert _fidelity(shared_data, exported, source) == 1.0
    assert iati_schema.validate(etree.parse(str(exported))), iati_schema.error_log
