from __future__ import annotations

from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = "Talent registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from talent import (
            metrics,  # noqa: F401  (registers the digital-talents measure)
            rollup,
        )
        from talent.crypto import keyring
        from talent.keycheck import check_data_key

        # A malformed key stops every command and server right here, before any request.
        keyring()
        checks.register(check_data_key, "talent")
        rollup.connect()
