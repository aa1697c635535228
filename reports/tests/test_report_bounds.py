"""The report stays a bounded length at any scale: the annex and the demonstration projects
list at most a fixed number of activities and say how many more there are; the targets still
count them all."""

from __future__ import annotations

import datetime as dt

import pytest

from digicoop.testing import make_activity
from reports import content
from reports.services import render_html, resolve

pytestmark = pytest.mark.django_db


def _pilots(personas, n: int) -> None:
    for i in range(n):
        make_activity(
            personas,
            state="approved",
            kind="demonstration",
            status=2,  # implementation: counts toward the target
            title=f"Smart city pilot {i}",
            identifier=f"XM-PILOT-{i}",
            actual_start=dt.date(2025, 1, 10 + i),
        )


def test_demonstration_projects_beyond_the_limit_are_counted_but_not_described(
    personas, monkeypatch
):
    monkeypatch.setattr(content, "DEMONSTRATION_LIMIT", 2)
    _pilots(personas, 3)

    report = content.gather(resolve())

    assert [a.iati_identifier for a in report.demonstration_projects] == [
        "XM-PILOT-0",
        "XM-PILOT-1",
    ]
    assert report.demonstration_more == 1
    target = next(
        line for line in report.lines if line.progress.target.metric == "demonstration_projects"
    )
    assert target.progress.value == 3  # the target counts every one
    html = render_html(resolve())
    assert "and 1 more demonstration project, listed in the open-data download" in html


def test_the_annex_beyond_its_limit_says_how_many_more_activities_there_are(personas, monkeypatch):
    monkeypatch.setattr(content, "ANNEX_LIMIT", 2)
    _pilots(personas, 3)

    report = content.gather(resolve())

    assert [a.iati_identifier for a in report.annex] == ["XM-PILOT-0", "XM-PILOT-1"]
    assert report.annex_more == 1
    assert "and 1 more activity, listed in the open-data download" in render_html(resolve())


def test_a_report_within_the_limits_says_nothing_more(personas):
    _pilots(personas, 3)

    report = content.gather(resolve())

    assert len(report.demonstration_projects) == 3 and report.demonstration_more == 0
    assert len(report.annex) == 3 and report.annex_more == 0
    assert "more demonstration project" not in render_html(resolve())


def test_a_pillars_key_activities_are_the_latest_started_with_undated_ones_last(
    personas, monkeypatch
):
    # PostgreSQL sorts NULL first in a descending order: undated activities came first there.
    monkeypatch.setattr(content, "KEY_ACTIVITIES", 2)
    make_activity(personas, state="approved", identifier="XM-UNDATED", title="Undated")
    for day in (1, 20, 10):
        make_activity(
            personas,
            state="approved",
            identifier=f"XM-STARTED-{day}",
            actual_start=dt.date(2025, 3, day),
        )

    report = content.gather(resolve())

    pillar = next(section for section in report.pillars if section.count)
    assert [a.iati_identifier for a in pillar.key_activities] == ["XM-STARTED-20", "XM-STARTED-10"]
