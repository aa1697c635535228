from __future__ import annotations

import pytest

from talent.counting import Cell, breakdown, public_breakdown, suppress
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def _ages(personas, ages):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    for n, age in enumerate(ages):
        enrol_row(
            programme, personas.kenyan_ministry, email=f"t{n}@example.org", birth_year=2025 - age
        )


@pytest.mark.parametrize(
    ("age", "band"), [(14, "not_youth"), (15, "youth"), (35, "youth"), (36, "not_youth")]
)
def test_youth_is_age_15_to_35_at_enrolment_both_included(personas, age, band):
    _ages(personas, [age])
    assert [(c.key, c.count) for c in breakdown(personas.plan, "youth")] == [(band, 1)]


def test_a_talent_is_classified_by_age_at_the_earliest_counted_enrolment(personas):
    first = make_programme(personas.plan, personas.kenyan_ministry)
    later = make_programme(personas.plan, personas.kenyan_ministry)
    enrol_row(first, personas.kenyan_ministry, birth_year=1990, enrolled_on="2025-01-02")
    enrol_row(
        later,
        personas.kenyan_ministry,
        birth_year=1990,
        enrolled_on="2026-01-02",
        completed_on="2026-02-01",
        consent_on="2026-01-02",
    )
    assert [(c.key, c.count) for c in breakdown(personas.plan, "youth")] == [("youth", 1)]


def test_small_cells_are_shown_as_under_five_and_never_carry_their_value(personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    countries = ["KE"] * 6 + ["NG"] * 7 + ["GH"] * 2 + ["ZA"] * 3
    for n, country in enumerate(countries):
        enrol_row(programme, personas.kenyan_ministry, email=f"t{n}@example.org", country=country)
    cells = {c.key: c for c in public_breakdown(personas.plan, "country")}
    assert {k: c.shown for k, c in cells.items()} == {"KE": "6", "NG": "7", "GH": "<5", "ZA": "<5"}
    assert cells["GH"].count == 0 and cells["ZA"].count == 0


def test_with_two_cells_one_small_cell_hides_the_other_too(personas):
    _ages(personas, [20] * 6 + [40] * 2)
    assert {c.key: c.shown for c in public_breakdown(personas.plan, "youth")} == {
        "youth": "x",
        "not_youth": "<5",
    }


def test_a_lone_suppressed_cell_takes_the_next_smallest_along():
    cells = [Cell("a", "A", 30), Cell("b", "B", 7), Cell("c", "C", 2)]
    shown = {c.key: c.shown for c in suppress(cells, partition=True)}
    assert shown == {"a": "30", "b": "x", "c": "<5"}
    assert {c.key: c.shown for c in suppress(cells, partition=False)}["b"] == "7"


@pytest.mark.parametrize(
    "dimension", ["sex", "country", "au_region", "programme", "provider_type", "pillar"]
)
def test_every_dimension_counts_distinct_talents(personas, dimension):
    _ages(personas, [20, 30, 40])
    # One of the three completes a second programme: still one talent in every cell.
    again = make_programme(personas.plan, personas.kenyan_ministry)
    enrol_row(again, personas.kenyan_ministry, email="t0@example.org", birth_year=2005)
    cells = breakdown(personas.plan, dimension)
    # By programme the talent is in two cells, once in each; everywhere else in one.
    assert sum(c.count for c in cells) == (4 if dimension == "programme" else 3)
    assert all(c.label for c in cells)


def test_the_au_region_comes_from_the_country(personas):
    _ages(personas, [20])
    assert [c.label for c in breakdown(personas.plan, "au_region")] == ["Eastern Africa"]


def test_an_unknown_dimension_is_refused(personas):
    with pytest.raises(ValueError, match="unknown dimension"):
        breakdown(personas.plan, "religion")
