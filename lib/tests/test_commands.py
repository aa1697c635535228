"""Our management commands' ``--help`` is in the reader's language (lib.commands)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import translation

from lib.commands import BaseCommand, translated_refusal

LANGUAGES = ("fr", "zh-hans", "ar", "pt")


def our_commands() -> list[tuple[str, str]]:
    """(app, command) for every command defined in this repository (not Django's, not a
    library's)."""
    base = Path(settings.BASE_DIR)
    return sorted(
        (app, name)
        for name, app in get_commands().items()
        if (base / app.replace(".", "/") / "management" / "commands" / f"{name}.py").is_file()
    )


def help_texts(app: str, name: str) -> dict[str, str]:
    """The command's description and each option's help, as its parser shows them now."""
    parser = load_command_class(app, name).create_parser("manage.py", name)
    texts = {"description": parser.description}
    texts |= {
        "/".join(action.option_strings) or action.dest: action.help
        for action in parser._actions
        if action.help != argparse.SUPPRESS
    }
    texts |= {f"heading {i}": group.title for i, group in enumerate(parser._action_groups)}
    return texts


def test_the_repository_has_commands_to_check():
    assert {"report", "import_iati", "backup", "api_token"} <= {n for _a, n in our_commands()}


@pytest.mark.parametrize(("app", "name"), our_commands())
def test_every_command_of_ours_has_translatable_help(app, name):
    assert isinstance(load_command_class(app, name), BaseCommand)
    with translation.override("en"):
        english = help_texts(app, name)
    missing = sorted(option for option, text in english.items() if not text)
    assert not missing, f"{name}: no help for {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("app", "name"), our_commands())
def test_every_commands_help_is_shown_in_the_active_language(app, name, language):
    with translation.override("en"):
        english = help_texts(app, name)
    with translation.override(language):
        shown = help_texts(app, name)
    # French writes "options" as English does; every other text must differ.
    untranslated = sorted(
        option for option, text in shown.items() if text == english[option] and text != "options"
    )
    assert not untranslated, f"{name} in {language}: English help for {untranslated}"


def test_a_refused_command_line_is_explained_in_the_active_language():
    with translation.override("fr"), pytest.raises(CommandError) as refused:
        call_command("api_token", "explode", "someone")
    assert str(refused.value) == (
        "Erreur : argument action : 'explode' n'est pas l'une des valeurs "
        "'create', 'list', 'revoke'"
    )


@pytest.mark.parametrize(
    ("english", "portuguese"),
    [
        (
            "the following arguments are required: --output",
            "estes argumentos são obrigatórios: --output",
        ),
        ("unrecognized arguments: --colour", "argumentos desconhecidos: --colour"),
        (
            "argument --batch: invalid int value: 'many'",
            "argumento --batch: 'many' não é um valor válido",
        ),
        ("argument --plan: expected one argument", "o argumento --plan precisa de um valor"),
        ("something argparse never said", "something argparse never said"),
    ],
)
def test_argparses_refusals_are_read_back_and_said_again(english, portuguese):
    with translation.override("pt"):
        assert translated_refusal(english) == portuguese
