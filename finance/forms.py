from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.reporting import partners


class FinanceFilterForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    country = forms.CharField(
        label=_("Country (ISO code)"), required=False, min_length=2, max_length=2
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, required=False, empty_label=_("All partners")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [("", _("All pillars"))] + [
            (p.code, p.name) for p in plan.pillars.all()
        ]
        self.fields["organisation"].queryset = partners(plan)

    def clean_country(self) -> str:
        return self.cleaned_data["country"].upper()
