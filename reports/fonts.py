"""The report's fonts: Debian's Noto files, declared with ``@font-face`` so WeasyPrint embeds
exactly these (Latin, Arabic, CJK) and no glyph falls back to a box or to another font.

``scripts/ensure-system-packages`` installs ``fonts-noto-core`` (Noto Sans, Noto Sans Arabic)
and ``fonts-noto-cjk`` (Noto Sans CJK). The CJK file is a collection whose first face is the
Japanese one: ``local("Noto Sans CJK SC")`` (fontconfig's name for the Simplified Chinese face
of the same installed file) comes first so Chinese text gets the Chinese glyph shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from languages.fonts import ARABIC_RANGE, CJK_RANGE, NOTO

# Every family of the report, in the order the text falls through them.
FAMILIES = ("Report Latin", "Report Arabic", "Report CJK")
STACK = ", ".join(f'"{family}"' for family in FAMILIES)


@dataclass(frozen=True)
class FontFile:
    family: str
    weight: int
    path: Path
    local: str = ""  # a fontconfig name tried first
    unicode_range: str = ""
    style: str = "normal"


FILES = (
    FontFile("Report Latin", 400, NOTO / "truetype/noto/NotoSans-Regular.ttf"),
    FontFile("Report Latin", 700, NOTO / "truetype/noto/NotoSans-Bold.ttf"),
    FontFile("Report Latin", 400, NOTO / "truetype/noto/NotoSans-Italic.ttf", style="italic"),
    FontFile("Report Arabic", 400, NOTO / "truetype/noto/NotoSansArabic-Regular.ttf",
             unicode_range=ARABIC_RANGE),
    FontFile("Report Arabic", 700, NOTO / "truetype/noto/NotoSansArabic-Bold.ttf",
             unicode_range=ARABIC_RANGE),
    FontFile("Report CJK", 400, NOTO / "opentype/noto/NotoSansCJK-Regular.ttc",
             "Noto Sans CJK SC", CJK_RANGE),
    FontFile("Report CJK", 700, NOTO / "opentype/noto/NotoSansCJK-Bold.ttc",
             "Noto Sans CJK SC Bold", CJK_RANGE),
)  # fmt: skip


def font_face_css() -> str:
    rules = []
    for font in FILES:
        if not font.path.is_file():
            continue
        src = f'url("{font.path.as_uri()}")'
        if font.local:
            src = f'local("{font.local}"), {src}'
        rng = f" unicode-range: {font.unicode_range};" if font.unicode_range else ""
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; font-weight: {font.weight}; '
            f"font-style: {font.style}; "
            f"src: {src};{rng} }}"
        )
    return "\n".join(rules)
