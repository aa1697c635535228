"""The list page's filter form; it yields the same ActivityFilters the API builds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.codes import ActivityStatus, WorkflowState
from activities.queries import ActivityFilters
from participants.models import Country, Organisation
from plans.models import ActivityKind, Pillar, Plan, Sector, Technology


def _blank(choices) -> list:
    return [("", _("Any")), *choices]


class ActivityFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"), max_length=200)
    plan = forms.ModelChoiceField(Plan.objects.all(), required=False, to_field_name="slug")
    pillar = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False)
    status = forms.TypedChoiceField(
        choices=_blank(ActivityStatus.choices), coerce=int, required=False, empty_value=None
    )
    workflow_state = forms.ChoiceField(
        choices=_blank(WorkflowState.choices), required=False, label=_("Review state")
    )
    country = forms.ModelChoiceField(
        Country.objects.all(),  # any country: IATI data reaches beyond the AU and China
        required=False,
        to_field_name="code",
        label=_("Recipient country"),
    )
    region = forms.CharField(required=False, max_length=20, label=_("Recipient region code"))
    sector = forms.ChoiceField(required=False)
    technology = forms.ChoiceField(required=False)
    organisation = forms.ModelChoiceField(Organisation.objects.all(), required=False)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Codes repeat across plans; offer each code once.
        for name, model in (
            ("pillar", Pillar),
            ("kind", ActivityKind),
            ("sector", Sector),
            ("technology", Technology),
        ):
            pairs = dict(model.objects.order_by("name").values_list("code", "name"))
            self.fields[name].choices = _blank(sorted(pairs.items(), key=lambda kv: kv[1]))

    def filters(self) -> ActivityFilters:
        if not self.is_bound or not self.is_valid():
            return ActivityFilters()
        d = dict(self.cleaned_data)
        d["plan"] = d["plan"].slug if d["plan"] else None
        d["country"] = d["country"].code if d["country"] else None
        d["organisation"] = d["organisation"].pk if d["organisation"] else None
        return ActivityFilters.from_mapping(d)
