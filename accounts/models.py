from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    email = models.EmailField(_("email address"), blank=True)


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
