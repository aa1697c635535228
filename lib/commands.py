"""A management command whose ``--help`` speaks the language of whoever runs it.

Django builds a command's parser when the command runs, after ``manage.py`` has activated
``DIGICOOP_COMMAND_LANGUAGE``, so help written with ``gettext_lazy`` can be read in that
language. Three things stand in the way with Django's ``BaseCommand`` alone: argparse refuses a
lazy description (it runs a regular expression over it), the options Django adds to every
command (``--verbosity``, ``--settings``…) have English help, and so have argparse's own
headings ("usage:", "options") and its refusals of a command line ("the following arguments
are required"). This drop-in replacement makes the description a string of the active language
and translates the rest; every command of ours derives from it
(``lib/tests/test_commands.py`` checks they all do, and that their help is translated).
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import partial
from typing import Any, NoReturn

from django.core.management.base import BaseCommand as DjangoCommand
from django.core.management.base import CommandError, CommandParser, DjangoHelpFormatter
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The help of the options Django and argparse add to every command, by option string.
COMMON_OPTIONS = {
    "--help": _("Show this help message and exit."),
    "--version": _("Show the program's version number and exit."),
    "--verbosity": _(
        "Verbosity level: 0 = minimal output, 1 = normal output, 2 = verbose output, "
        "3 = very verbose output."
    ),
    "--settings": _(
        'The Python path to a settings module, e.g. "digicoop.settings". Without it, the '
        "DJANGO_SETTINGS_MODULE environment variable is used."
    ),
    "--pythonpath": _('A directory to add to the Python path, e.g. "/srv/digicoop".'),
    "--traceback": _("Show the full stack trace when the command fails."),
    "--no-color": _("Do not colour the command's output."),
    "--force-color": _("Colour the command's output even when it is not a terminal."),
    "--skip-checks": _("Skip the system checks."),
}

# argparse's headings of the argument groups, by their English title.
HEADINGS = {
    "positional arguments": _("positional arguments"),
    "options": _("options"),
}


# argparse's refusals of a command line (Python 3.11's wording), read back so they can be said
# in the reader's language; one argparse does not write this way keeps its English.
REFUSALS = [
    (
        re.compile(r"the following arguments are required: (?P<arguments>.+)"),
        _("these arguments are required: %(arguments)s"),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<arguments>.+)"),
        _("unknown arguments: %(arguments)s"),
    ),
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: (?P<value>.+) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        _("argument %(argument)s: %(value)s is not one of %(choices)s"),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): invalid \S+ value: (?P<value>.+)"),
        _("argument %(argument)s: %(value)s is not a valid value"),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): expected one argument"),
        _("argument %(argument)s needs a value"),
    ),
]


def translated_refusal(message: str) -> str:
    for pattern, sentence in REFUSALS:
        if match := pattern.fullmatch(message):
            return str(sentence) % match.groupdict()
    return message


class HelpFormatter(DjangoHelpFormatter):
    """Django's order of the options, with argparse's "usage:" prefix translated."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, gettext("usage: ") if prefix is None else prefix)


class BaseCommand(DjangoCommand):
    """Django's ``BaseCommand`` whose ``--help`` is in the active language.

    Write ``help`` and each argument's ``help`` with ``gettext_lazy``: they are read when the
    parser is built, in the language active then.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help) if self.help else None
        for action in parser._actions:  # private to argparse, but stable since Python 3.2
            if action.help == argparse.SUPPRESS:
                continue
            common = [COMMON_OPTIONS[o] for o in action.option_strings if o in COMMON_OPTIONS]
            if common:
                action.help = str(common[0])
            elif isinstance(action.help, Promise):
                action.help = str(action.help)
        for group in parser._action_groups:
            if group.title in HEADINGS:
                group.title = str(HEADINGS[group.title])
        parser.error = partial(_refuse, parser)  # type: ignore[method-assign]
        return parser


def _refuse(parser: CommandParser, message: str) -> NoReturn:
    """``CommandParser.error`` with argparse's refusal and its "error:" in the active language."""
    message = translated_refusal(message)
    if parser.called_from_command_line:
        parser.print_usage(sys.stderr)
        parser.exit(
            2, gettext("%(prog)s: error: %(message)s\n") % {"prog": parser.prog, "message": message}
        )
    raise CommandError(gettext("Error: %(message)s") % {"message": message})
