"""Entering a text in several languages: one labelled input per language, never JSON.

Multilingual values are stored as ``{"en": "…", "fr": "…"}`` (languages.multilingual); typed as
JSON into a text area they went wrong (quotes, keys, a missing brace). :class:`TextsField`
shows one input per language, each labelled with the language's name and marked with its
``lang`` (and ``dir``) so it is typed and read in the right script, and gives back the dictionary
of the languages that were filled in.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info

TEXT_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """The language's own name (Français, العربية), as the language switcher writes it."""
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


class TextsWidget(forms.MultiWidget):
    template_name = "languages/widgets/texts.html"

    def __init__(self, languages: list[str] | None = None, attrs=None, textarea: bool = False):
        self.languages = list(languages or TEXT_LANGUAGES)
        inputs = []
        for code in self.languages:
            extra = {"lang": code, "dir": "rtl" if code in settings.LANGUAGES_BIDI else "auto"}
            inputs.append(forms.Textarea(attrs=extra) if textarea else forms.TextInput(attrs=extra))
        super().__init__(inputs, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else {}
            except ValueError:
                value = {}
        value = value if isinstance(value, dict) else {}
        return [str(value.get(code) or "") for code in self.languages]

    def id_for_label(self, id_: str) -> str:
        # Each input has its own label (its language); the field's label names the group.
        return ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for code, sub in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            sub["language"] = code
            sub["language_name"] = language_name(code)
        return context


class TextsField(forms.MultiValueField):
    """A ``{language: text}`` value typed as one input per language; ``required`` languages
    must be filled (e.g. the source language), the others may stay blank."""

    def __init__(
        self,
        *,
        languages: list[str] | None = None,
        required_languages: tuple[str, ...] = (),
        max_length: int | None = None,
        textarea: bool = False,
        **kwargs,
    ) -> None:
        self.languages = list(languages or TEXT_LANGUAGES)
        fields = [
            forms.CharField(max_length=max_length, required=code in required_languages)
            for code in self.languages
        ]
        kwargs.setdefault("required", bool(required_languages))
        super().__init__(
            fields,
            widget=TextsWidget(self.languages, textarea=textarea),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> dict[str, str]:
        return {
            code: text.strip()
            for code, text in zip(self.languages, data_list or [], strict=False)
            if text and text.strip()
        }

    def has_changed(self, initial, data) -> bool:
        before = initial if isinstance(initial, dict) else {}
        return self.compress(self.widget.decompress(before)) != self.compress(
            data if isinstance(data, list) else self.widget.decompress(data)
        )
