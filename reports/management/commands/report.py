"""manage.py report — write a progress report of the plan, a pillar or a country (PDF or HTML)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.commands import BaseCommand
from reports.services import FORMATS, ReportError, resolve, write_report


class Command(BaseCommand):
    help = gettext_lazy(
        "Write the progress report of a plan (the default plan unless --plan), narrowed to a "
        "pillar or a country, over the plan's period or --period, in one of the interface "
        "languages, as PDF or HTML. Nothing is written unless the whole report is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help=gettext_lazy("plan slug (default: the default plan)"))
        parser.add_argument("--pillar", help=gettext_lazy("pillar code, e.g. capability"))
        parser.add_argument("--country", help=gettext_lazy("ISO 3166-1 alpha-2 code, e.g. KE"))
        parser.add_argument(
            "--period", help=gettext_lazy("START..END, e.g. 2024-07-29..2025-07-28")
        )
        parser.add_argument(
            "--language", default="en", help=gettext_lazy("en, fr, zh-hans, ar or pt")
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            metavar="FORMAT",
            default="pdf",
            help=gettext_lazy("pdf or html"),
        )
        parser.add_argument(
            "--output", required=True, type=Path, help=gettext_lazy("file to write")
        )

    def handle(self, *args, plan, pillar, country, period, language, fmt, output, **options):
        if fmt not in FORMATS:
            raise CommandError(
                _("--format must be one of %(formats)s, not %(value)r.")
                % {"formats": ", ".join(FORMATS), "value": fmt}
            )
        if pillar and country:
            raise CommandError(_("A report covers a pillar or a country, not both."))
        if not output.parent.is_dir():
            raise CommandError(
                _("The folder of --output does not exist: %(folder)s") % {"folder": output.parent}
            )
        try:
            spec = resolve(
                plan=plan, pillar=pillar, country=country, period=period, language=language
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        self.stderr.write(
            _("Writing the report (%(format)s, %(language)s)…")
            % {"format": fmt.upper(), "language": spec.language}
        )
        size = write_report(spec, fmt, output)
        self.stdout.write(
            _("Report written to %(file)s (bytes: %(size)s, seconds: %(seconds)s).")
            % {
                "file": output,
                "size": number_format(size, force_grouping=True),
                "seconds": number_format(time.monotonic() - started, decimal_pos=1),
            }
        )
