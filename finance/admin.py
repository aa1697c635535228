from django.contrib import admin

from finance.models import ExchangeRate, FinanceSettings, Pledge, ReminderSent, ReportingDeadline


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["statement", "organisation", "plan", "status", "pledged_on", "target"]
    list_filter = ["plan", "status", "pillar"]
    search_fields = ["statement", "organisation__name"]
    autocomplete_fields = ["activities"]
    filter_horizontal = ["countries"]
    # Texts in other languages are entered on the pledge's page, one input per language.
    exclude = ["translations"]


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "period_start", "due_on"]
    list_filter = ["plan"]
    # Texts in other languages are entered on the reporting calendar's page.
    exclude = ["translations"]


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(admin.ModelAdmin):
    list_display = ["plan", "policy", "reference_year"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Loaded from the World Bank file by ``load_exchange_rates``; shown for audit only."""

    list_display = ["currency", "period_start", "period_end", "units_per_usd", "source"]
    list_filter = ["source", "currency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "deadline", "kind", "recipients", "sent_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False
