"""manage.py export_iati --output FILE — write activities as IATI 2.03 XML."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interop.iati_export import export_queryset, write_iati
from lib.commands import BaseCommand
from lib.progress import ProgressBar
from plans.models import Plan


class Command(BaseCommand):
    help = gettext_lazy(
        "Export activities as IATI 2.03 activity XML, valid against the official schema. "
        "By default every activity in the database, whatever its workflow state."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help=gettext_lazy("File to write")
        )
        parser.add_argument("--plan", help=gettext_lazy("Only the activities of this plan (slug)"))
        parser.add_argument(
            "--approved-only", action="store_true", help=gettext_lazy("Only approved activities")
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help=gettext_lazy("Draw the progress bar even when not a tty"),
        )

    def handle(self, *args, output, plan, approved_only, progress, **options):
        chosen = None
        if plan:
            chosen = Plan.objects.filter(slug=plan).first()
            if chosen is None:
                raise CommandError(_("No such plan: %(slug)r") % {"slug": plan})
        activities = export_queryset(chosen, approved_only=approved_only)
        bar = ProgressBar(
            _("Exporting to %(file)s") % {"file": output.name}, self.stderr._out, force=progress
        )
        tmp = output.with_name(output.name + ".part")
        with tmp.open("wb") as handle:
            count = write_iati(activities, handle, bar.update)
        tmp.replace(output)
        self.stdout.write(
            _("Activities written to %(file)s (IATI 2.03): %(count)s.")
            % {"file": output, "count": count}
        )
