"""manage.py import_wdi FILE… — World Bank WDI series (bulk-download CSV or data.csv)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.services import import_wdi_file
from indicators.wdi import WdiFileError
from lib.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import World Bank WDI indicator series, any indicator code: the wide bulk-download "
        "CSV (API_<CODE>_DS2_….csv, with its Metadata_Country file beside it) or the long "
        "data.csv of datasets/world-development-indicators (a folder or its data.csv). "
        "Each file replaces that indicator's series."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        bar = ProgressBar("Importing WDI", self.stderr._out)
        failed = []
        for n, path in enumerate(files, start=1):
            try:
                r = import_wdi_file(path)
            except (WdiFileError, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(f"REFUSED {exc}")
                continue
            finally:
                bar.update(n, len(files))
            self.stdout.write(
                f"{r.code} ({r.name}): {r.observations} values for {r.countries} countries; "
                f"{r.skipped_codes} aggregate or unknown codes skipped."
            )
        self.stdout.write(f"{len(files) - len(failed)} of {len(files)} file(s) imported.")
        if failed:
            raise CommandError(f"{len(failed)} file(s) refused; see above.")
