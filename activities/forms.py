"""The activity entry form: one main form plus a formset per kind of child row.

Forms only parse and present; ``ActivityEditor.payload()`` turns what was typed into the
dictionary ``activities.services`` takes, and ``show_errors`` puts the service's path-keyed
errors (``budgets[1].value``) back next to the field that caused them.
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from activities import codes
from activities.documents import ALLOWED_EXTENSIONS, max_bytes
from activities.models import Activity, narrative_text
from languages.forms import language_name
from lib.forms import anchor
from participants.models import Country, Organisation

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _countries():
    return Country.objects.order_by("name")


class ActivityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    iati_identifier = forms.CharField(
        label=_("IATI identifier"),
        max_length=200,
        help_text=_("Your organisation's IATI identifier followed by an activity code."),
    )
    reporting_org = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Reporting organisation")
    )
    kind = forms.ModelChoiceField(queryset=None, to_field_name="code", label=_("Kind"))
    status = forms.TypedChoiceField(
        choices=codes.ActivityStatus.choices, coerce=int, label=_("Activity status")
    )
    planned_start = forms.DateField(required=False, widget=DATE)
    planned_end = forms.DateField(required=False, widget=DATE)
    actual_start = forms.DateField(required=False, widget=DATE)
    actual_end = forms.DateField(required=False, widget=DATE)
    default_currency = forms.CharField(max_length=3, initial="USD")
    default_language = forms.ChoiceField(choices=settings.LANGUAGES, initial="en")
    pillars = forms.ModelMultipleChoiceField(
        queryset=None, to_field_name="code", required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=None,
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Plan sectors"),
    )
    technologies = forms.ModelMultipleChoiceField(
        queryset=None, to_field_name="code", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plan, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_org"].queryset = organisations
        if not self.initial.get("reporting_org") and len(organisations) == 1:
            self.initial["reporting_org"] = organisations[0].pk
        self.fields["kind"].queryset = plan.activity_kinds.all()
        self.fields["pillars"].queryset = plan.pillars.all()
        self.fields["sectors"].queryset = plan.sectors.all()
        self.fields["technologies"].queryset = plan.technologies.all()
        for lang in LANGUAGES:
            required = lang == "en"
            # Each typed in its own language and script: named by the language, marked with it.
            marks = {"lang": lang, "dir": "rtl" if lang in settings.LANGUAGES_BIDI else "auto"}
            self.fields[f"title_{lang}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": language_name(lang)},
                required=required,
                max_length=500,
                widget=forms.TextInput(attrs=marks),
            )
            self.fields[f"description_{lang}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": language_name(lang)},
                required=False,
                widget=forms.Textarea(attrs=marks),
            )

    def payload(self) -> dict:
        d = self.cleaned_data
        data = {k: d[k] for k in ("iati_identifier", "status", "default_currency")}
        data.update({k: d[k] for k in ("planned_start", "planned_end", "actual_start")})
        data.update(actual_end=d["actual_end"], default_language=d["default_language"])
        data["reporting_org"] = d["reporting_org"].pk
        data["kind"] = d["kind"].code
        for name in ("pillars", "sectors", "technologies"):
            data[name] = [o.code for o in d[name]]
        for name in ("title", "description"):
            data[name] = {lang: d[f"{name}_{lang}"] for lang in LANGUAGES if d[f"{name}_{lang}"]}
        return data

    @staticmethod
    def initial_for(activity: Activity) -> dict:
        initial = {
            name: getattr(activity, name)
            for name in (
                "version",
                "iati_identifier",
                "status",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "default_currency",
                "default_language",
            )
        }
        initial["reporting_org"] = activity.reporting_org_id
        initial["kind"] = activity.kind.code if activity.kind_id else None
        for name in ("pillars", "sectors", "technologies"):
            initial[name] = list(getattr(activity, name).values_list("code", flat=True))
        for lang in LANGUAGES:
            initial[f"title_{lang}"] = activity.title.get(lang, "")
            initial[f"description_{lang}"] = activity.description.get(lang, "")
        return initial


class RowForm(forms.Form):
    """A child row; ``narratives`` are single-language text fields stored as {"en": …}."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    narratives: tuple[str, ...] = ()

    def row(self) -> dict:
        row = {k: v for k, v in self.cleaned_data.items() if k not in ("DELETE", "id")}
        if self.cleaned_data.get("id"):
            row["id"] = self.cleaned_data["id"]
        for name in self.narratives:
            text = row.pop(f"{name}_en", "")
            row[name] = {"en": text} if text else {}
        return row

    @classmethod
    def initial_from(cls, obj) -> dict:
        initial = {"id": obj.pk}
        for name in cls.base_fields:
            if name.endswith("_en") and name[:-3] in cls.narratives:
                initial[name] = narrative_text(getattr(obj, name[:-3]))
            elif name not in ("id", "DELETE", "file"):
                field = obj._meta.get_field(name)
                initial[name] = getattr(obj, field.attname)
        return initial


class RecipientCountryForm(RowForm):
    country = forms.ModelChoiceField(queryset=Country.objects.none(), to_field_name="code")
    percentage = forms.DecimalField(required=False, min_value=0, max_value=100, decimal_places=3)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()

    def row(self) -> dict:
        row = super().row()
        row["country"] = row["country"].code
        return row


class RegionForm(RowForm):
    code = forms.CharField(max_length=20, help_text=_("e.g. 298 (Africa, regional)"))
    vocabulary = forms.CharField(max_length=5, initial="1")
    percentage = forms.DecimalField(required=False, min_value=0, max_value=100, decimal_places=3)


class SectorForm(RowForm):
    vocabulary = forms.ChoiceField(choices=codes.SectorVocabulary.choices, initial="1")
    code = forms.CharField(max_length=100, help_text=_("e.g. 22040 (ICT)"))
    percentage = forms.DecimalField(required=False, min_value=0, max_value=100, decimal_places=3)


class ParticipatingOrgForm(RowForm):
    narratives = ("name",)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    role = forms.TypedChoiceField(
        choices=codes.OrganisationRole.choices,
        coerce=int,
        initial=codes.OrganisationRole.IMPLEMENTING,
    )
    ref = forms.CharField(max_length=120, required=False, label=_("IATI ref (if not listed)"))
    name_en = forms.CharField(max_length=300, required=False, label=_("Name (if not listed)"))

    def row(self) -> dict:
        row = super().row()
        row["organisation"] = row["organisation"].pk if row["organisation"] else None
        return row


class BudgetForm(RowForm):
    # Initial values equal to what the select shows, so an untouched blank row stays unchanged.
    type = forms.TypedChoiceField(choices=codes.BudgetType.choices, coerce=int, initial=1)
    status = forms.TypedChoiceField(choices=codes.BudgetStatus.choices, coerce=int, initial=1)
    period_start = forms.DateField(widget=DATE)
    period_end = forms.DateField(widget=DATE)
    value = forms.DecimalField(max_digits=20, decimal_places=2)
    currency = forms.CharField(max_length=3, required=False)
    value_date = forms.DateField(widget=DATE)


class TransactionForm(RowForm):
    narratives = ("description",)
    type = forms.ChoiceField(choices=codes.TransactionType.choices, initial="3")
    date = forms.DateField(widget=DATE)
    value = forms.DecimalField(max_digits=20, decimal_places=2)
    currency = forms.CharField(max_length=3, required=False)
    value_date = forms.DateField(widget=DATE)
    provider_org_ref = forms.CharField(max_length=120, required=False)
    receiver_org_ref = forms.CharField(max_length=120, required=False)
    description_en = forms.CharField(required=False, label=_("Description"))


class LocationForm(RowForm):
    narratives = ("name",)
    name_en = forms.CharField(max_length=200, required=False, label=_("Name"))
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6)
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries()

    def row(self) -> dict:
        row = super().row()
        row["country"] = row["country"].code if row["country"] else None
        return row


class DocumentForm(RowForm):
    narratives = ("title",)
    title_en = forms.CharField(max_length=300, required=False, label=_("Title"))
    url = forms.URLField(max_length=1000, required=False, label=_("Link"))
    file = forms.FileField(
        required=False,
        help_text=_("Up to %(mb)s MB: %(types)s")
        % {"mb": "{mb}", "types": ", ".join(ALLOWED_EXTENSIONS)},
    )
    category = forms.CharField(max_length=5, required=False, help_text=_("IATI code, e.g. A01"))
    document_date = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.replace(
            "{mb}", f"{max_bytes() / 1_048_576:g}"
        )

    def row(self) -> dict:
        row = super().row()
        if not row.get("file"):
            row.pop("file", None)
        return row


CHILD_FORMS = {
    "recipient_countries": (RecipientCountryForm, _("Recipient countries")),
    "recipient_regions": (RegionForm, _("Recipient regions")),
    "iati_sectors": (SectorForm, _("IATI sectors")),
    "participating_orgs": (ParticipatingOrgForm, _("Participating organisations")),
    "budgets": (BudgetForm, _("Budgets")),
    "transactions": (TransactionForm, _("Transactions")),
    "locations": (LocationForm, _("Locations")),
    "documents": (DocumentForm, _("Documents")),
}
PATH = re.compile(r"^(?P<name>\w+)\[(?P<index>\d+)\]\.(?P<field>\w+)$")


class ActivityEditor:
    """The main form and its formsets, bound together."""

    def __init__(self, *, plan, organisations, activity=None, data=None, files=None) -> None:
        initial = ActivityForm.initial_for(activity) if activity else {"status": 1}
        self.form = ActivityForm(
            data, plan=plan, organisations=organisations, initial=initial, prefix="a"
        )
        self.formsets = {}
        for name, (form_class, label) in CHILD_FORMS.items():
            rows = getattr(activity, name).order_by("pk") if activity else []
            factory = forms.formset_factory(form_class, extra=1, can_delete=True)
            formset = factory(
                data, files, prefix=name, initial=[form_class.initial_from(r) for r in rows]
            )
            formset.label = label
            self.formsets[name] = formset
        self._index: dict[str, list[int]] = {}

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(fs.is_valid() for fs in self.formsets.values())])

    def error_summary(self) -> list[dict[str, str]]:
        """Every error on the page, in page order, each with the id of the element to jump to.

        The page reloads at its top after a refused save; on a long form the field in error
        may sit thousands of pixels below, so the summary up there links to each one."""
        found: list[dict[str, str]] = []

        def add(target: str, label: str, messages) -> None:
            found.extend({"target": target, "label": label, "message": m} for m in messages)

        if not self.form.is_bound:
            return found
        add("", "", self.form.non_field_errors())
        for bound in self.form:
            add(anchor(bound), bound.label, bound.errors)
        for name, formset in self.formsets.items():
            add(name, formset.label, formset.non_form_errors())
            for number, form in enumerate(formset.forms, start=1):
                row = _("%(rows)s, row %(n)s") % {"rows": formset.label, "n": number}
                add(form.prefix, row, form.non_field_errors())
                for bound in form:
                    add(anchor(bound), f"{row}: {bound.label}", bound.errors)
        return found

    def payload(self) -> dict:
        data = self.form.payload()
        for name, formset in self.formsets.items():
            kept = [
                (i, f)
                for i, f in enumerate(formset.forms)
                if f.has_changed() or f.cleaned_data.get("id")
            ]
            kept = [(i, f) for i, f in kept if not f.cleaned_data.get("DELETE")]
            self._index[name] = [i for i, _f in kept]
            data[name] = [f.row() for _i, f in kept]
        return data

    def show_errors(self, exc: ValidationError) -> None:
        """Attach the service's errors to the form fields they name."""
        for path, messages in exc.message_dict.items():
            match = PATH.match(path)
            for message in messages:
                if match and match["name"] in self.formsets:
                    forms_ = self.formsets[match["name"]].forms
                    index = self._index.get(match["name"], [])[int(match["index"])]
                    form = forms_[index]
                    field = match["field"] if match["field"] in form.fields else None
                    form.add_error(field, message)
                elif path in self.formsets:
                    self.formsets[path]._non_form_errors.append(message)
                elif path in self.form.fields:
                    self.form.add_error(path, message)
                else:
                    self.form.add_error(
                        None, f"{path}: {message}" if path != "__all__" else message
                    )
