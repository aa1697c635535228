"""manage.py load_frameworks DIR — SDG goals/targets (all languages) and Agenda 2063."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frameworks.loader import FrameworkFileError, load_frameworks


class Command(BaseCommand):
    help = (
        "Load SDG goals and targets in every language present (DIR/sdg/<lang>/global_*.yml) "
        "and Agenda 2063 aspirations and goals (DIR/agenda2063/*.csv). Re-running updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="e.g. ../shared/data/frameworks")

    def handle(self, *args, directory: Path, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory}: no such directory")
        try:
            s = load_frameworks(directory)
        except (FrameworkFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Loaded {s.goals} SDG goals and {s.targets} targets in {len(s.languages)} "
            f"languages ({', '.join(s.languages)}); {s.aspirations} Agenda 2063 aspirations "
            f"and {s.agenda2063_goals} goals."
        )
