"""The Africa map draws every AU member state from the shapes the pinned package ships."""

from __future__ import annotations

import csv
import re

import pytest

from portal.africa_map import MapArea, africa_svg, levels, path_points, world_shapes


def au_members(shared_data) -> list[dict]:
    with open(shared_data / "frameworks/au-member-states.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_au_member_state_has_a_shape(shared_data):
    members = au_members(shared_data)
    assert len(members) == 55
    shapes = world_shapes()
    missing = [m["name"] for m in members if m["iso2"] not in shapes]
    assert missing == []


def test_each_member_is_drawn_and_linked_and_small_islands_get_a_dot(shared_data):
    members = au_members(shared_data)
    areas = [MapArea(m["iso2"], m["name"], f"/countries/{m['iso2']}/", 1, "1", 1) for m in members]
    svg = africa_svg(areas, "test")
    drawn = set(re.findall(r'data-country="([A-Z]{2})"', svg))
    assert drawn == {m["iso2"] for m in members}
    for code in ("KM", "MU", "SC"):  # too small to click at this scale
        block = svg.split(f'data-country="{code}"')[1].split("</a>")[0]
        assert 'class="island"' in block
    assert 'href="/countries/KE/"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_relative_and_absolute_path_commands_give_absolute_points():
    assert path_points("m 10 10 l 5 0 h 5 v 5 z") == [(10, 10), (15, 10), (20, 10), (20, 15)]
    assert path_points("M 1 2 L 3 4")[-1] == (3, 4)
    assert path_points("m 0 0 1 1 1 1") == [(0, 0), (1, 1), (2, 2)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"A": 0, "B": 0}, {"A": 0, "B": 0}),
        ({"A": 0, "B": 10, "C": 1, "D": 5}, {"A": 0, "B": 5, "C": 1, "D": 3}),
    ],
)
def test_colour_classes_step_equally_up_to_the_highest_value(values, expected):
    assert levels(values) == expected


@pytest.mark.parametrize(
    ("code", "latitude", "longitude"),
    [("KE", -1.29, 36.82), ("ZA", -25.75, 28.19), ("SN", 14.72, -17.47), ("EG", 30.04, 31.24)],
)
def test_a_capital_projects_inside_its_country(code, latitude, longitude):
    from portal.africa_map import project

    x, y = project(latitude, longitude)
    x0, y0, x1, y1 = world_shapes()[code].box
    assert x0 - 2 <= x <= x1 + 2 and y0 - 2 <= y <= y1 + 2
