from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from activities import history
from activities import models as m
from activities.validation import percentage_total_error, sector_total_errors


def _kept_forms(formset):
    return [
        f
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f not in formset.deleted_forms
    ]


class SplitFormSet(BaseInlineFormSet):
    """Checks that the percentages of the rows kept add up to 100."""

    what = "recipient country"

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        error = percentage_total_error(
            [f.cleaned_data.get("percentage") for f in _kept_forms(self)], self.what
        )
        if error:
            raise ValidationError(error)


class RegionFormSet(SplitFormSet):
    what = "recipient region"


class SectorFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = sector_total_errors(
            (f.cleaned_data["vocabulary"], f.cleaned_data.get("percentage"))
            for f in _kept_forms(self)
        )
        if errors:
            raise ValidationError(errors)


class RecipientCountryInline(admin.TabularInline):
    model = m.RecipientCountry
    formset = SplitFormSet
    autocomplete_fields = ["country"]
    extra = 0


class RecipientRegionInline(admin.TabularInline):
    model = m.RecipientRegion
    formset = RegionFormSet
    extra = 0


class SectorInline(admin.TabularInline):
    model = m.ActivitySector
    formset = SectorFormSet
    extra = 0


class ParticipatingOrgInline(admin.TabularInline):
    model = m.ParticipatingOrg
    autocomplete_fields = ["organisation"]
    extra = 0


class BudgetInline(admin.TabularInline):
    model = m.Budget
    extra = 0


class TransactionInline(admin.TabularInline):
    model = m.Transaction
    fields = ["type", "date", "value", "currency", "value_date", "ref", "recipient_country"]
    autocomplete_fields = ["recipient_country"]
    extra = 0


class LocationInline(admin.TabularInline):
    model = m.Location
    fields = ["name", "latitude", "longitude", "country", "ref"]
    autocomplete_fields = ["country"]
    extra = 0


class DocumentInline(admin.TabularInline):
    model = m.DocumentLink
    fields = ["title", "url", "file", "format", "category", "document_date"]
    extra = 0


class PolicyMarkerInline(admin.TabularInline):
    model = m.PolicyMarker
    extra = 0


class RelatedActivityInline(admin.TabularInline):
    model = m.RelatedActivity
    extra = 0


class ContactInline(admin.StackedInline):
    model = m.ContactInfo
    extra = 0


@admin.register(m.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = [
        "iati_identifier",
        "title_text",
        "kind",
        "status",
        "workflow_state",
        "reporting_org",
        "is_demo",
    ]
    list_filter = ["plan", "workflow_state", "status", "pillars", "kind", "sectors", "is_demo"]
    search_fields = ["iati_identifier", "title", "reporting_org__name"]
    list_select_related = ["kind", "reporting_org"]
    autocomplete_fields = ["reporting_org"]
    filter_horizontal = ["pillars", "sectors", "technologies"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at", "source_file"]
    date_hierarchy = "actual_start"
    inlines = [
        RecipientCountryInline,
        RecipientRegionInline,
        SectorInline,
        ParticipatingOrgInline,
        BudgetInline,
        TransactionInline,
        LocationInline,
        DocumentInline,
        PolicyMarkerInline,
        RelatedActivityInline,
        ContactInline,
    ]

    @admin.display(description="title")
    def title_text(self, obj):
        return obj.title_text()

    def save_model(self, request, obj, form, change):
        # Admin edits are kept in the history too, and raise the version so that anyone
        # editing the same record on the pages or through the API gets a conflict.
        request._activity_before = (
            history.snapshot(m.Activity.objects.get(pk=obj.pk)) if change else {}
        )
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = "updated (admin)" if change else "created (admin)"
        history.record(form.instance, request.user, action, request._activity_before)


class IndicatorInline(admin.StackedInline):
    model = m.ResultIndicator
    extra = 0
    show_change_link = True


@admin.register(m.Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["__str__", "activity", "type"]
    list_filter = ["type"]
    search_fields = ["title", "activity__iati_identifier"]
    autocomplete_fields = ["activity"]
    inlines = [IndicatorInline]


class PeriodInline(admin.TabularInline):
    model = m.IndicatorPeriod
    fields = ["period_start", "period_end", "target_value", "actual_value"]
    extra = 0


@admin.register(m.ResultIndicator)
class ResultIndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "result", "standard_indicator", "measure"]
    list_filter = ["standard_indicator", "measure"]
    search_fields = ["title", "result__activity__iati_identifier"]
    inlines = [PeriodInline]


@admin.register(m.Transaction)
class TransactionAdmin(admin.ModelAdmin):
    list_display = ["activity", "type", "date", "value", "currency"]
    list_filter = ["type", "currency"]
    search_fields = ["activity__iati_identifier", "ref"]
    autocomplete_fields = ["activity", "recipient_country"]
    date_hierarchy = "date"
