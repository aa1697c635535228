"""manage.py send_reporting_reminders — queue reminders to partners around reporting due dates."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from finance.reporting import queue_reminders
from lib.commands import BaseCommand
from plans.models import Plan


class Command(BaseCommand):
    help = gettext_lazy(
        "Queue the reporting reminders owed today to each partner's focal points (before a due "
        "date if the partner has not reported, once after it if it still has not); the task "
        "worker sends them. Run it daily (cron): no reminder is ever sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help=gettext_lazy("plan slug (default: every plan)"))
        parser.add_argument("--today", type=dt.date.fromisoformat, help=gettext_lazy("YYYY-MM-DD"))

    def handle(self, *args, plan=None, today=None, **options):
        plans = Plan.objects.all()
        if plan:
            plans = plans.filter(slug=plan)
            if not plans:
                raise CommandError(_("No plan with the slug %(slug)r.") % {"slug": plan})
        for p in plans:
            report = queue_reminders(p, today)
            self.stdout.write(
                ngettext(
                    "%(plan)s: %(count)s reminder queued.",
                    "%(plan)s: %(count)s reminders queued.",
                    report.queued,
                )
                % {"plan": p.slug, "count": report.queued}
            )
            if report.without_focal_point:
                self.stdout.write(
                    "  "
                    + _("no focal point with an e-mail address: %(countries)s")
                    % {"countries": ", ".join(report.without_focal_point)}
                )
