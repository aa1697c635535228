"""The one shape of bad input: where it is, the value, why; and the write door's collector."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lib.problems import Problem, Problems


def test_a_cell_of_a_sheet_names_its_row_column_value_and_what_was_expected():
    problem = Problem("expected a date written YYYY-MM-DD", "planned_end", "2024-13-01", row=3)
    assert str(problem) == (
        "row 3, column planned_end: '2024-13-01': expected a date written YYYY-MM-DD"
    )


def test_an_empty_value_is_not_shown():
    assert str(Problem("expected a title", "title", "", row=2)) == (
        "row 2, column title: expected a title"
    )
    assert str(Problem("expected the header row", value="a, b", row=1)) == (
        "row 1: 'a, b': expected the header row"
    )
    assert str(Problem("expected the header row", row=1)) == "row 1: expected the header row"


def test_a_line_of_a_file_read_as_text_is_called_a_line():
    problem = Problem("unknown country", "country", "Atlantis", line=4)
    assert str(problem) == "line 4, column country: 'Atlantis': unknown country"
    assert str(Problem("is required", "name", line=4)) == "line 4, column name: is required"
    assert str(Problem("too long", value="x" * 3, line=2)) == "line 2: 'xxx': too long"
    assert str(Problem("cannot be read", line=2)) == "line 2: cannot be read"


def test_a_problem_in_an_iati_file_names_the_file_its_line_and_the_activity():
    problem = Problem("budget/value is 'lots'; expected a number", file="a.xml", line=12)
    assert str(problem.at(activity="XM-1")) == (
        "a.xml:12: activity XM-1: budget/value is 'lots'; expected a number"
    )
    assert str(Problem("no title.", file="a.xml", activity="XM-1")) == (
        "a.xml: activity XM-1: no title."
    )


def test_a_problem_of_the_file_as_a_whole_says_so():
    assert str(Problem("the file is empty.", file="a.xml", line=1)) == (
        "a.xml:1: file: the file is empty."
    )
    assert str(Problem("cannot read the file.", file="a.xml")) == (
        "a.xml: file: cannot read the file."
    )


def test_a_place_inside_a_named_file_follows_the_file_name():
    problem = Problem("expected a title", "title", row=2, file="acts.csv")
    assert str(problem) == "acts.csv: row 2, column title: expected a title"


def test_a_field_path_without_a_row_is_named_as_a_field():
    assert str(Problem("Unknown field.", "budgets[0].colour")) == (
        "budgets[0].colour: Unknown field."
    )
    assert str(Problem("is not a number", "budgets[0].value", "ten")) == (
        "budgets[0].value: 'ten': is not a number"
    )
    assert str(Problem("is not a number", value="ten")) == "'ten': is not a number"
    assert str(Problem("Something is off as a whole.")) == "Something is off as a whole."


@pytest.mark.parametrize(
    ("language", "cell", "activity"),
    [
        (
            "fr",
            "ligne 3, colonne title : 'x' : trop court",
            "a.xml:12 : activité XM-1 : trop court",
        ),
        ("zh-hans", "第 3 行，title 列：'x'：trop court", "a.xml:12：活动 XM-1：trop court"),
        ("ar", "الصف 3، العمود title: 'x': trop court", "a.xml:12: النشاط XM-1: trop court"),
        ("pt", "linha 3, coluna title: 'x': trop court", "a.xml:12: atividade XM-1: trop court"),
    ],
)
def test_where_a_problem_is_reads_in_the_readers_language(language, cell, activity):
    with translation.override(language):
        assert str(Problem("trop court", "title", "x", row=3)) == cell
        assert str(Problem("trop court", file="a.xml", line=12, activity="XM-1")) == activity


def test_placing_a_problem_further_keeps_what_it_said_and_where_it_was():
    found = Problem("expected yes or no", "consent_given", "maybe")
    placed = found.at(line=7)
    assert (placed.message, placed.field, placed.value, placed.line) == (
        "expected yes or no",
        "consent_given",
        "maybe",
        7,
    )
    assert placed.at(file="sheet.csv").line == 7
    assert found.line is None  # the problem found stays as it was


def test_a_problem_cannot_be_changed_once_found():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Problem("x").message = "y"  # type: ignore[misc]


def test_a_problem_crosses_to_another_process_unchanged():
    # IATI reader processes send their problems to the importing process through a queue.
    problem = Problem("no title.", file="a.xml", line=3, activity="XM-1")
    assert pickle.loads(pickle.dumps(problem)) == problem  # noqa: S301 - our own bytes


def test_problems_are_raised_as_one_validation_error_keyed_by_field_path():
    problems = Problems()
    problems.add("budgets[1].value", "Ensure this value is greater than or equal to 0.")
    problems.add("", "Say which version of the activity you changed.")
    problems.add("budgets[1].value", ["Too many digits.", "Not a round figure."])
    with pytest.raises(ValidationError) as raised:
        problems.raise_if_any()
    assert raised.value.message_dict == {
        "budgets[1].value": [
            "Ensure this value is greater than or equal to 0.",
            "Too many digits.",
            "Not a round figure.",
        ],
        "__all__": ["Say which version of the activity you changed."],
    }


def test_no_problem_raises_nothing():
    Problems().raise_if_any()
    assert Problems().message_dict() == {}


def test_a_validation_error_reads_back_as_problems_under_the_part_it_was_raised_for():
    exc = ValidationError({"value": ["Too big."], "__all__": ["Ends before it starts."]})
    problems = Problems.from_validation_error(exc, "budgets[0]")
    assert problems == [
        Problem("Too big.", "budgets[0].value"),
        Problem("Ends before it starts.", "budgets[0]"),
    ]
    assert Problems.from_validation_error(exc) == [
        Problem("Too big.", "value"),
        Problem("Ends before it starts.", ""),
    ]


def test_a_validation_error_of_no_field_belongs_to_its_part():
    exc = ValidationError(["Give both latitude and longitude, or neither.", "And a name."])
    assert Problems.from_validation_error(exc, "locations[2]") == [
        Problem("Give both latitude and longitude, or neither.", "locations[2]"),
        Problem("And a name.", "locations[2]"),
    ]


def test_absorbing_adds_to_what_was_found_before():
    problems = Problems([Problem("Unknown field.", "budgets[0].colour")])
    problems.absorb(ValidationError({"value": ["Too big."]}), "budgets[0]")
    assert [p.field for p in problems] == ["budgets[0].colour", "budgets[0].value"]


def test_a_round_trip_through_django_keeps_every_field_and_message():
    problems = Problems()
    problems.add("title", "A title is required.")
    problems.add("", "The activity is not valid.")
    problems.add("budgets[0].value", "Too big.")
    with pytest.raises(ValidationError) as raised:
        problems.raise_if_any()
    assert sorted(Problems.from_validation_error(raised.value), key=str) == sorted(
        problems, key=str
    )
