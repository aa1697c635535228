from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AURegion(models.TextChoices):
    CENTRAL = "central", _("Central Africa")
    EASTERN = "eastern", _("Eastern Africa")
    NORTHERN = "northern", _("Northern Africa")
    SOUTHERN = "southern", _("Southern Africa")
    WESTERN = "western", _("Western Africa")


class Country(models.Model):
    """An ISO 3166-1 country. All are loaded so IATI data about any country can be held."""

    code = models.CharField(_("ISO alpha-2"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3)
    name = models.CharField(max_length=120)
    au_member = models.BooleanField(_("African Union member"), default=False, db_index=True)
    au_region = models.CharField(max_length=10, choices=AURegion.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the reader's language (ISO 3166 translations), else the stored one."""
        from languages.countries import country_name

        return country_name(self.code, self.name)


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia, research or think tank")
    FINANCIAL = "financial", _("Financial institution")
    INTERNATIONAL = "international", _("International organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")

    @property
    def iati_code(self) -> str:
        """IATI OrganisationType code closest to ours (used for export)."""
        return {
            "government": "10",
            "business": "70",
            "academia": "80",
            "financial": "71",
            "international": "40",
            "civil_society": "22",
        }[self.value]


class Organisation(models.Model):
    name = models.CharField(max_length=300)
    names = models.JSONField(
        default=dict, blank=True, help_text=_('Name in other languages, e.g. {"fr": "…"}')
    )
    acronym = models.CharField(max_length=40, blank=True)
    type = models.CharField(max_length=20, choices=OrganisationType.choices, db_index=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", null=True, blank=True
    )
    iati_ref = models.CharField(
        _("IATI organisation identifier"), max_length=120, blank=True, db_index=True
    )
    website = models.URLField(blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_ref"],
                condition=~models.Q(iati_ref=""),
                name="unique_nonblank_org_iati_ref",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    # A membership's "approved" agrees with its noun (feminine in French, Portuguese and
    # Arabic), unlike an activity's: its own context.
    APPROVED = "approved", pgettext_lazy("membership status", "Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Membership(models.Model):
    """An organisation taking part in a plan. Status changes only through participants.services."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
        db_index=True,
    )
    applied_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return _("%(organisation)s in %(plan)s (%(status)s)") % {
            "organisation": self.organisation,
            "plan": self.plan,
            "status": self.get_status_display(),
        }
