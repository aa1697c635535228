"""Hostile and wrong input: each refused with a message naming file, activity and line."""

from __future__ import annotations

import pytest

from activities.models import Activity
from interop.iati_import import import_iati_files
from interop.tests.iati_samples import activity, document, write


def _import(path, **kw):
    summary = import_iati_files([path], **kw)
    return summary, [str(r) for r in summary.refusals]


def test_a_well_formed_file_imports_every_field(db, tmp_path):
    _summary, refusals = _import(write(tmp_path, document(activity())))
    assert refusals == []
    a = Activity.objects.get()
    assert a.title == {"en": "Activity XM-TEST-1-A1", "fr": "Activité"}
    assert a.source_file.endswith("sample.xml")
    assert a.plan.is_builtin and a.workflow_state == "draft" and a.kind is None
    t = a.transactions.get()
    assert (t.sector_code, t.recipient_country_id, str(t.value), t.currency) == (
        "22040",
        "KE",
        "250.00",
        "",
    )


def test_it_refuses_an_external_entity_without_reaching_it(db, tmp_path):
    prolog = '<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>\n'
    text = document(activity(identifier="&xxe;"), prolog=prolog)
    _summary, refusals = _import(write(tmp_path, text))
    assert not Activity.objects.exists()
    assert "sample.xml:1: file: the file declares a DOCTYPE/DTD" in refusals[0]


def test_it_refuses_a_billion_laughs_document(db, tmp_path):
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    prolog = f"<!DOCTYPE iati-activities [{entities}]>\n"
    text = document(activity(identifier="&j;"), prolog=prolog)
    _summary, refusals = _import(write(tmp_path, text))
    assert not Activity.objects.exists()
    assert "DOCTYPE" in refusals[0]


def test_it_refuses_a_gigantic_text_node(db, tmp_path):
    huge = "x" * (11 * 1024 * 1024)
    text = document(activity(), activity(identifier="XM-TEST-1-A2").replace("Long text", huge))
    _summary, refusals = _import(write(tmp_path, text))
    assert len(refusals) == 1
    assert "not well-formed" in refusals[0] and "after activity XM-TEST-1-A1" in refusals[0]
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1-A1"]


def test_a_truncated_file_keeps_the_complete_activities_and_says_where_it_stopped(db, tmp_path):
    text = document(activity(), activity(identifier="XM-TEST-1-A2"))
    _summary, refusals = _import(write(tmp_path, text[: len(text) - 200]))
    assert len(refusals) == 1 and "truncated" in refusals[0]
    assert refusals[0].startswith(f"{tmp_path / 'sample.xml'}:")
    assert Activity.objects.count() == 1


def test_all_or_nothing_writes_nothing_from_a_file_with_a_refusal(db, tmp_path):
    text = document(activity(), activity(identifier="XM-TEST-1-A2", budget="lots"))
    summary, refusals = _import(write(tmp_path, text), all_or_nothing=True)
    assert not Activity.objects.exists()
    assert summary.created == 0
    assert any("nothing from this file was written" in r for r in refusals)


def test_it_refuses_a_file_whose_root_is_not_iati_activities(db, tmp_path):
    _summary, refusals = _import(write(tmp_path, "<iati-organisations/>"))
    assert refusals == [
        f"{tmp_path / 'sample.xml'}:1: file: the root element is <iati-organisations>; "
        "expected <iati-activities> (an IATI activity file)."
    ]


def test_it_refuses_an_iati_1_file(db, tmp_path):
    _summary, refusals = _import(write(tmp_path, document(activity(), version="1.05")))
    assert "IATI 1.05 file; only IATI 2.01–2.03" in refusals[0]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"status": "7"}, "activity-status/@code is '7', not a code of the IATI list"),
        ({"tx_type": "99"}, "transaction-type/@code is '99', not a code of the IATI list"),
        ({"country": "XX"}, "recipient-country/@code is 'XX'; expected an ISO 3166-1"),
        ({"budget": "1,000 USD"}, "budget/value is '1,000 USD'; expected a number"),
        ({"tx_value": "NaN"}, "transaction/value is 'NaN'; expected a finite number"),
        ({"start": "2024-02-30"}, "'2024-02-30', which is not a real calendar date"),
        ({"start": "next year"}, "activity-date type 1 is 'next year'; expected an ISO date"),
    ],
)
def test_each_bad_value_refuses_only_its_activity_naming_file_identifier_and_line(
    db, tmp_path, overrides, expected
):
    text = document(activity(), activity(identifier="XM-TEST-1-BAD", **overrides))
    path = write(tmp_path, text)
    _summary, refusals = _import(path)
    assert len(refusals) == 1, refusals
    assert refusals[0].startswith(f"{path}:")
    assert "activity XM-TEST-1-BAD: " in refusals[0] and expected in refusals[0]
    line = int(refusals[0][len(str(path)) + 1 :].split(":")[0])
    assert line > text[: text.index("XM-TEST-1-BAD")].count("\n")
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1-A1"]


def test_sdg_tags_sectors_and_agenda2063_tags_align_the_activity(db, tmp_path, frameworks_loaded):
    extra = (
        '<tag vocabulary="3" code="9.c"/>'
        '<tag vocabulary="99" vocabulary-uri="https://au.int/en/agenda2063/goals" code="10"/>'
    )
    text = document(activity(extra=extra)).replace(
        '<sector vocabulary="1" code="22040" percentage="100"/>',
        '<sector vocabulary="1" code="22040" percentage="100"/><sector vocabulary="7" code="4"/>',
    )
    _import(write(tmp_path, text))
    a = Activity.objects.get()
    assert sorted((x.goal_id, x.target_id) for x in a.sdg_alignments.all()) == [
        ("4", None),
        ("9", "9.c"),
    ]
    assert list(a.agenda2063_alignments.values_list("goal_id", flat=True)) == [10]


def test_a_file_undone_by_all_or_nothing_leaves_no_stale_organisation_for_the_next(db, tmp_path):
    from participants.models import Organisation

    new_org = activity("XM-NEW-1-A").replace('ref="XM-TEST-1"', 'ref="XM-NEW-1"')
    refused = activity("XM-TEST-1-B", budget="lots")
    first = write(tmp_path, document(new_org, refused), name="first.xml")
    second = write(tmp_path, document(new_org), name="second.xml")
    summary = import_iati_files([first, second], all_or_nothing=True)
    assert [r.file for r in summary.refusals] == [str(first), str(first)]
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-NEW-1-A"]
    assert Activity.objects.get().reporting_org == Organisation.objects.get(iati_ref="XM-NEW-1")
