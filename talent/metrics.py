"""The registry is the source of the digital-talents target (registered at start-up)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from plans.models import Metric, Target
from progress import history
from progress.metrics import register
from talent.counting import digital_talents, first_completions_by_day


@register(
    Metric.DIGITAL_TALENTS,
    _(
        "Distinct persons, matched across partners, with at least one completed enrolment in an "
        "approved training programme, completed within the plan period."
    ),
)
def count_digital_talents(target: Target) -> Decimal:
    return Decimal(digital_talents(target.plan))


@history.register(Metric.DIGITAL_TALENTS)
def dated_digital_talents(target: Target):
    """Each talent counts from their first completion in the period (one row per day)."""
    return first_completions_by_day(target.plan)
