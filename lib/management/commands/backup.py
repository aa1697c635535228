"""`manage.py backup --output FILE`: a consistent backup while the site runs (lib.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lib.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (SQLite online backup, or pg_dump) to FILE. "
        "The secret key and the personal-data keys are NOT in it: keep them separately."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the backup file to write (.zip)")

    def handle(self, *args, output: str, **options):
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            manifest = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup of the {manifest.engine} database written to {path} "
            f"({path.stat().st_size} bytes, {manifest.created_at}). Not included: the secret key "
            "and the personal-data keys (DIGICOOP_DATA_KEY or var/data_key); keep them apart."
        )
