"""Bad input reaches an API client as the documented ErrorOut items, from one mapping."""

from __future__ import annotations

from api.errors import problem_out
from lib.problems import Problem


def test_a_problem_is_answered_with_its_field_path_and_message_only():
    problem = Problem("Ensure this value is at most 100.", "budgets[0].value", "250", row=3)
    assert problem_out(problem) == {
        "field": "budgets[0].value",
        "message": "Ensure this value is at most 100.",
    }


def test_a_problem_of_the_whole_request_is_answered_under_all():
    assert problem_out(Problem("The data is not valid.")) == {
        "field": "__all__",
        "message": "The data is not valid.",
    }
