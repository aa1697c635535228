"""`manage.py restore FILE`: restore a backup into an empty database and an empty MEDIA_ROOT,
then migrate."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.backup import BackupError, restore
from lib.commands import BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "Restore a backup written by `manage.py backup` into an empty database and an empty "
        "MEDIA_ROOT (nothing is written if the file is not a complete digicoop backup), then "
        "migrate it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("the backup file"))

    def handle(self, *args, file: str, **options):
        try:
            manifest = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            _(
                "Restored the backup of %(created)s (%(engine)s) and its uploaded files (files: "
                "%(files)s); the schema is migrated to this version."
            )
            % {
                "created": manifest["created_at"],
                "engine": manifest["engine"],
                "files": len(manifest.get("media") or []),
            }
        )
