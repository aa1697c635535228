"""Bad input reaches an API client as the documented ErrorOut items, from one mapping."""

from __future__ import annotations

import pytest

from accounts.tokens import create_token
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


@pytest.mark.django_db
def test_the_write_doors_refusal_reaches_the_client_in_its_language(client, personas):
    _t, clear = create_token(personas.kenyan_focal_point, "tests")
    body = {
        "plan": personas.plan.slug,
        "reporting_org": personas.kenyan_ministry.pk,
        "iati_identifier": "XM-KE-API-FR",
        "title": {"fr": "Projet pilote"},
        "kind": "nonsense",
    }
    response = client.post(
        "/api/v1/activities/",
        body,
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "kind", "message": "'nonsense' n'est pas un type d'activité de ce plan."}
    ]
