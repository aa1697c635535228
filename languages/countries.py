"""Country names in the reader's language, from the ISO 3166 translations pycountry ships
(Debian's iso-codes catalogues), so the 249 countries need no translation of our own."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from languages.multilingual import current_language

# Our language codes → the catalogue names iso-codes uses.
CATALOGUES = {"fr": "fr", "zh-hans": "zh_CN", "ar": "ar", "pt": "pt"}


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    name = CATALOGUES.get(language)
    if not name:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [name], fallback=True)


@cache
def _sources(code: str) -> tuple[str, ...]:
    """The English names iso-codes translates for ``code``: common name first, then name."""
    record = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if record is None:
        return ()
    return tuple(
        n
        for n in (
            getattr(record, "common_name", None),
            record.name,
            getattr(record, "official_name", None),
        )
        if n
    )


def country_name(code: str, english: str, language: str | None = None) -> str:
    """``english`` (our stored name) in ``language`` (the reader's by default), else English."""
    catalogue = _catalogue((language or current_language()).lower())
    known = getattr(catalogue, "_catalog", {})
    for source in (english, *_sources(code)):
        if source in known:
            return catalogue.gettext(source)
    return english
