"""The form that turns a training activity into a programme of the registry."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Country, Organisation
from talent.models import Programme


class ProgrammeForm(forms.ModelForm):
    skills_text = forms.CharField(
        label=_("Skills covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, e.g. cloud administration."),
    )

    class Meta:
        model = Programme
        fields = ["mode", "hours", "providers", "host_countries"]
        widgets = {
            "providers": forms.SelectMultiple(attrs={"size": 8}),
            "host_countries": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "providers": _("The organisations that train and enrol trainees (at least one)."),
            "host_countries": _("Where the training takes place."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = Organisation.objects.order_by("name")
        self.fields["host_countries"].queryset = Country.objects.order_by("name")
        self.fields["skills_text"].initial = "\n".join(self.instance.skills or [])

    def save(self, commit: bool = True) -> Programme:
        lines = self.cleaned_data.get("skills_text", "").splitlines()
        self.instance.skills = list(dict.fromkeys(s.strip() for s in lines if s.strip()))
        return super().save(commit)
