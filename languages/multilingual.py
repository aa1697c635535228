"""Text held in several languages, shown in the reader's.

Multilingual values are JSON objects keyed by language code, ``{"en": "…", "fr": "…"}`` (the
shape IATI narratives and activities already use). A reader gets their language, else English,
else whichever language the record has — and the page is told which one it got, so it can mark
it with a ``lang`` attribute (screen readers and fonts depend on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Picked:
    text: str
    language: str  # the language of ``text``; empty when there is no text at all

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def current_language() -> str:
    return (get_language() or SOURCE_LANGUAGE).lower()


def _variants(language: str) -> list[str]:
    """``zh-hans`` is also matched by ``zh`` and ``zh-Hans`` (IATI publishers write either)."""
    language = language.lower()
    base = language.split("-")[0]
    return [language, base] if base != language else [language]


def pick(texts: Any, language: str | None = None) -> Picked:
    """The text in ``language`` (the active one by default), else English, else any non-blank."""
    if not isinstance(texts, dict) or not texts:
        return Picked("", "")
    by_code = {
        str(code).lower(): str(text).strip()
        for code, text in texts.items()
        if text is not None and str(text).strip()
    }
    if not by_code:
        return Picked("", "")
    for wanted in [*_variants(language or current_language()), SOURCE_LANGUAGE]:
        for code, text in by_code.items():
            if code == wanted or (code.split("-")[0] == wanted and "-" not in wanted):
                return Picked(text, code)
    code, text = next(iter(by_code.items()))
    return Picked(text, code)


class Translatable(models.Model):
    """A record whose own fields hold the source (English) text and ``translations`` the rest.

    ``translations`` is ``{"name": {"fr": "…", "ar": "…"}, "description": {…}}``: per field, the
    usual language → text object. The fields themselves stay English, so forms, exports and
    history keep one canonical value; pages show :meth:`localized`.
    """

    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('Per field, the text in other languages, e.g. {"name": {"fr": "…"}}'),
    )

    class Meta:
        abstract = True

    def localized_picked(self, field: str, language: str | None = None) -> Picked:
        texts = dict((self.translations or {}).get(field) or {})
        source = getattr(self, field, "")
        if source:
            texts.setdefault(SOURCE_LANGUAGE, source)
        return pick(texts, language)

    def localized(self, field: str, language: str | None = None) -> str:
        return self.localized_picked(field, language).text

    def texts(self, field: str) -> dict[str, str]:
        """The field in every language it is held in, ``{"en": …, "fr": …}``: what a form's
        ``languages.forms.TextsField`` shows."""
        texts = {code: text for code, text in ((self.translations or {}).get(field) or {}).items()}
        source = getattr(self, field, "")
        return {SOURCE_LANGUAGE: source, **texts} if source else texts

    def set_texts(self, field: str, texts: dict[str, str]) -> None:
        """Hold ``texts`` (language → text, as a ``TextsField`` gives them): the English one in
        the field itself (blank when not given, which the field's validation then refuses),
        the others in ``translations``."""
        others = {code: text for code, text in texts.items() if code != SOURCE_LANGUAGE}
        setattr(self, field, texts.get(SOURCE_LANGUAGE, ""))
        translations = {k: v for k, v in (self.translations or {}).items() if k != field}
        if others:
            translations[field] = others
        self.translations = translations
