"""The page form that adds one result with one indicator and up to two reporting periods.

Each period takes its overall figures and, optionally, the actual value split by sex, for the
African Youth Charter's 15–35 age group, and for one country. Larger frameworks come through
the API (PUT /api/v1/activities/{id}/results) which takes any shape.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from activities.codes import ResultType
from activities.forms import DATE

PERIODS = (1, 2)


class ResultForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    type = forms.TypedChoiceField(choices=ResultType.choices, coerce=int, label=_("Result type"))
    title = forms.CharField(max_length=300, label=_("Result"))
    indicator = forms.CharField(max_length=300, label=_("Indicator"))
    standard_indicator = forms.ChoiceField(
        required=False,
        label=_("Reports against the plan's standard indicator"),
        help_text=_("Its figures then add up across the plan."),
    )
    unit = forms.CharField(max_length=60, required=False)
    baseline_year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    baseline_value = forms.DecimalField(required=False, max_digits=20, decimal_places=4)

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard_indicator"].choices = [
            ("", _("None")),
            *((s.code, str(s)) for s in plan.standard_indicators.all()),
        ]
        figure = {"required": False, "max_digits": 20, "decimal_places": 4, "min_value": 0}
        for n in PERIODS:
            required = n == 1
            self.fields[f"p{n}_start"] = forms.DateField(
                required=required, widget=DATE, label=_("Period %(number)s starts") % {"number": n}
            )
            self.fields[f"p{n}_end"] = forms.DateField(
                required=required, widget=DATE, label=_("Period %(number)s ends") % {"number": n}
            )
            self.fields[f"p{n}_target"] = forms.DecimalField(label=_("Target"), **figure)
            self.fields[f"p{n}_actual"] = forms.DecimalField(label=_("Actual"), **figure)
            self.fields[f"p{n}_female"] = forms.DecimalField(label=_("of whom women"), **figure)
            self.fields[f"p{n}_male"] = forms.DecimalField(label=_("of whom men"), **figure)
            self.fields[f"p{n}_youth"] = forms.DecimalField(label=_("of whom aged 15–35"), **figure)
            self.fields[f"p{n}_country"] = forms.CharField(
                required=False, max_length=2, label=_("Country (ISO code)")
            )
            self.fields[f"p{n}_country_actual"] = forms.DecimalField(
                label=_("Actual in that country"), **figure
            )

    def result(self) -> dict:
        d = self.cleaned_data
        periods = []
        for n in PERIODS:
            if not d.get(f"p{n}_start"):
                continue
            cells = [
                ("sex", "female", d[f"p{n}_female"]),
                ("sex", "male", d[f"p{n}_male"]),
                ("age_group", "15-35", d[f"p{n}_youth"]),
            ]
            if d[f"p{n}_country"]:
                cells.append(("country", d[f"p{n}_country"].upper(), d[f"p{n}_country_actual"]))
            periods.append(
                {
                    "period_start": d[f"p{n}_start"],
                    "period_end": d[f"p{n}_end"],
                    "target_value": d[f"p{n}_target"],
                    "actual_value": d[f"p{n}_actual"],
                    "disaggregations": [
                        {"dimension": dim, "category": cat, "actual_value": value}
                        for dim, cat, value in cells
                        if value is not None
                    ],
                }
            )
        return {
            "type": d["type"],
            "title": {"en": d["title"]},
            "indicators": [
                {
                    "title": {"en": d["indicator"]},
                    "standard_indicator": d["standard_indicator"] or None,
                    "unit": d["unit"],
                    "baseline_year": d["baseline_year"],
                    "baseline_value": d["baseline_value"],
                    "periods": periods,
                }
            ],
        }

    def show_errors(self, exc: ValidationError) -> None:
        for path, messages in exc.message_dict.items():
            for message in messages:
                self.add_error(None, f"{path}: {message}")
