from __future__ import annotations

from django import forms

from lib.forms import error_summary


class _Form(forms.Form):
    name = forms.CharField(label="Name")
    period = forms.SplitDateTimeField(label="Period")
    colours = forms.MultipleChoiceField(
        label="Colours", choices=[("r", "red")], widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Something is off as a whole.")


def test_an_unbound_form_has_nothing_to_summarise():
    assert error_summary(_Form()) == []


def test_the_summary_links_each_error_to_its_field_and_the_first_box_of_a_group():
    found = error_summary(_Form(data={}))
    assert found[0] == {"target": "", "label": "", "message": "Something is off as a whole."}
    assert {"target": "id_name", "label": "Name", "message": "This field is required."} in found
    assert {
        "target": "id_colours_0",
        "label": "Colours",
        "message": "This field is required.",
    } in found


def test_a_field_typed_in_several_inputs_is_linked_to_its_first_input():
    form = _Form(data={})
    found = error_summary(form)
    assert {
        "target": "id_period_0",
        "label": "Period",
        "message": "This field is required.",
    } in found
    assert 'id="id_period_0"' in str(form["period"])


def test_the_fields_in_error_are_marked_invalid_for_screen_readers():
    form = _Form(data={"name": "Amina"})
    error_summary(form)
    assert 'aria-invalid="true"' in str(form["colours"])
    assert "aria-invalid" not in str(form["name"])
