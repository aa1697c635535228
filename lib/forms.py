"""What every form page needs from a refused form: a summary of its errors that links to each
field, since the page reloads at its top while the field in error may be far below it."""

from __future__ import annotations

from django import forms


def anchor(bound: forms.BoundField) -> str:
    """The id of the element a link to ``bound`` should focus: its input, or its first box (of
    a group of boxes, or of a field typed in several inputs such as a text per language)."""
    grouped = forms.CheckboxSelectMultiple | forms.RadioSelect | forms.MultiWidget
    if isinstance(bound.field.widget, grouped):
        return f"{bound.auto_id}_0"
    return bound.auto_id


def error_summary(form: forms.BaseForm) -> list[dict[str, str]]:
    """The form's errors in page order: the form's own first (no link), then each field's with
    its label and the id to jump to (``templates/includes/error_summary.html`` shows them).

    Each field in error is also marked ``aria-invalid``, so a screen reader says so on it."""
    if not form.is_bound:
        return []
    found = [{"target": "", "label": "", "message": str(m)} for m in form.non_field_errors()]
    for bound in form:
        if bound.is_hidden:
            continue
        if bound.errors:
            bound.field.widget.attrs["aria-invalid"] = "true"
        for message in bound.errors:
            found.append(
                {"target": anchor(bound), "label": str(bound.label), "message": str(message)}
            )
    return found
