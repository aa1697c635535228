"""Admin for the registry. List views show only pseudonymous facts; personal fields are never
editable or shown here (they are sealed; use the registry pages, which check permissions)."""

from __future__ import annotations

from django.contrib import admin

from talent.models import Certificate, Enrolment, KeyCanary, Person, Programme, TalentEvent


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "mode", "hours")
    list_filter = ("mode",)
    filter_horizontal = ("providers", "host_countries")
    raw_id_fields = ("activity",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("__str__", "recorded_by", "sex", "birth_year", "country", "merged_into_id")
    list_filter = ("sex", "erased_at")
    fields = ("recorded_by", "sex", "birth_year", "country", "affiliation", "erased_at")
    readonly_fields = ("recorded_by", "erased_at")
    list_select_related = ("recorded_by", "country")

    def has_add_permission(self, request) -> bool:
        return False  # persons are created by enrolment, which seals their personal fields


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "provider", "status", "enrolled_on", "completed_on")
    list_filter = ("status",)
    raw_id_fields = ("person", "talent", "programme", "provider", "created_by")
    readonly_fields = ("person", "talent")
    list_select_related = ("person", "provider")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "issued_on")
    raw_id_fields = ("enrolment", "issued_by")


@admin.register(TalentEvent)
class TalentEventAdmin(admin.ModelAdmin):
    """The record of merges, subject-access exports and erasures: proof that a rights request
    was answered, so nobody (not even a superuser) adds, changes or deletes one here. Without
    the delete permission the admin offers no bulk "delete selected" action either."""

    list_display = ("action", "person_id", "other_id", "actor", "at")
    list_filter = ("action",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(KeyCanary)
