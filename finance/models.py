"""Money and accountability: exchange rates, each plan's conversion policy, pledges and the
reporting calendar.

Amounts are always kept in their original currency; conversion to US dollars happens when a
figure is shown, with the rate, its date and its source carried beside it (see finance.rates).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models import validate_currency
from languages.multilingual import Translatable


class ExchangeRate(models.Model):
    """Units of ``currency`` per US dollar over a period (an annual average for WDI rates)."""

    currency = models.CharField(max_length=3, validators=[validate_currency])
    period_start = models.DateField()
    period_end = models.DateField()
    units_per_usd = models.DecimalField(
        max_digits=24, decimal_places=10, validators=[MinValueValidator(Decimal("0"))]
    )
    source = models.CharField(
        max_length=40, help_text=_("Series the rate comes from, e.g. WDI PA.NUS.FCRF")
    )
    # Data, not a sentence: the page words it in the reader's language (finance.rates.Rate).
    countries = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "The rows of the series that gave this rate: ISO 3166 alpha-3 codes, EMU for the "
            "euro area"
        ),
    )

    class Meta:
        ordering = ["currency", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "currency", "period_start", "period_end"],
                name="unique_rate_per_source_and_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.units_per_usd}/USD ({self.period_start:%Y}, {self.source})"


class ConversionPolicy(models.TextChoices):
    ANNUAL_AVERAGE = "annual_average", _("Annual average rate of the value date's year")
    REFERENCE_YEAR = "reference_year", _("Annual average rate of one reference year")


class FinanceSettings(models.Model):
    """A plan's choice of conversion policy; a plan without one uses the default."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="finance")
    policy = models.CharField(
        max_length=20, choices=ConversionPolicy.choices, default=ConversionPolicy.ANNUAL_AVERAGE
    )
    reference_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Year whose rates convert every amount")
    )

    class Meta:
        verbose_name_plural = "finance settings"

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_policy_display()}"

    def clean(self) -> None:
        if self.policy == ConversionPolicy.REFERENCE_YEAR and not self.reference_year:
            raise ValidationError({"reference_year": _("Name the reference year.")})


class PledgeStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    COMMITTED = "committed", _("Committed")
    UNDER_WAY = "under_way", _("Under way")
    DELIVERED = "delivered", _("Delivered")
    DROPPED = "dropped", _("Dropped")


class Pledge(Translatable):
    """A partner's public commitment to the plan: money, or a contribution to a target.

    What is delivered is never typed in: it is computed from the records (finance.pledges).
    ``statement`` holds the English text, ``translations`` the others (languages.multilingual).
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(
        "participants.Organisation", on_delete=models.PROTECT, related_name="pledges"
    )
    statement = models.CharField(max_length=300)
    pledged_on = models.DateField()
    pillar = models.ForeignKey(
        "plans.Pillar", on_delete=models.PROTECT, null=True, blank=True, related_name="pledges"
    )
    countries = models.ManyToManyField("participants.Country", blank=True, related_name="+")
    status = models.CharField(
        max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.PLEDGED
    )
    # Money pledge: an amount in its own currency.
    amount = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    # Contribution pledge: a quantity toward one of the plan's targets.
    target = models.ForeignKey(
        "plans.Target", on_delete=models.PROTECT, null=True, blank=True, related_name="pledges"
    )
    quantity = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    # The records that deliver it: activities of the pledging partner (their trainees, their
    # disbursements, their status) are what moves the delivered share.
    activities = models.ManyToManyField("activities.Activity", blank=True, related_name="pledges")

    class Meta:
        ordering = ["plan", "-pledged_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.statement}"

    @property
    def is_money(self) -> bool:
        return self.amount is not None

    def clean(self) -> None:
        errors: dict = {}
        if (self.amount is None) == (self.target_id is None):
            errors["__all__"] = _(
                "A pledge is either money (an amount and currency) or a contribution to a target."
            )
        if self.amount is not None:
            if not self.currency:
                errors["currency"] = _("A money pledge names its currency.")
            if self.amount <= 0:
                errors["amount"] = _("A pledged amount is positive.")
        if self.target_id is not None:
            if self.quantity is None or self.quantity <= 0:
                errors["quantity"] = _("Say how much of the target is pledged (a positive number).")
            elif self.plan_id and self.target.plan_id != self.plan_id:
                errors["target"] = _("The target belongs to another plan.")
        if self.pillar_id is not None and self.plan_id and self.pillar.plan_id != self.plan_id:
            errors["pillar"] = _("The pillar belongs to another plan.")
        if self.plan_id and self.pledged_on:
            errors.update(self._date_errors())
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict:
        """A pledge is made to a plan that exists and still runs: not before the plan was
        adopted (pledges are often announced at the summit that adopts it, which may precede
        its period) nor after its period ends."""
        plan = self.plan
        earliest = min(plan.adopted_on, plan.period_start)
        if self.pledged_on < earliest:
            message = _("A pledge cannot be dated before the plan was adopted (%(date)s).")
            return {"pledged_on": message % {"date": earliest.isoformat()}}
        if self.pledged_on > plan.period_end:
            message = _("A pledge cannot be dated after the plan's period ends (%(date)s).")
            return {"pledged_on": message % {"date": plan.period_end.isoformat()}}
        return {}


class ReportingDeadline(Translatable):
    """A due date of the plan's reporting calendar: by then each partner brings its records up
    to date (activities, budgets, transactions and results of the period). ``label`` holds the
    English name of the period, ``translations`` the others."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="reporting_deadlines"
    )
    label = models.CharField(max_length=100)
    period_start = models.DateField()
    due_on = models.DateField()

    class Meta:
        ordering = ["plan", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "due_on"], name="unique_due_date_per_plan")
        ]

    def __str__(self) -> str:
        return _("%(label)s (due %(date)s)") % {"label": self.label, "date": self.due_on}

    def clean(self) -> None:
        if self.period_start and self.due_on and self.due_on < self.period_start:
            raise ValidationError({"due_on": _("The due date cannot be before the period starts.")})


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    OVERDUE = "overdue", _("After the due date")


class ReminderSent(models.Model):
    """One reminder sent to one partner for one due date: sending twice is never needed."""

    deadline = models.ForeignKey(
        ReportingDeadline, on_delete=models.CASCADE, related_name="reminders"
    )
    organisation = models.ForeignKey(
        "participants.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    recipients = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "organisation", "kind"], name="unique_reminder"
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s: %(organisation)s for %(deadline)s") % {
            "kind": self.get_kind_display(),
            "organisation": self.organisation,
            "deadline": self.deadline,
        }
