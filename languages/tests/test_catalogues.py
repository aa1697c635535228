"""The catalogues are complete: every interface string has a translation in every language,
with the same placeholders as its source.

What counts as an interface string: everything ``make messages`` extracts from our code and
templates (``gettext``/``gettext_lazy``/``{% translate %}``/``{% blocktranslate %}``) plus our
models' labels (``languages/model_labels.py``). The test extracts afresh with ``makemessages``
into a temporary copy, so a string added to the code but not yet in the catalogues fails here
too, not only one left empty in them.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from languages.labels import WRAPPED
from languages.model_labels import LABELS

LANGUAGES = ("fr", "zh_Hans", "ar", "pt")
BASE = Path(settings.BASE_DIR)
MSGFMT = shutil.which("msgfmt") or "msgfmt"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The catalogues as ``make messages`` would leave them, built in a scratch copy of the
    sources (makemessages writes beside the sources it reads; the real ones stay untouched)."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: run `make test` (it installs Debian's gettext)")
    scratch = tmp_path_factory.mktemp("sources")
    skip = shutil.ignore_patterns(
        ".*", "var", "bench", "build", "node_modules", "__pycache__", "*.mo", "*.png", "*.egg-info"
    )
    for entry in BASE.iterdir():
        if entry.name.startswith(".") or entry.name in {"var", "bench", "build"}:
            continue
        if entry.is_dir():
            shutil.copytree(entry, scratch / entry.name, ignore=skip)
        elif entry.suffix in {".py", ".html", ".txt"}:
            shutil.copy2(entry, scratch / entry.name)
    with override_settings(LOCALE_PATHS=[scratch / "locale"]), contextlib.chdir(scratch):
        call_command(
            "makemessages", locale=list(LANGUAGES), add_location="file", no_obsolete=True,
            verbosity=0,
        )  # fmt: skip
    return scratch / "locale"


def catalogue(root: Path, language: str):
    with (root / language / "LC_MESSAGES" / "django.po").open("rb") as fh:
        return read_po(fh)


def test_every_model_label_is_listed_for_the_catalogues():
    missing = sorted(WRAPPED - set(LABELS))
    assert not missing, f"run `make messages` (labels not in languages/model_labels.py): {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(extracted, language):
    untranslated = []
    for message in catalogue(extracted, language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            untranslated.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not untranslated, (
        f"{len(untranslated)} strings lack a {language} translation (fill "
        f"locale/{language}/LC_MESSAGES/django.po after `make messages`): {untranslated[:40]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_source(language):
    wrong = []
    for message in catalogue(BASE / "locale", language):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            source = set(placeholders(message.id[0])) | set(placeholders(message.id[1]))
            forms = [set(placeholders(s)) for s in message.string if s]
            # A form for exactly one number (Arabic's 0, 1 and 2) may spell the number out.
            if forms and (any(f - source for f in forms) or set().union(*forms) != source):
                wrong.append(message.id[0])
        elif message.string and placeholders(message.string) != placeholders(message.id):
            wrong.append(message.id)
    assert not wrong, f"{language} translations whose placeholders differ from the source: {wrong}"


def test_the_catalogues_compile(tmp_path):
    """msgfmt --check-format (what compilemessages runs) accepts every catalogue."""
    for language in LANGUAGES:
        po = BASE / "locale" / language / "LC_MESSAGES" / "django.po"
        result = subprocess.run(  # noqa: S603 - our own files, a fixed program
            [MSGFMT, "--check-format", "-o", str(tmp_path / f"{language}.mo"), str(po)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
