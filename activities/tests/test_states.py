"""A move refused by the workflow says why in one whole sentence per case (activities.states)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from activities.codes import WorkflowState
from activities.states import REFUSALS, Action, WrongState, check_state, state_allows


def refused_pairs() -> list[tuple[Action, str]]:
    return [
        (action, state)
        for action in Action
        for state in WorkflowState.values
        if not state_allows(action, state)
    ]


def refusal(action: Action, state: str) -> str:
    with pytest.raises(WrongState) as refused:
        check_state(action, SimpleNamespace(workflow_state=state))
    return str(refused.value)


def test_every_refused_action_and_state_has_its_own_sentence():
    assert sorted(REFUSALS) == sorted(refused_pairs())
    assert len(set(REFUSALS.values())) == len(REFUSALS)


@pytest.mark.parametrize(
    ("action", "state", "french"),
    [
        (
            Action.APPROVE,
            "draft",
            "Cette activité est encore un brouillon : elle doit être soumise avant de pouvoir "
            "être approuvée.",
        ),
        (
            Action.ARCHIVE,
            "submitted",
            "Cette activité attend sa vérification : seule une activité approuvée peut être "
            "archivée.",
        ),
        (
            Action.SUBMIT,
            "approved",
            "Cette activité est déjà approuvée : elle ne peut pas être soumise.",
        ),
        (
            Action.APPROVE,
            "returned",
            "Cette activité a été renvoyée pour correction : elle doit être soumise à nouveau "
            "avant de pouvoir être approuvée.",
        ),
        (Action.EDIT, "archived", "Cette activité est archivée : elle ne peut plus être modifiée."),
    ],
)
def test_a_refusal_in_each_state_is_a_french_sentence_whose_words_agree(action, state, french):
    with translation.override("fr"):
        assert refusal(action, state) == french


@pytest.mark.parametrize("language", ["fr", "zh-hans", "ar", "pt"])
def test_every_refusal_is_translated(language):
    untranslated = []
    for action, state in refused_pairs():
        english = refusal(action, state)
        with translation.override(language):
            if refusal(action, state) == english:
                untranslated.append((action.value, state))
    assert not untranslated


def test_the_refusal_is_raised_only_in_a_state_that_refuses():
    check_state(Action.APPROVE, SimpleNamespace(workflow_state="submitted"))  # no exception
    assert refusal(Action.APPROVE, "approved") == "This activity is already approved."
