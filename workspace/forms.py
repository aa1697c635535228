"""Forms of the workspace: applying to join, deciding an application, notification choices."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participants.models import Country, OrganisationType
from plans.models import Pillar
from workspace.models import NotificationKind

STATEMENT_MAX = 2000


def name_field(code: str) -> str:
    """The form field holding the organisation's name in language ``code`` (zh-hans →
    name_zh_hans)."""
    return "name_" + code.replace("-", "_")


class JoinForm(forms.Form):
    """An organisation's application. The name is asked once per interface language (each
    optional, at least one given); ``nickname`` is a honeypot that people never see."""

    type = forms.ChoiceField(label=_("Type of organisation"), choices=OrganisationType.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), to_field_name="code"
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pillars of interest"),
        queryset=Pillar.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    statement = forms.CharField(
        label=_("Why your organisation wants to join"),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A short statement: what you do and what you would contribute."),
    )
    # Hidden from people by the style sheet; bots that fill every field give themselves away.
    nickname = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pillars"].queryset = plan.pillars.order_by("order", "pk")
        names = {}
        for code, language in settings.LANGUAGES:
            names[name_field(code)] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language},
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"lang": code}),
            )
        # The names come first, as on paper: who applies, then the rest.
        self.fields = {**names, **self.fields}
        self.fields["country"].label_from_instance = lambda c: c.localized_name
        self.name_fields = list(names)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("nickname"))

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name, "").strip() for name in self.name_fields):
            self.add_error(
                self.name_fields[0], _("Give the organisation's name in at least one language.")
            )
        return cleaned

    def application_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["names"] = {
            code: data.pop(name_field(code)).strip() for code, _language in settings.LANGUAGES
        }
        return data


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to reject; sent to the applicant."),
    )


class PreferencesForm(forms.Form):
    """One box per kind of notification: ticked means wanted."""

    def __init__(self, *args, muted: set[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for value, label in NotificationKind.choices:
            self.fields[value] = forms.BooleanField(
                label=label, required=False, initial=value not in muted
            )

    def muted(self) -> set[str]:
        return {kind for kind, wanted in self.cleaned_data.items() if not wanted}
