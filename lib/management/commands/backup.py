"""`manage.py backup --output FILE`: a consistent backup of the database and the uploaded files
while the site runs (lib.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.backup import BackupError, backup
from lib.commands import BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "Write a consistent backup of the database (SQLite online backup, or pg_dump) and of "
        "the uploaded files (MEDIA_ROOT) to FILE. The secret key and the personal-data keys "
        "are NOT in it: keep them separately."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, help=gettext_lazy("the backup file to write (.zip)")
        )

    def handle(self, *args, output: str, **options):
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("The folder %(path)s does not exist.") % {"path": path.parent})
        try:
            manifest = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Backup of the %(engine)s database and the uploaded files (files: %(files)s) "
                "written to %(path)s (bytes: %(size)s, %(created)s). Not included: the secret "
                "key and the personal-data keys (DIGICOOP_DATA_KEY or var/data_key); keep them "
                "apart."
            )
            % {
                "engine": manifest.engine,
                "files": len(manifest.media),
                "path": path,
                "size": path.stat().st_size,
                "created": manifest.created_at,
            }
        )
