"""manage.py load_exchange_rates PATH — the World Bank's official annual exchange rates."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finance.rates import RatesFileError, load_wdi_rates
from lib.commands import BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the official annual average exchange rates (World Bank WDI PA.NUS.FCRF, LCU per "
        "US$) from its data.csv or the folder holding it; replaces the rates loaded before. "
        "Finance totals convert with them (each figure shows its rate, year and source)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help=gettext_lazy("the data.csv file, or the folder holding it")
        )

    def handle(self, *args, path: Path, **options):
        csv_path = path / "data.csv" if path.is_dir() else path
        try:
            report = load_wdi_rates(csv_path)
        except (RatesFileError, OSError) as exc:
            raise CommandError(f"{csv_path}: {exc}") from exc
        self.stdout.write(
            _(
                "Loaded from %(path)s: annual rates: %(rates)s, currencies: %(currencies)s; rows "
                "skipped (aggregates, former currencies): %(skipped)s."
            )
            % {
                "path": csv_path,
                "rates": report.rates,
                "currencies": report.currencies,
                "skipped": report.skipped_rows,
            }
        )
