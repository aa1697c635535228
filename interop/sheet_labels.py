"""What a spreadsheet cell may say for a coded value: the code, or the label the pages show.

A focal point fills a template by hand from what the site shows them ("Implementation",
"Data centre project", "Digital infrastructure"), in whichever of the interface languages they
read; asking them for "2" or "data-centre" instead is where imports went wrong. Each lookup maps
the code and every language's label, case-insensitively and with spaces tidied, to the value.
A label that two values share in some language is left out rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import translation


def normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


class Lookup:
    """Code or label → value; ``examples`` show what was expected when nothing matched."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.ambiguous: set[str] = set()
        self.examples: list[str] = []

    def add(self, key: str, value: Any) -> None:
        key = normal(key)
        if not key or key in self.ambiguous:
            return
        if key in self.values and self.values[key] != value:
            del self.values[key]
            self.ambiguous.add(key)
            return
        self.values[key] = value

    def get(self, text: str) -> Any:
        return self.values.get(normal(text))

    def examples_text(self) -> str:
        """The first few examples, for the sentence that says what a cell may hold."""
        shown = ", ".join(self.examples[:8])
        return f"{shown}, …" if len(self.examples) > 8 else shown


def choices(pairs: Iterable[tuple[Any, Any]]) -> Lookup:
    """A code list (Django choices): its codes, and its labels in every interface language."""
    lookup = Lookup()
    pairs = list(pairs)
    for value, _label in pairs:
        lookup.add(str(value), value)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in pairs:
                lookup.add(str(label), value)
    lookup.examples = [f"{value} {label}" for value, label in pairs]
    return lookup


def records(objects: Iterable[Any], field: str = "name") -> Lookup:
    """Records with a ``code`` and a translatable ``field``: code, source text, translations."""
    lookup = Lookup()
    objects = list(objects)
    for obj in objects:
        lookup.add(obj.code, obj)
    for obj in objects:
        lookup.add(getattr(obj, field), obj)
        for text in ((obj.translations or {}).get(field) or {}).values():
            lookup.add(text, obj)
    lookup.examples = [getattr(obj, field) for obj in objects]
    return lookup
