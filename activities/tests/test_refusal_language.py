"""A refusal names what was refused in a whole sentence of the reader's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from activities.permissions import _refusal, authorise
from activities.states import Action
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("language", ["fr", "zh-hans", "ar", "pt"])
def test_every_actions_refusal_is_translated_whole(personas, action, language):
    english = _refusal(personas.kenyan_focal_point, action)
    assert english == f"Your role does not allow you to {action.value} this activity."
    with translation.override(language):
        translated = _refusal(personas.kenyan_focal_point, action)
    assert translated != english and f" {action.value} " not in translated


def test_a_focal_point_asking_to_approve_is_refused_in_french(personas):
    activity = make_activity(personas, state="submitted")
    with translation.override("fr"), pytest.raises(PermissionDenied) as refused:
        authorise(personas.kenyan_focal_point, Action.APPROVE, activity)
    assert str(refused.value) == "Votre rôle ne vous permet pas d'approuver cette activité."
