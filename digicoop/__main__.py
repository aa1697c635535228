"""``python -m digicoop <command>``: the same commands as ``manage.py``."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
execute_from_command_line(["digicoop", *sys.argv[1:]])
