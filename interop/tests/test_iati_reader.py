"""The two routes of reading (in-process and reader process) and the storage form they share."""

from __future__ import annotations

import json
import multiprocessing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activities import models as am
from interop import iati_import
from interop.iati_import import import_iati_files
from interop.iati_read import read_activities, read_activities_in_child
from interop.iati_rows import _json, columns
from interop.synthetic import write_synthetic_iati
from interop.tests.iati_samples import activity, document, write
from participants.models import Country

SHARED = ["acfspain-ml.xml", "usaid-dz.xml", "worldbank-679.xml"]


@pytest.fixture
def countries(db):
    return frozenset(Country.objects.values_list("code", flat=True))


def _both(path, countries, vendor="sqlite", readers=2):
    return (
        list(read_activities(path, path.name, countries, vendor)),
        list(read_activities_in_child(path, path.name, countries, vendor, readers=readers)),
    )


@pytest.mark.parametrize("name", SHARED)
@pytest.mark.parametrize("readers", [1, 2, 3])
def test_reader_processes_yield_exactly_what_the_in_process_reader_yields(
    shared_data, countries, name, readers
):
    here, there = _both(shared_data / "iati" / name, countries, readers=readers)
    assert len(here) > 0
    assert [(item, is_activity) for _, item, is_activity in there] == [
        (item, is_activity) for _, item, is_activity in here
    ]
    if readers == 1:
        assert there == here  # the same bytes-read figures too


@pytest.mark.parametrize("readers", [1, 2, 3])
def test_refusals_and_a_truncation_come_through_reader_processes_in_order(
    tmp_path, countries, readers
):
    text = document(
        activity(),
        activity(identifier="XM-TEST-1-A2", budget="lots"),
        activity(identifier="XM-TEST-1-A3"),
        activity(identifier="XM-TEST-1-A4"),
    )
    path = write(tmp_path, text[: len(text) - 200])
    here, there = _both(path, countries, vendor="postgresql", readers=readers)
    assert [item for _, item, _ in there] == [item for _, item, _ in here]
    kinds = [(type(item).__name__, is_activity) for _, item, is_activity in there]
    assert kinds == [
        ("ActivityRows", True),
        ("Problem", True),
        ("ActivityRows", True),
        ("Problem", False),
    ]
    assert "budget/value" in there[1][1].message and there[1][1].activity == "XM-TEST-1-A2"
    assert "truncated (after activity XM-TEST-1-A3)" in there[3][1].message


def test_a_failing_reader_process_is_reported_with_its_traceback(tmp_path, countries):
    missing = tmp_path / "gone.xml"
    with pytest.raises(RuntimeError, match="FileNotFoundError"):
        list(read_activities_in_child(missing, "gone.xml", countries, "sqlite"))


def test_stopping_early_stops_the_reader_process(tmp_path, countries):
    path = write_synthetic_iati(tmp_path / "many.xml", 3000)
    items = read_activities_in_child(path, "many.xml", countries, "sqlite", readers=2)
    next(items)
    assert sorted(p.name for p in multiprocessing.active_children()) == [
        "digicoop-iati-reader-0",
        "digicoop-iati-reader-1",
    ]
    items.close()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("name", SHARED)
def test_a_file_over_the_threshold_is_imported_through_the_reader_process_alike(
    db, shared_data, monkeypatch, settings, name
):
    from interop.tests.snapshot import snapshot

    path = shared_data / "iati" / name
    assert import_iati_files([path]).ok
    in_process = snapshot()
    am.Activity.objects.all().delete()
    calls = []

    def spy(*args, **kwargs):
        calls.append(args[0])
        return read_activities_in_child(*args, **kwargs)

    settings.IATI_PARALLEL_MIN_BYTES = 0
    monkeypatch.setattr(iati_import, "read_activities_in_child", spy)
    summary = import_iati_files([path])
    assert calls == [path]
    assert summary.ok, [str(r) for r in summary.refusals]
    assert snapshot() == in_process


def test_reimporting_replaces_results_with_their_disaggregations(db, tmp_path):
    extra = """<result type="1"><title><narrative>Trained</narrative></title>
      <indicator measure="1"><title><narrative>People</narrative></title>
        <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
          <actual value="10"/></period></indicator></result>"""
    path = write(tmp_path, document(activity(extra=extra)))
    assert import_iati_files([path]).ok
    period = am.IndicatorPeriod.objects.get()
    am.Disaggregation.objects.create(
        period=period, dimension="sex", category="female", actual_value=6
    )
    # The same file again changes nothing, so it touches nothing (the breakdown stays).
    summary = import_iati_files([path])
    assert summary.ok and summary.unchanged == 1 and am.Disaggregation.objects.count() == 1
    # A changed file replaces the results, and what hung under them, with the file's.
    path = write(tmp_path, document(activity(extra=extra.replace('"10"', '"12"'))))
    summary = import_iati_files([path])
    assert summary.ok and summary.updated == 1, [str(r) for r in summary.refusals]
    assert am.Disaggregation.objects.count() == 0
    assert am.IndicatorPeriod.objects.get().pk != period.pk
    assert am.IndicatorPeriod.objects.get().actual_value == 12
    assert am.Activity.objects.get().version == 2


def test_stored_rows_cover_every_column_but_the_keys_the_writer_fills():
    for model, filled_by_writer in (
        (am.Transaction, {"id", "activity_id"}),
        (am.ParticipatingOrg, {"id", "activity_id", "organisation_id"}),
        (am.IndicatorPeriod, {"id", "indicator_id"}),
        (am.Activity, {"id"}),
    ):
        every = {f.attname for f in model._meta.concrete_fields}
        assert set(columns(model)) == every - filled_by_writer


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(st.dictionaries(_text, _text | st.integers() | st.lists(_text, max_size=2), max_size=4))
def test_json_text_is_what_json_dumps_writes(value):
    assert _json(value) == json.dumps(value, ensure_ascii=False)


ORPHANING_PARENT = """
import os, sys
import django
django.setup()
from pathlib import Path
from interop.iati_read import read_activities_in_child
items = read_activities_in_child(
    Path(sys.argv[1]), "big.xml", frozenset({"KE"}), "sqlite", readers=2
)
next(items)
import multiprocessing
print(*(p.pid for p in multiprocessing.active_children()), flush=True)
os._exit(0)  # as a worker killed outright would: no clean-up runs
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return any(line.split()[1] == "Z" for line in handle if line.startswith("State:"))
    except FileNotFoundError:
        return True


def test_the_reader_process_ends_when_the_importing_process_dies_without_clean_up(tmp_path):
    import subprocess
    import sys
    import time

    path = write_synthetic_iati(tmp_path / "big.xml", 20_000)
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", ORPHANING_PARENT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pids = [int(pid) for pid in out.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 30
    while not all(map(_gone, pids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(map(_gone, pids)), "an orphaned reader process is still running"


def test_real_shaped_files_cycle_the_real_activities_with_unique_identifiers(
    db, shared_data, tmp_path
):
    from interop.synthetic import write_real_shaped_iati

    sources = sorted((shared_data / "iati").glob("*.xml"))
    path = write_real_shaped_iati(tmp_path / "real.xml", 20, sources)
    summary = import_iati_files([path])
    assert summary.ok and summary.created == 20, [str(r) for r in summary.refusals]
    identifiers = list(am.Activity.objects.values_list("iati_identifier", flat=True))
    assert len(set(identifiers)) == 20
    assert am.Transaction.objects.count() > 20  # the real activities' many rows came along


def test_a_batch_the_database_refuses_is_retried_one_by_one_with_fresh_organisations(
    db, tmp_path, monkeypatch
):
    from django.db import DatabaseError

    from participants.models import Organisation

    real = iati_import.replace_imported_alignments

    def refuse_b(alignments):
        if am.Activity.objects.filter(pk__in=alignments, iati_identifier="XM-TEST-2-B").exists():
            raise DatabaseError("simulated constraint failure")
        return real(alignments)

    monkeypatch.setattr(iati_import, "replace_imported_alignments", refuse_b)
    first = activity("XM-TEST-1-A").replace('ref="XM-TEST-1"', 'ref="XM-NEW-1"')
    second = activity("XM-TEST-2-B").replace('ref="XM-TEST-1"', 'ref="XM-NEW-2"')
    summary = import_iati_files([write(tmp_path, document(first, second))])
    assert [(r.activity, r.message) for r in summary.refusals] == [
        ("XM-TEST-2-B", "the database refused it: simulated constraint failure")
    ]
    assert summary.created == 1
    created = am.Activity.objects.get()
    assert created.iati_identifier == "XM-TEST-1-A"
    assert created.reporting_org.iati_ref == "XM-NEW-1"
    assert not Organisation.objects.filter(iati_ref="XM-NEW-2").exists()
