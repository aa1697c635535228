"""Charts drawn on the server: the picture, its text alternative and its download agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from lib.charts import Chart, Row, bar_svg, line_svg


def test_the_text_alternative_names_the_highest_row_and_every_row():
    chart = Chart("c", "Activities by status", "Activities", [Row("A", 3, "3"), Row("B", 7, "7")])
    assert chart.summary == "Activities by status. Highest: B (7). A: 3; B: 7."


def test_a_chart_without_values_draws_nothing_and_says_there_is_no_data():
    chart = Chart("c", "Activities by status", "Activities", [Row("A", 0, "0")])
    assert chart.empty and chart.svg == ""
    assert chart.summary == "Activities by status: no data yet."


def test_a_hidden_count_is_downloaded_as_shown_never_as_the_count():
    chart = Chart("c", "Talents", "Talents", [Row("KE", 3, "<5", exact=False), Row("NG", 12, "12")])
    assert chart.csv_rows() == [["Label", "Talents"], ["KE", "<5"], ["NG", "12"]]


def test_each_bar_links_to_its_records_and_labels_are_escaped():
    svg = bar_svg([Row("R&D <labs>", 2, "2", href="/activities/?kind=rd")], "Kinds")
    assert '<a href="/activities/?kind=rd">' in svg
    assert "R&amp;D &lt;labs&gt;" in svg and "<labs>" not in svg


@dataclass(frozen=True)
class Point:
    month: dt.date
    value: Decimal
    expected: Decimal | None


def test_a_history_draws_the_figure_and_the_linear_expectation_only_when_there_is_one():
    points = [
        Point(dt.date(2024, 7, 1), Decimal(0), Decimal(0)),
        Point(dt.date(2024, 8, 1), Decimal(2), Decimal(1)),
    ]
    assert line_svg([], "History") == ""
    assert line_svg(points, "History").count("<polyline") == 2
    unexpected = [Point(p.month, p.value, None) for p in points]
    assert line_svg(unexpected, "History").count("<polyline") == 1
