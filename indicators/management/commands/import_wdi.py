"""manage.py import_wdi FILE… — World Bank WDI series (bulk-download CSV or data.csv)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.services import import_wdi_file
from indicators.wdi import WdiFileError
from lib.commands import BaseCommand
from lib.progress import ProgressBar


class Command(BaseCommand):
    help = gettext_lazy(
        "Import World Bank WDI indicator series, any indicator code: the wide bulk-download "
        "CSV (API_<CODE>_DS2_….csv, with its Metadata_Country file beside it) or the long "
        "data.csv of datasets/world-development-indicators (a folder or its data.csv). "
        "Each file replaces that indicator's series."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", type=Path, help=gettext_lazy("WDI files or data.csv folders")
        )

    def handle(self, *args, files, **options):
        bar = ProgressBar(_("Importing WDI"), self.stderr._out)
        failed = []
        for n, path in enumerate(files, start=1):
            try:
                r = import_wdi_file(path)
            except (WdiFileError, OSError) as exc:
                failed.append(str(exc))
                self.stderr.write(_("REFUSED %(reason)s") % {"reason": exc})
                continue
            finally:
                bar.update(n, len(files))
            self.stdout.write(
                _(
                    "%(code)s (%(name)s): values: %(values)s, countries: %(countries)s; aggregate "
                    "or unknown codes skipped: %(skipped)s."
                )
                % {
                    "code": r.code,
                    "name": r.name,
                    "values": r.observations,
                    "countries": r.countries,
                    "skipped": r.skipped_codes,
                }
            )
        self.stdout.write(
            _("Files imported: %(done)s of %(total)s.")
            % {"done": len(files) - len(failed), "total": len(files)}
        )
        if failed:
            raise CommandError(_("Files refused: %(count)s; see above.") % {"count": len(failed)})
