"""The UN 2030 Agenda (SDG goals and targets) and the AU Agenda 2063 (aspirations and goals),
and the alignment of activities with them.

Titles are JSON objects keyed by language code (``{"en": "…", "fr": "…"}``) like every
multilingual text in digicoop: the SDG texts exist in the six UN languages.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models import narrative_text


class SdgGoal(models.Model):
    code = models.CharField(max_length=2, primary_key=True)  # "1" … "17"
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.JSONField(default=dict)
    short = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG goal"

    def __str__(self) -> str:
        return f"SDG {self.code}: {self.short_text()}"

    def short_text(self, language: str = "en") -> str:
        return narrative_text(self.short, language) or narrative_text(self.title, language)


class SdgTarget(models.Model):
    code = models.CharField(max_length=6, primary_key=True)  # "9.c"
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.JSONField(default=dict)

    class Meta:
        ordering = ["goal__number", "order"]
        verbose_name = "SDG target"

    def __str__(self) -> str:
        return f"{self.code} {narrative_text(self.title)[:60]}"


class Agenda2063Aspiration(models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    title = models.JSONField(default=dict)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Aspiration {self.number}"


class Agenda2063Goal(models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    aspiration = models.ForeignKey(
        Agenda2063Aspiration, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.JSONField(default=dict)

    class Meta:
        ordering = ["number"]
        verbose_name = "Agenda 2063 goal"

    def __str__(self) -> str:
        return f"Agenda 2063 goal {self.number}: {narrative_text(self.title)[:60]}"


class AlignmentSource(models.TextChoices):
    MANUAL = "manual", _("Tagged by a user")
    IATI = "iati", _("From the IATI data")


class SdgAlignment(models.Model):
    """An activity serves an SDG goal, or more precisely one of its targets."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="sdg_alignments"
    )
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="alignments")
    target = models.ForeignKey(
        SdgTarget, on_delete=models.PROTECT, null=True, blank=True, related_name="alignments"
    )
    source = models.CharField(
        max_length=10, choices=AlignmentSource.choices, default=AlignmentSource.MANUAL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "target"],
                condition=models.Q(target__isnull=False),
                name="unique_sdg_target_per_activity",
            ),
            models.UniqueConstraint(
                fields=["activity", "goal"],
                condition=models.Q(target__isnull=True),
                name="unique_sdg_goal_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.target_id or self.goal_id}"


class Agenda2063Alignment(models.Model):
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="agenda2063_alignments"
    )
    goal = models.ForeignKey(Agenda2063Goal, on_delete=models.PROTECT, related_name="alignments")
    source = models.CharField(
        max_length=10, choices=AlignmentSource.choices, default=AlignmentSource.MANUAL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "goal"], name="unique_agenda2063_goal_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → A2063 goal {self.goal_id}"
