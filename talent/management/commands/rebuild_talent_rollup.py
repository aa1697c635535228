"""Recompute the talent figures' roll-up from the enrolments (talent.rollup)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from talent import counting, rollup
from talent.models import TalentFact


class Command(BaseCommand):
    help = "Recompute the talent figures' roll-up from the raw enrolments."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            rollup.rebuild()
        self.stdout.write(f"{TalentFact.objects.count():,} roll-up rows.")
        # The roll-up is derived data: say at once if it disagrees with the raw aggregate.
        from plans.models import Plan

        for plan in Plan.objects.all():
            if counting.digital_talents(plan) != counting.raw_digital_talents(plan):
                raise SystemExit(f"{plan}: the roll-up disagrees with the raw count")
