"""Helpers to post the activity form as a browser would."""

from __future__ import annotations

from activities.forms import ActivityEditor
from participants.models import Organisation


def form_data(plan, activity=None, **changes) -> dict:
    """Every field of the activity form as the page would post it, then ``changes``."""
    editor = ActivityEditor(plan=plan, organisations=Organisation.objects.all(), activity=activity)
    data: dict = {}
    forms = [editor.form]
    for formset in editor.formsets.values():
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or bound.name == "file":
                continue
            data[bound.html_name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
