"""manage.py load_shared_data [DIR] — the shared reference data a fresh install shows.

SDG and Agenda 2063 frameworks and the World Bank digital indicators, read where they are
(``DIGICOOP_SHARED_DATA``, by default ``../shared/data`` beside the checkout), never copied in.
Without that folder it says so and does nothing: the app works without reference data.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks.loader import FrameworkFileError, load_frameworks
from indicators.services import import_wdi_file
from indicators.wdi import WdiFileError
from lib.commands import BaseCommand


def indicator_files(directory: Path) -> list[Path]:
    """Each WDI series once: the long-format folders, then the wide bulk-download files."""
    long = sorted(
        p for p in (directory / "wdi-datasets-org").glob("*") if (p / "data.csv").is_file()
    )
    wide = sorted((directory / "wdi-bulk-download").glob("API_*.csv"))
    return long + wide


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the SDG / Agenda 2063 frameworks and the World Bank indicators from the shared "
        "data folder (default: DIGICOOP_SHARED_DATA). Re-running updates in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=None,
            help=gettext_lazy("the shared data folder, e.g. ../shared/data"),
        )

    def handle(self, *args, directory: Path | None, **options):
        directory = directory or settings.SHARED_DATA_DIR
        if not directory.is_dir():
            self.stdout.write(
                _("No shared data at %(directory)s; frameworks and indicators skipped.")
                % {"directory": directory}
            )
            return
        try:
            summary = load_frameworks(directory / "frameworks")
            self.stdout.write(
                _(
                    "Frameworks: SDG goals: %(goals)s, targets: %(targets)s, Agenda 2063 goals: "
                    "%(agenda)s."
                )
                % {
                    "goals": summary.goals,
                    "targets": summary.targets,
                    "agenda": summary.agenda2063_goals,
                }
            )
            for path in indicator_files(directory / "indicators"):
                result = import_wdi_file(path)
                self.stdout.write(
                    _("%(code)s: values: %(count)s.")
                    % {"code": result.code, "count": result.observations}
                )
        except (FrameworkFileError, WdiFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
