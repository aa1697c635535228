from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    email = models.EmailField(_("email address"), blank=True)
    # The language chosen with the switcher; empty until they choose (browser's language then).
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat officer")
    REVIEWER = "reviewer", _("Reviewer")
    FOCAL_POINT = "focal_point", _("Focal point")
    TRAINER = "trainer", _("Trainer / programme manager")
    VIEWER = "viewer", _("Viewer")


class RoleAssignment(models.Model):
    """A role held by a user in one plan, optionally scoped to one organisation.

    Secretariat and reviewer roles are plan-wide; focal point, trainer and viewer roles only make
    sense for an organisation, which the clean() rule enforces.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="role_holders")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "participants.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_holders",
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    # Who grants, changes or revokes it: set by accounts.invitations before it saves or
    # deletes, read by the audit trail's signal (not a column: the trail keeps it).
    audit_actor: Any = None

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "plan", "role", "organisation"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        scope = f" @ {self.organisation}" if self.organisation_id else ""
        return f"{self.user} — {self.get_role_display()}{scope}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        org_scoped = {Role.FOCAL_POINT, Role.TRAINER, Role.VIEWER}
        if self.role in org_scoped and not self.organisation_id:
            raise ValidationError({"organisation": _("This role needs an organisation.")})


class Invitation(models.Model):
    """An invitation to hold a role, sent by e-mail: the invitee sets their own password.

    Only a SHA-256 digest of the link's token is kept (as for API tokens): the clear token is
    made by the job that sends the e-mail and exists nowhere else, so neither the database, the
    queue nor whoever invited can open the link. A link works once and until ``expires_at``;
    sending again makes a new link and the old one stops working.
    """

    email = models.EmailField(_("email address"))
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "participants.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The language the e-mail is written in (the inviter's, or the applicant's).
    language = models.CharField(max_length=10, blank=True)
    digest = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None


class ApiToken(models.Model):
    """A bearer token an integrator uses instead of a session.

    Only a SHA-256 digest is stored: the token is 256 random bits, so a fast hash is enough to
    make a leaked table useless (no dictionary to try), and lookups stay one indexed query.
    The clear token is shown once, when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text=_("First characters, to recognise it"))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A token forgotten in a script stops working on its own (DIGICOOP_API_TOKEN_DAYS).
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class AuditKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    WORKFLOW = "workflow", _("Workflow move")
    TAGS = "tags", _("Tags changed")
    MERGE = "merge", _("Merged or unmerged")
    ERASURE = "erasure", _("Personal data erased")
    PERSONAL_EXPORT = "personal_export", _("Personal data exported")
    IMPORT = "import", _("Imported")
    ROLE_CHANGE = "role_change", _("Role changed")
    SECOND_FACTOR = "second_factor", _("Two-step sign-in changed")
    PASSWORD_RESET = "password_reset", _("Password reset")


class ImmutableQuerySet(models.QuerySet):
    """The audit trail is written once: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise PermissionError(_("Audit events cannot be changed."))

    def delete(self):
        raise PermissionError(_("Audit events cannot be deleted."))


class AuditEvent(models.Model):
    """Who did what, when and from where: one row per event, never changed or deleted.

    ``actor_name`` keeps the username as it was, so the trail still reads after the user is
    renamed or removed. ``detail`` never holds personal fields of trainees (only references).
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=20, choices=AuditKind.choices, db_index=True)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    target = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        who = self.actor_name or "-"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.get_kind_display()} {self.target}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError(_("Audit events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(_("Audit events cannot be deleted."))
