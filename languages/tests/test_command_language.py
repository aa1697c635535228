"""Management commands speak the language of whoever runs them: the active language (so
``call_command`` inside ``translation.override`` prints in it), which ``manage.py`` sets from
``DIGICOOP_COMMAND_LANGUAGE``; English when it is not set."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from interop.tests.iati_samples import activity, document, write


@pytest.mark.django_db
def test_an_import_commands_summary_and_refusals_are_in_the_active_language(tmp_path):
    path = write(tmp_path, document(activity(), activity("XM-TEST-1-A2", budget="lots")))
    out, err = StringIO(), StringIO()
    with translation.override("fr"), pytest.raises(CommandError) as refused:
        call_command("import_iati", str(path), stdout=out, stderr=err)
    assert "Activités lues : 2, créées : 1, mises à jour : 0" in out.getvalue()
    assert "REFUSÉ " in err.getvalue() and "activité XM-TEST-1-A2" in err.getvalue()
    assert "budget/value vaut 'lots'" in err.getvalue()
    assert str(refused.value) == "Refus : 1 ; voir ci-dessus."


@pytest.mark.django_db
def test_an_enrolment_sheets_refusals_are_in_the_active_language(tmp_path, personas):
    from talent.tests.helpers import make_programme, row
    from talent.tests.test_bulk_import import csv_bytes

    programme = make_programme(personas.plan, personas.kenyan_ministry)
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes([row(birth_year="soon")]))
    out, err = StringIO(), StringIO()
    with translation.override("pt"):
        call_command(
            "import_enrolments", str(path), "--programme", str(programme.pk), stdout=out,
            stderr=err,
        )  # fmt: skip
    assert "Linhas importadas: 0. Linhas recusadas: 1." in out.getvalue()
    assert "linha 2, coluna birth_year: 'soon': esperava-se um ano como 1998" in err.getvalue()


def _manage(*args: str, language: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DIGICOOP_COMMAND_LANGUAGE"}
    if language is not None:
        env["DIGICOOP_COMMAND_LANGUAGE"] = language
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (None, "/nowhere/frameworks: no such directory"),
        ("fr", "/nowhere/frameworks : aucun dossier de ce nom"),
        ("ar", "/nowhere/frameworks: لا يوجد مجلد بهذا الاسم"),
    ],
)
def test_manage_py_speaks_the_language_set_in_the_environment(language, expected):
    run = _manage("load_frameworks", "/nowhere/frameworks", language=language)
    assert run.returncode == 1
    assert expected in run.stderr, run.stderr


def test_an_unknown_command_language_stops_manage_py_naming_the_variable():
    run = _manage("check", language="klingon")
    assert run.returncode != 0
    assert "DIGICOOP_COMMAND_LANGUAGE must be one of en, fr, zh-hans, ar, pt" in run.stderr


@pytest.mark.django_db
def test_a_restore_refusal_is_in_the_active_language(tmp_path):
    with translation.override("fr"), pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "none.zip"), stdout=StringIO())
    assert str(refused.value) == f"Il n'y a pas de fichier {tmp_path / 'none.zip'}."


def test_a_commands_help_is_in_the_language_set_in_the_environment():
    run = _manage("report", "--help", language="fr")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("utilisation : manage.py report")
    text = " ".join(run.stdout.split())  # argparse wraps lines
    assert "Écrire le rapport d'avancement d'un plan" in text  # the command's own help
    assert "--pillar PILLAR code du pilier, p. ex. capability" in text  # an option's
    assert "-h, --help Afficher ce message d'aide et quitter." in text  # argparse's
    assert "--traceback Afficher la trace complète" in text  # Django's common options


def test_a_commands_help_is_in_english_when_no_language_is_set():
    run = _manage("report", "--help", language=None)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage: manage.py report")
    assert "Write the progress report of a plan" in " ".join(run.stdout.split())


def test_a_command_line_refused_by_manage_py_is_explained_in_the_command_language():
    run = _manage("report", "--language", "fr", language="fr")
    assert run.returncode == 2
    assert run.stderr.startswith("utilisation : manage.py report")
    assert "manage.py report : erreur : ces arguments sont obligatoires : --output" in run.stderr
