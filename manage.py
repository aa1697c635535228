#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    if settings.COMMAND_LANGUAGE:
        # Commands print in the active language (Django leaves it alone); a fresh process has
        # none, so without this they would always speak LANGUAGE_CODE.
        import django
        from django.utils import translation

        django.setup()
        translation.activate(settings.COMMAND_LANGUAGE)
    execute_from_command_line(sys.argv)
