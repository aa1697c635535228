"""A plan is data: its pillars, the kinds of activity it names, its targets and its code lists.

Counting rules are generic: they look at an activity kind's ``category`` and a target's
``metric``, never at one plan's names, so a second plan loads beside the first with no code change.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from languages.multilingual import Translatable
from lib import formatting


class PlanQuerySet(models.QuerySet):
    def default(self) -> Plan | None:
        """The plan meant when none is named (home page, lists, imports, the API): the built-in
        plan, else the most recently adopted one; None only when no plan is loaded.

        One rule for every caller, so an import without a plan lands in the plan the home page
        counts. The fall-back keeps an installation that carries only plans of its own (the
        built-in one deleted) working instead of answering "no plan" everywhere.
        """
        return self.filter(is_builtin=True).first() or self.order_by("-adopted_on", "title").first()


class Plan(Translatable):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    adopted_at = models.CharField(_("adopted at (place)"), max_length=100, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    summary = models.TextField(blank=True)
    source_url = models.URLField(blank=True)
    languages = models.JSONField(default=list, blank=True, help_text=_("Language codes, e.g. en"))
    is_builtin = models.BooleanField(default=False, editable=False)
    secretariat_may_override_separation = models.BooleanField(
        _("the secretariat may approve its own records"),
        default=False,
        help_text=_(
            "Nobody approves an activity they created, edited or submitted. When ticked, the "
            "plan's secretariat may still do so; the history records the override."
        ),
    )
    require_two_factor = models.BooleanField(
        _("secretariat and reviewers sign in with a second factor"),
        default=False,
        help_text=_(
            "When ticked, the plan's secretariat officers and reviewers must turn on two-step "
            "sign-in (a code from an authenticator app after the password); until they do, they "
            "reach only the page that sets it up."
        ),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.localized("short_title") or self.localized("title")

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("The period must end after it starts.")})


class Pillar(Translatable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pillars")
    code = models.SlugField()
    name = models.CharField(max_length=120)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_pillar_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.localized("name")


class KindCategory(models.TextChoices):
    """Plan-independent meaning of an activity kind; the counting rules key on it."""

    DIALOGUE = "dialogue", _("Dialogue")
    VISIT = "visit", _("Mutual visit")
    SIGNED_DOCUMENT = "signed_document", _("Signed cooperation document")
    MECHANISM = "mechanism", _("Cooperation mechanism")
    INFRASTRUCTURE_PROJECT = "infrastructure_project", _("Infrastructure project")
    INNOVATION_PROJECT = "innovation_project", _("Innovation project")
    CENTRE = "centre", _("Joint centre")
    INCUBATION = "incubation", _("Startup incubation")
    FINANCING = "financing", _("Financing")
    DEMONSTRATION_PROJECT = "demonstration_project", _("Demonstration project")
    SECURITY_TRAINING = "security_training", _("Security training")
    SECURITY_DRILL = "security_drill", _("Security drill")
    LABORATORY = "laboratory", _("Joint laboratory")
    TRAINING_PROGRAMME = "training_programme", _("Training programme")
    EXCHANGE = "exchange", _("Exchange")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


# Kinds whose activities train people and so carry a programme of the talent registry. Here,
# beside the categories, so the activity pages can ask without importing the talent app above.
PROGRAMME_CATEGORIES = (KindCategory.TRAINING_PROGRAMME, KindCategory.SECURITY_TRAINING)


class ActivityKind(Translatable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activity_kinds")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="activity_kinds")
    code = models.SlugField()
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=40, choices=KindCategory.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "pillar__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_kind_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.localized("name")

    def clean(self) -> None:
        if self.pillar_id and self.plan_id and self.pillar.plan_id != self.plan_id:
            raise ValidationError({"pillar": _("The pillar belongs to another plan.")})


class Metric(models.TextChoices):
    """How a target's current value is computed (see progress.metrics)."""

    DEMONSTRATION_PROJECTS = "demonstration_projects", _("Demonstration projects under way")
    DIGITAL_TALENTS = "digital_talents", _("Distinct digital talents trained")
    AI_CENTRES = "ai_centres", _("Centres for AI cooperation established")
    MILESTONE = "milestone", _("Milestone stage reached")
    STANDARD_INDICATOR = "standard_indicator", _("Sum of a standard indicator")


class Target(Translatable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="targets")
    code = models.SlugField()
    statement = models.CharField(max_length=300)
    metric = models.CharField(max_length=40, choices=Metric.choices)
    unit = models.CharField(max_length=60, blank=True)
    value = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Target value; empty for an open count or a milestone."),
    )
    deadline = models.DateField(null=True, blank=True)
    standard_indicator = models.ForeignKey(
        "StandardIndicator", on_delete=models.PROTECT, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_target_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.localized("statement")

    def clean(self) -> None:
        if self.metric == Metric.STANDARD_INDICATOR and not self.standard_indicator_id:
            raise ValidationError(
                {"standard_indicator": _("A standard-indicator target names its indicator.")}
            )
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("A target value cannot be negative.")})


class MilestoneStage(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    EXPLORED = "explored", _("Explored")
    AGREED = "agreed", _("Agreed")
    ESTABLISHED = "established", _("Established")


class MilestoneEvent(models.Model):
    """A dated stage reached by a milestone target, backed by an activity record."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(max_length=20, choices=MilestoneStage.choices)
    reached_on = models.DateField()
    evidence = models.ForeignKey(
        "activities.Activity", on_delete=models.PROTECT, related_name="milestone_events"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["target", "reached_on"]

    def __str__(self) -> str:
        return _("%(target)s: %(stage)s on %(date)s") % {
            "target": self.target.code,
            "stage": self.get_stage_display(),
            "date": formatting.date(self.reached_on),
        }


class StandardIndicator(Translatable):
    """An indicator the plan defines so that activities' results add up across the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="standard_indicators")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField()
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "pillar__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_indicator_code_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.localized('name')} ({self.localized('unit')})"


class Sector(Translatable):
    """The plan's own sector code list (not the DAC list, which activities carry separately)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sectors")
    code = models.SlugField()
    name = models.CharField(max_length=120)
    dac_codes = models.JSONField(
        default=list, blank=True, help_text=_("DAC 5-digit purpose codes that map to it")
    )

    class Meta:
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_sector_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.localized("name")


class Technology(Translatable):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="technologies")
    code = models.SlugField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["plan", "name"]
        verbose_name_plural = "technologies"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_technology_code_per_plan")
        ]

    def __str__(self) -> str:
        return self.localized("name")
