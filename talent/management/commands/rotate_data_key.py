"""Re-encrypt every trainee record under the first configured data key."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.commands import BaseCommand
from lib.progress import ProgressBar
from talent.crypto import generate_key, keyring
from talent.rotation import rotate, stale_records


class Command(BaseCommand):
    help = gettext_lazy(
        "Re-encrypt all trainees' personal data and recompute their blind indexes under the "
        "first key of DIGICOOP_DATA_KEY. To rotate: set DIGICOOP_DATA_KEY=NEW,OLD, run this "
        "command, then remove OLD. --generate prints a fresh key and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true", help=gettext_lazy("Print a new key and exit.")
        )
        parser.add_argument(
            "--batch", type=int, default=500, help=gettext_lazy("Records per transaction.")
        )

    def handle(self, *args, generate: bool, batch: int, **options):
        if generate:
            self.stdout.write(generate_key())
            return
        ring = keyring()
        pending = stale_records().count()
        self.stdout.write(
            _("Records to re-encrypt under key %(key)s: %(count)s.")
            % {"key": ring.primary.id, "count": pending}
        )
        bar = ProgressBar(_("Re-encrypting"), self.stdout._out, force=True)
        done = rotate(bar.update, batch=max(batch, 1))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Records re-encrypted under key %(key)s: %(done)s; left under other keys: "
                    "%(left)s. Older keys can now be removed."
                )
                % {"key": ring.primary.id, "done": done, "left": stale_records().count()}
            )
        )
