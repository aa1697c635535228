from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    """The five languages: choosing one, showing multilingual records, fonts for every script."""

    name = "languages"
    verbose_name = _("Languages")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from languages import checks  # noqa: F401  (registers the fonts check)
        from languages.labels import translate_labels

        translate_labels()

        # LocaleMiddleware activates the reader's language for the thread and never resets it;
        # reset it when the response is done, so nothing outside a request (a task, the next
        # test) runs in the last reader's language.
        request_finished.connect(_back_to_default, dispatch_uid="languages.reset")


def _back_to_default(**kwargs) -> None:
    from django.utils import translation

    translation.deactivate()
