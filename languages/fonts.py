"""Fonts with Arabic and CJK glyphs, taken from Debian's font packages and served by the app.

``scripts/ensure-system-packages`` installs ``fonts-noto-core`` (Noto Sans Arabic) and
``fonts-noto-cjk`` (Noto Sans CJK). The static-files finder below exposes only the few files we
use, under ``fonts/``, so ``collectstatic`` copies them and whitenoise serves them. On a machine
without the packages (``make run`` without root), nothing is exposed, the fonts stylesheet is
empty and the ``languages.W001`` check says that pages use the system's fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

NOTO = Path("/usr/share/fonts")

ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF"
CJK_RANGE = (
    "U+2E80-2FDF, U+3000-303F, U+3040-30FF, U+3100-312F, U+31A0-31FF, U+3400-4DBF, U+4E00-9FFF, "
    "U+F900-FAFF, U+FF00-FFEF"
)


@dataclass(frozen=True)
class Font:
    family: str
    weight: int
    source: Path  # where the Debian package puts it
    local_names: tuple[str, ...]  # used first when the reader's system has the font
    unicode_range: str
    format: str  # the CSS format() hint; empty for a collection, which has none browsers share
    package: str

    @property
    def static_path(self) -> str:
        return f"fonts/{self.source.name}"


FONTS = (
    Font("digicoop Arabic", 400, NOTO / "truetype/noto/NotoSansArabic-Regular.ttf",
         ("Noto Sans Arabic", "NotoSansArabic-Regular"), ARABIC_RANGE, "truetype",
         "fonts-noto-core"),
    Font("digicoop Arabic", 700, NOTO / "truetype/noto/NotoSansArabic-Bold.ttf",
         ("Noto Sans Arabic Bold", "NotoSansArabic-Bold"), ARABIC_RANGE, "truetype",
         "fonts-noto-core"),
    # The collection's first face is the Japanese one; local() picks the Simplified Chinese
    # face first wherever it is installed.
    Font("digicoop CJK", 400, NOTO / "opentype/noto/NotoSansCJK-Regular.ttc",
         ("Noto Sans CJK SC", "NotoSansCJKsc-Regular"), CJK_RANGE, "",
         "fonts-noto-cjk"),
)  # fmt: skip


def available_fonts() -> list[Font]:
    return [font for font in FONTS if font.source.is_file()]


def missing_fonts() -> list[Font]:
    return [font for font in FONTS if not font.source.is_file()]


class SystemFontsFinder(BaseFinder):
    """Finds ``fonts/<file>`` among the Debian font files listed in FONTS, and nothing else."""

    def check(self, **kwargs) -> list[CheckMessage]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        matches = [str(f.source) for f in available_fonts() if f.static_path == path]
        if find_all:
            return matches
        return matches[0] if matches else []

    def list(self, ignore_patterns):
        for font in available_fonts():
            storage = FileSystemStorage(location=str(font.source.parent))
            storage.prefix = "fonts"
            yield font.source.name, storage
