"""manage.py report — write a progress report of the plan, a pillar or a country (PDF or HTML)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.services import FORMATS, ReportError, resolve, write_report


class Command(BaseCommand):
    help = (
        "Write the progress report of a plan (the default plan unless --plan), narrowed to a "
        "pillar or a country, over the plan's period or --period, in one of the interface "
        "languages, as PDF or HTML. Nothing is written unless the whole report is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="plan slug (default: the default plan)")
        parser.add_argument("--pillar", help="pillar code, e.g. capability")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 code, e.g. KE")
        parser.add_argument("--period", help="START..END, e.g. 2024-07-29..2025-07-28")
        parser.add_argument("--language", default="en", help="en, fr, zh-hans, ar or pt")
        parser.add_argument("--format", dest="fmt", default="pdf", help="pdf or html")
        parser.add_argument("--output", required=True, type=Path, help="file to write")

    def handle(self, *args, plan, pillar, country, period, language, fmt, output, **options):
        if fmt not in FORMATS:
            raise CommandError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
        if pillar and country:
            raise CommandError("A report covers a pillar or a country, not both.")
        if not output.parent.is_dir():
            raise CommandError(f"The folder of --output does not exist: {output.parent}")
        try:
            spec = resolve(
                plan=plan, pillar=pillar, country=country, period=period, language=language
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        self.stderr.write(f"Writing the report ({fmt.upper()}, {spec.language})…")
        size = write_report(spec, fmt, output)
        self.stdout.write(
            f"Report written to {output} ({size:,} bytes, {time.monotonic() - started:.1f} s)."
        )
