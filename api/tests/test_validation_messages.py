"""A malformed API request is refused in the reader's language (api.validation_messages)."""

from __future__ import annotations

import pytest
from django.utils import translation
from pydantic_core._pydantic_core import list_all_errors

from accounts.tokens import create_token
from api.validation_messages import COUNTED, SENTENCES, message

LANGUAGES = ("fr", "zh-hans", "ar", "pt")
# Sample values for the placeholders pydantic fills in.
CTX = {
    "gt": 0, "ge": 0, "lt": 100, "le": 100, "multiple_of": 5, "pattern": "^[A-Z]{2}$",
    "expected_schemes": "'http' or 'https'", "expected": "'draft' or 'approved'",
    "min_length": 2, "max_length": 2, "max_digits": 2, "decimal_places": 2,
}  # fmt: skip


def test_every_type_written_again_is_one_pydantic_raises():
    known = {e["type"] for e in list_all_errors()}
    assert set(SENTENCES) | set(COUNTED) <= known


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    untranslated = []
    for kind in [*SENTENCES, *COUNTED]:
        error = {"type": kind, "msg": "pydantic's English", "ctx": CTX}
        with translation.override("en"):
            english = message(error)
        with translation.override(language):
            if message(error) == english:
                untranslated.append(kind)
    assert not untranslated


def test_an_unknown_type_keeps_pydantics_own_message():
    assert message({"type": "no_such_type", "msg": "Something odd"}) == "Something odd"


@pytest.mark.django_db
def test_a_malformed_activity_is_refused_field_by_field_in_french(client, personas):
    _t, clear = create_token(personas.kenyan_focal_point, "tests")
    answer = client.post(
        "/api/v1/activities/",
        {"plan": personas.plan.slug, "reporting_org": "Kenya", "iati_identifier": "X" * 201},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert answer.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert errors["reporting_org"] == "Indiquez un nombre entier."
    assert errors["iati_identifier"] == "Indiquez au plus 200 caractères."
    assert errors["title"] == "Ce champ est obligatoire."


@pytest.mark.django_db
def test_a_choice_refused_lists_the_choices_without_an_english_or(client, personas):
    with translation.override("pt"):
        text = message({"type": "literal_error", "ctx": {"expected": "'a', 'b' or 'c'"}})
    assert text == "Indique um de: 'a', 'b', 'c'."
