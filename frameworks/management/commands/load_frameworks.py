"""manage.py load_frameworks DIR — SDG goals/targets (all languages) and Agenda 2063."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks.loader import FrameworkFileError, load_frameworks
from lib.commands import BaseCommand


class Command(BaseCommand):
    help = gettext_lazy(
        "Load SDG goals and targets in every language present (DIR/sdg/<lang>/global_*.yml) "
        "and Agenda 2063 aspirations and goals (DIR/agenda2063/*.csv). Re-running updates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", type=Path, help=gettext_lazy("e.g. ../shared/data/frameworks")
        )

    def handle(self, *args, directory: Path, **options):
        if not directory.is_dir():
            raise CommandError(_("%(path)s: no such directory") % {"path": directory})
        try:
            s = load_frameworks(directory)
        except (FrameworkFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Loaded: SDG goals: %(goals)s, targets: %(targets)s, languages: %(languages)s; "
                "Agenda 2063 aspirations: %(aspirations)s, goals: %(agenda)s."
            )
            % {
                "goals": s.goals,
                "targets": s.targets,
                "languages": ", ".join(s.languages),
                "aspirations": s.aspirations,
                "agenda": s.agenda2063_goals,
            }
        )
