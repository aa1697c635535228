"""Load the clearly labelled, deterministic demo data set; re-running updates it in place."""

from __future__ import annotations

import random

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from demo.activities import build_activities
from demo.organisations import build_organisations
from lib.commands import BaseCommand
from participants.models import Organisation
from plans.models import Plan
from talent.demo import build_talent, clear_talent

SEED = 20240729


class Command(BaseCommand):
    help = gettext_lazy(
        "Create or refresh the synthetic demo data set (organisations marked '(demo)', "
        "activities, budgets, transactions, results) for the built-in plan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("Do nothing if demo data is already loaded."),
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and Organisation.objects.filter(is_demo=True).exists():
            self.stdout.write(_("Demo data already loaded; nothing to do."))
            return
        plan = Plan.objects.filter(is_builtin=True).first()
        if plan is None:
            raise CommandError(_("The built-in plan is missing: run `manage.py migrate` first."))
        rng = random.Random(SEED)
        with transaction.atomic():
            self.stdout.write(_("Demo organisations…"))
            orgs = build_organisations(plan, rng)
            clear_talent()  # demo trainees first: pruning demo activities must not be blocked
            self.stdout.write(_("Demo activities…"))
            build_activities(plan, orgs, rng)
            self.stdout.write(_("Demo training programmes and trainees…"))
            build_talent(plan, orgs, SEED)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded: organisations: %(organisations)s, activities: %(activities)s.")
                % {
                    "organisations": Organisation.objects.filter(is_demo=True).count(),
                    "activities": Activity.objects.filter(is_demo=True).count(),
                }
            )
        )
