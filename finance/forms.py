"""Forms of the finance pages: the filters of the totals, a pledge, a status move and a due
date of the reporting calendar. Forms parse and present; the rules are in finance.pledges and
finance.reporting, whose refusals the views put back on the fields."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import PledgeStatus
from finance.reporting import partners
from languages.forms import TextsField
from participants.models import Country

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class PledgeKind:
    MONEY = "money"
    TARGET = "target"


class PledgeForm(forms.Form):
    """A pledge as its partner states it. ``kind`` says which half counts: an amount in a
    currency, or a quantity of one of the plan's targets; the other half is not kept."""

    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    statement = TextsField(
        label=_("What is pledged"),
        required_languages=("en",),
        max_length=300,
        help_text=_("In English, and in any other language the partner stated it in."),
    )
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), initial=PledgeStatus.PLEDGED)
    kind = forms.ChoiceField(
        label=_("Kind of pledge"),
        widget=forms.RadioSelect,
        choices=[
            (PledgeKind.MONEY, _("Money: an amount in a currency")),
            (PledgeKind.TARGET, _("A contribution to one of the plan's targets")),
        ],
    )
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=20, decimal_places=2)
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("ISO 4217 code, e.g. USD, CNY, KES."),
    )
    target = forms.ModelChoiceField(label=_("Target"), queryset=None, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity pledged"),
        required=False,
        max_digits=18,
        decimal_places=2,
        help_text=_("In the target's unit, e.g. 200 digital talents."),
    )
    pillar = forms.ModelChoiceField(label=_("Pillar"), queryset=None, required=False)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Where the pledge is delivered; several may be chosen."),
    )
    activities = forms.CharField(
        label=_("Activities that deliver it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "IATI identifiers of the partner's activities, one per line (or separated by "
            "commas). Their approved records (trainees, projects, disbursements) measure what "
            "is delivered."
        ),
    )

    def __init__(self, *args, plan, organisations, creating: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:  # a focal point of one partner: nothing to choose
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].empty_label = None
        self.fields["target"].queryset = plan.targets.order_by("order", "pk")
        self.fields["pillar"].queryset = plan.pillars.order_by("order", "pk")
        self.fields["countries"].label_from_instance = lambda c: c.localized_name
        if creating:
            # Recorded once made, so never dropped already; later moves have their own form.
            self.fields["status"].choices = [
                (s.value, s.label) for s in PledgeStatus if s != PledgeStatus.DROPPED
            ]
        else:
            del self.fields["status"]

    @classmethod
    def initial_from(cls, pledge) -> dict:
        return {
            "organisation": pledge.organisation_id,
            "statement": pledge.texts("statement"),
            "pledged_on": pledge.pledged_on,
            "kind": PledgeKind.MONEY if pledge.is_money else PledgeKind.TARGET,
            "amount": pledge.amount,
            "currency": pledge.currency,
            "target": pledge.target_id,
            "quantity": pledge.quantity,
            "pillar": pledge.pillar_id,
            "countries": list(pledge.countries.all()),
            "activities": "\n".join(
                pledge.activities.order_by("iati_identifier").values_list(
                    "iati_identifier", flat=True
                )
            ),
        }

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PledgeKind.MONEY:
            cleaned["target"], cleaned["quantity"] = None, None
            if cleaned.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", _("Give the amount pledged."))
            if not cleaned.get("currency") and "currency" not in self.errors:
                self.add_error("currency", _("Give the currency of the amount."))
        elif cleaned.get("kind") == PledgeKind.TARGET:
            cleaned["amount"], cleaned["currency"] = None, ""
            if cleaned.get("target") is None and "target" not in self.errors:
                self.add_error("target", _("Choose the target the pledge contributes to."))
            if cleaned.get("quantity") is None and "quantity" not in self.errors:
                self.add_error("quantity", _("Say how much of the target is pledged."))
        return cleaned

    def pledge_data(self) -> dict:
        """What finance.pledges takes (record_pledge, update_pledge, problems): as much as
        the form could read."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "kind"}
        typed = data.get("activities") or ""
        data["activities"] = [i for i in re.split(r"[\s,;]+", typed) if i]
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))

    def __init__(self, *args, statuses: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, PledgeStatus(s).label) for s in statuses]


class DeadlineForm(forms.Form):
    label = TextsField(
        label=_("Period"),
        required_languages=("en",),
        max_length=100,
        help_text=_("How partners name the period, e.g. 2026 Q1."),
    )
    period_start = forms.DateField(label=_("Period starts on"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    @classmethod
    def initial_from(cls, deadline) -> dict:
        return {
            "label": deadline.texts("label"),
            "period_start": deadline.period_start,
            "due_on": deadline.due_on,
        }


class QuartersForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=lambda: dt.date.today().year
    )
