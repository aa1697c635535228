"""The names of IATI 2.03 codes, read from the IATI Secretariat's own code-list files.

Activities carry codes of long IATI code lists (DAC sectors, aid types, finance types…) that a
person cannot read. Their official names come with **pyIATI 0.4.1**, the IATI Secretariat's
library, whose package holds the 2.03 code lists as XML
(``iati/resources/standard/2-03/codelists/*.xml``). Its own dependencies pin versions far older
than ours (lxml 4.2.4…), so the Makefile installs it with ``--no-deps`` and we **never import
it**: ``importlib.util.find_spec`` finds its folder without running its code, and only the data
files are read, with the project's safe XML parser (``lib.safe_xml``).

IATI publishes these names in English and French only: a French reader gets the French name,
every other reader the English one (``languages.multilingual.pick`` marks its language, so the
page can tag it). The short lists the model already labels in ``activities.codes`` (activity
scope, collaboration type, tied status, transaction type…) are translated there into every
interface language and are not read here.

Each list is read once per process and kept. Without the package a page shows codes instead of
names, and says why in the log, once (``name``); ``names`` itself raises ``CodelistsMissing``.
"""

from __future__ import annotations

import importlib.util
import logging
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from languages.multilingual import pick
from lib.safe_xml import parse_file

logger = logging.getLogger(__name__)

INSTALL_COMMAND = "pip install --no-deps pyIATI==0.4.1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inside the installed ``iati`` package.
CODELISTS_FOLDER = Path("resources", "standard", "2-03", "codelists")


class Codelist(StrEnum):
    """The code lists whose codes the activity pages name (their file names, without .xml)."""

    SECTOR = "Sector"  # DAC 5-digit purpose codes (sector vocabulary 1)
    SECTOR_CATEGORY = "SectorCategory"  # DAC 3-digit sector codes (sector vocabulary 2)
    REGION = "Region"  # OECD DAC regions (region vocabulary 1)
    FLOW_TYPE = "FlowType"
    FINANCE_TYPE = "FinanceType"
    AID_TYPE = "AidType"  # aid type vocabulary 1 (OECD DAC)
    POLICY_MARKER = "PolicyMarker"  # policy marker vocabulary 1 (OECD DAC CRS)


class CodelistsMissing(ImproperlyConfigured):
    """The IATI code-list files are not installed: names cannot be read."""


def codelists_folder() -> Path:
    """The folder of the IATI 2.03 code-list files inside the installed pyIATI package.

    Found without importing the package (its code needs libraries we do not install)."""
    spec = importlib.util.find_spec("iati")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        folder = Path(location, CODELISTS_FOLDER)
        if folder.is_dir():
            return folder
    raise CodelistsMissing(
        "The IATI 2.03 code lists (data files of the pyIATI package) are not installed, so "
        f"codes are shown without their names. Install them with: {INSTALL_COMMAND} "
        "(the Makefile's setup does)."
    )


def read_codelist(path: Path) -> dict[str, dict[str, str]]:
    """Each code of the code-list file at ``path`` with its name by language.

    A ``narrative`` without ``xml:lang`` is in the list's own language (English in every
    2.03 list). A file declaring a DOCTYPE is refused (``lib.safe_xml.DoctypeRefused``)."""
    root = parse_file(path)
    default_language = root.get(XML_LANG) or "en"
    names: dict[str, dict[str, str]] = {}
    for item in root.iterfind("codelist-items/codelist-item"):
        code = (item.findtext("code") or "").strip()
        by_language = {
            narrative.get(XML_LANG) or default_language: (narrative.text or "").strip()
            for narrative in item.iterfind("name/narrative")
        }
        if code:
            names[code] = {lang: text for lang, text in by_language.items() if text}
    return names


@cache
def names(codelist: Codelist) -> dict[str, dict[str, str]]:
    """Every code of ``codelist`` with its name by language, read once per process.

    Raises ``CodelistsMissing`` when the code lists are not installed."""
    return read_codelist(codelists_folder() / f"{codelist}.xml")


def name(codelist: Codelist, code: str) -> dict[str, str]:
    """The name of ``code`` by language (``{"en": …, "fr": …}``), empty when the list does not
    have the code (a newer code, a typing error) or when the code lists are not installed.

    The second case is logged as an error, once per process, with the command that installs
    them: a page then shows codes, and the log says why."""
    try:
        return names(codelist).get(code.strip(), {})
    except CodelistsMissing as missing:
        _report_missing(str(missing))
        return {}


def name_in(codelist: Codelist, code: str, language: str | None = None) -> str | None:
    """The name of ``code`` in ``language`` (the reader's by default) where IATI publishes it
    (French), else in English; ``None`` when the list does not have the code, so a reader can
    tell an unnamed code from a name (the API shows it as null)."""
    return pick(name(codelist, code), language).text or None


@cache
def _report_missing(message: str) -> None:
    logger.error(message)
