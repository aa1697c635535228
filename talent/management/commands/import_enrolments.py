"""Enrol trainees into a programme from a CSV or XLSX sheet."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.commands import BaseCommand
from lib.progress import ProgressBar
from talent.models import Programme
from talent.sheets import SheetError, import_sheet, template_xlsx


class Command(BaseCommand):
    help = gettext_lazy(
        "Import enrolments from a CSV or XLSX sheet (columns as in the downloadable template) "
        "into a programme. All-or-nothing unless --keep-good; prints rows imported, rows "
        "refused and the distinct-talent count after the import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("Path to a .csv or .xlsx sheet"))
        parser.add_argument(
            "--programme", type=int, required=True, help=gettext_lazy("Programme id")
        )
        parser.add_argument(
            "--provider",
            type=int,
            help=gettext_lazy("Provider organisation id (needed if several)"),
        )
        parser.add_argument(
            "--keep-good",
            action="store_true",
            help=gettext_lazy("Import the good rows even if some are bad"),
        )
        parser.add_argument(
            "--rejects", help=gettext_lazy("Write the refused rows to this .xlsx file to fix")
        )

    def handle(self, *args, file, programme, provider, keep_good, rejects, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": file})
        prog = Programme.objects.select_related("activity__plan").filter(pk=programme).first()
        if prog is None:
            raise CommandError(_("--programme %(id)s: no such programme") % {"id": programme})
        providers = list(prog.providers.all())
        if provider is not None:
            providers = [o for o in providers if o.pk == provider]
            if not providers:
                raise CommandError(
                    _("--provider %(id)s does not provide this programme") % {"id": provider}
                )
        if len(providers) != 1:
            raise CommandError(
                _("This programme has several providers; choose one with --provider %(choices)s")
                % {"choices": ", ".join(f"{o.pk} ({o.name})" for o in providers)}
            )
        try:
            report = import_sheet(
                prog,
                providers[0],
                path.read_bytes(),
                path.name,
                keep_good=keep_good,
                progress=ProgressBar(_("Enrolling"), self.stdout._out, force=True).update,
            )
        except SheetError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        for error in report.errors:
            self.stderr.write(f"{path.name}: {error}")
        if rejects and report.bad_rows:
            Path(rejects).write_bytes(template_xlsx(report.bad_rows, with_errors=True))
            self.stdout.write(_("Refused rows written to %(path)s") % {"path": rejects})
        if report.refused and not keep_good:
            self.stdout.write(_("Nothing imported: fix the rows above or use --keep-good."))
        style = self.style.SUCCESS if not report.refused else self.style.WARNING
        self.stdout.write(
            style(
                _(
                    "Rows imported: %(imported)s. Rows refused: %(refused)s. Distinct digital "
                    "talents trained: %(talents)s."
                )
                % {
                    "imported": report.imported,
                    "refused": report.refused,
                    "talents": report.distinct_talents,
                }
            )
        )
