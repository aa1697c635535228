"""Applications to join a plan, and the notifications people receive."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.models import OrganisationType


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    # An application's "approved" agrees with its noun (feminine in French, Portuguese and
    # Arabic), unlike an activity's: its own context.
    APPROVED = "approved", pgettext_lazy("application status", "Approved")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    """An organisation asking to join a plan. Nothing else exists until the secretariat
    approves it (workspace.services.decide): then the organisation, its membership and the
    invitation of its contact as focal point are made together.

    The contact's name and e-mail are shown to the plan's secretariat only.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("organisation name"), max_length=300)
    # Every language the applicant gave a name in (language code → name), ``name`` among them.
    names = models.JSONField(default=dict, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = models.ForeignKey("participants.Country", on_delete=models.PROTECT, related_name="+")
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    pillars = models.ManyToManyField("plans.Pillar", blank=True, related_name="+")
    statement = models.TextField(_("statement"))
    # The language the applicant wrote in: the decision is written to them in it.
    language = models.CharField(max_length=10, blank=True)
    # Normalised name and country: applications sharing it are flagged as possible duplicates.
    match_key = models.CharField(max_length=320, db_index=True)

    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
        db_index=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "participants.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id}, {self.get_status_display()})"


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("An activity is submitted for review")
    RETURNED = "returned", _("An activity is returned for correction")
    APPROVED = "approved", _("An activity is approved")
    APPLICATION = "application", _("An application to join arrives or is decided")
    IMPORT = "import", _("An import ends")


class Notification(models.Model):
    """One notice to one person, written in their language when it was made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.subject}"


class MutedKind(models.Model):
    """A kind of notification a person turned off (neither e-mail nor on-site notice)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_muted_kind")]

    def __str__(self) -> str:
        return _("%(user)s turned off “%(kind)s”") % {
            "user": self.user,
            "kind": self.get_kind_display(),
        }
