from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from languages.forms import TEXT_LANGUAGES, TextsField
from participants import services
from participants.models import Country, Membership, Organisation


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "alpha3", "au_member", "au_region"]
    list_filter = ["au_member", "au_region"]
    search_fields = ["name", "code", "alpha3"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["plan", "status", "applied_on", "decided_on", "decided_by", "withdrawn_on"]
    readonly_fields = ["status", "decided_on", "decided_by", "withdrawn_on"]


class OrganisationForm(forms.ModelForm):
    # ``name`` holds the English name; ``names`` the others, one input per language (not JSON).
    names = TextsField(
        languages=[code for code in TEXT_LANGUAGES if code != "en"],
        max_length=300,
        required=False,
        label=_("Name in other languages"),
    )

    class Meta:
        model = Organisation
        fields = ["name", "names", "acronym", "type", "country", "iati_ref", "website"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "acronym", "type", "country", "iati_ref", "is_demo"]
    list_filter = ["type", "is_demo", "country__au_region", "country"]
    search_fields = ["name", "acronym", "iati_ref"]
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]


def _transition(action, name: str, description, done):
    """An admin action moving the selected memberships; ``done(count)`` says what it did."""

    def run(modeladmin, request, queryset):
        count = 0
        for membership in queryset:
            try:
                action(membership, request.user)
                count += 1
            except ValidationError as exc:
                modeladmin.message_user(
                    request,
                    gettext("%(membership)s: %(reason)s")
                    % {"membership": membership, "reason": " ".join(exc.messages)},
                    messages.ERROR,
                )
        if count:
            modeladmin.message_user(request, done(count) % {"count": count})

    run.short_description = description
    run.__name__ = f"membership_{name}"
    return run


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "plan", "status", "applied_on", "decided_on", "decided_by"]
    list_filter = ["status", "plan", "organisation__type"]
    search_fields = ["organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["status", "decided_on", "decided_by", "withdrawn_on"]
    actions = [
        _transition(
            services.approve,
            "approve",
            _("Approve the selected memberships"),
            lambda n: ngettext(
                "%(count)s membership approved.", "%(count)s memberships approved.", n
            ),
        ),
        _transition(
            services.reject,
            "reject",
            _("Reject the selected applications"),
            lambda n: ngettext(
                "%(count)s application rejected.", "%(count)s applications rejected.", n
            ),
        ),
        _transition(
            services.withdraw,
            "withdraw",
            _("Withdraw the selected memberships"),
            lambda n: ngettext(
                "%(count)s membership withdrawn.", "%(count)s memberships withdrawn.", n
            ),
        ),
    ]
