from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from activities import models as m
from activities import services
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


class ActivityAdminForm(forms.ModelForm):
    """The admin's change form carries the version it was read at, like an API edit: a save
    over a newer version (an API or page edit made meanwhile) is refused, not silently
    written over it."""

    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].required = True
            self.fields["read_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        read = cleaned.get("read_version")
        if self.instance.pk and read is not None:
            current = m.Activity.objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if current.first() != read:
                stale = services.StaleVersion(current.first() or 0)
                raise ValidationError(str(stale), code="stale")
        return cleaned


@admin.register(m.Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityAdminForm
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

    @admin.display(description=_("title"))
    def title_text(self, obj):
        return obj.title_text()

    def get_readonly_fields(self, request, obj=None):
        # The workflow state moves only by the workflow (submit, approve…), never by a field.
        return [*super().get_readonly_fields(request, obj), "workflow_state"]

    # Admin edits go through the activities' door like every other write: a new version (so
    # anyone editing the same record on the pages or the API gets a conflict) and a history
    # entry, only if something changed.
    def save_model(self, request, obj, form, change):
        request._activity_write = services.start_write(obj.pk if change else None)
        # Checked again on the locked row: an edit may have landed since the form was checked
        # (the admin's save is one transaction, so raising here writes nothing).
        read = form.cleaned_data.get("read_version")
        if change and read != request._activity_write.version:
            raise services.StaleVersion(request._activity_write.version)
        # The form's copy may be older than the stored record: never write its version back.
        obj.version = request._activity_write.version
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = "updated (admin)" if change else "created (admin)"
        services.finish_write(request._activity_write, form.instance, request.user, action)

    def delete_model(self, request, obj):
        services.delete_activity(obj, request.user, action="deleted (admin)")

    def delete_queryset(self, request, queryset):
        for activity in queryset:
            services.delete_activity(activity, request.user, action="deleted (admin)")


def _row_activity_id(row) -> int:
    return row.activity_id if hasattr(row, "activity_id") else row.result.activity_id


class ActivityRowAdminForm(forms.ModelForm):
    """A row's change form carries the version of its activity it was read at: a save after
    another edit of the activity is refused, as for the activity's own form."""

    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].required = True
            activity = m.Activity.objects.filter(pk=_row_activity_id(self.instance))
            self.fields["read_version"].initial = activity.values_list("version", flat=True)[0]

    def clean(self):
        cleaned = super().clean()
        read = cleaned.get("read_version")
        if self.instance.pk and read is not None:
            activity = m.Activity.objects.filter(pk=_row_activity_id(self.instance))
            current = activity.values_list("version", flat=True)[0]
            if current != read:
                stale = services.StaleVersion(current)
                raise ValidationError(str(stale), code="stale")
        return cleaned


class ActivityRowAdmin(admin.ModelAdmin):
    """A row of an activity edited on its own admin page: the activity's version and history
    follow, as for every write of the activity."""

    form = ActivityRowAdminForm

    def activity_id(self, obj) -> int:
        return obj.activity_id

    def save_model(self, request, obj, form, change):
        request._activity_write = services.start_write(self.activity_id(obj))
        read = form.cleaned_data.get("read_version")
        if change and read != request._activity_write.version:
            raise services.StaleVersion(request._activity_write.version)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        activity = m.Activity(pk=self.activity_id(form.instance))
        services.finish_write(request._activity_write, activity, request.user, "updated (admin)")

    def delete_model(self, request, obj):
        pending = services.start_write(self.activity_id(obj))
        super().delete_model(request, obj)
        activity = m.Activity(pk=pending.activity_id)
        services.finish_write(pending, activity, request.user, "updated (admin)")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class IndicatorInline(admin.StackedInline):
    model = m.ResultIndicator
    extra = 0
    show_change_link = True


@admin.register(m.Result)
class ResultAdmin(ActivityRowAdmin):
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
class ResultIndicatorAdmin(ActivityRowAdmin):
    list_display = ["__str__", "result", "standard_indicator", "measure"]

    def activity_id(self, obj) -> int:
        return obj.result.activity_id

    list_filter = ["standard_indicator", "measure"]
    search_fields = ["title", "result__activity__iati_identifier"]
    inlines = [PeriodInline]


@admin.register(m.Transaction)
class TransactionAdmin(ActivityRowAdmin):
    list_display = ["activity", "type", "date", "value", "currency"]
    list_filter = ["type", "currency"]
    search_fields = ["activity__iati_identifier", "ref"]
    autocomplete_fields = ["activity", "recipient_country"]
    date_hierarchy = "date"
