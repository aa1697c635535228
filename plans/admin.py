from django.contrib import admin

from plans.models import (
    ActivityKind,
    MilestoneEvent,
    Pillar,
    Plan,
    Sector,
    StandardIndicator,
    Target,
    Technology,
)


class PillarInline(admin.StackedInline):
    model = Pillar
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["order", "code", "pillar", "statement", "metric", "value", "unit", "deadline"]


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


class TechnologyInline(admin.TabularInline):
    model = Technology
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "adopted_on", "period_start", "period_end", "is_builtin"]
    search_fields = ["title", "short_title", "slug"]
    prepopulated_fields = {"slug": ["short_title"]}
    inlines = [PillarInline, TargetInline, SectorInline, TechnologyInline]


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "order", "code"]
    list_filter = ["plan"]
    search_fields = ["name", "code", "description"]


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "pillar", "plan"]
    list_filter = ["plan", "category", "pillar"]
    search_fields = ["name", "code"]


class MilestoneEventInline(admin.TabularInline):
    model = MilestoneEvent
    extra = 0
    autocomplete_fields = ["evidence"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["statement", "plan", "pillar", "metric", "value", "deadline"]
    list_filter = ["plan", "metric", "pillar"]
    search_fields = ["statement", "code"]
    inlines = [MilestoneEventInline]


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "pillar", "plan"]
    list_filter = ["plan", "pillar"]
    search_fields = ["name", "code"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "plan"]
    list_filter = ["plan"]
    search_fields = ["name", "code"]


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "plan"]
    list_filter = ["plan"]
    search_fields = ["name", "code"]
