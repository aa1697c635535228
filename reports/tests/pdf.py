"""Reading a PDF back as a reader (and a printer) would: its text, its pages, its fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from reports.fonts import FILES

# Bidi controls pdftotext adds around right-to-left runs, and the spaces locales group with.
CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
)
SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009"), " ")


# pdftotext gives the lam-alef ligatures of Arabic back in visual order (alef, then lam).
LAM_ALEF = re.compile("\u0644([\u0627\u0622\u0623\u0625])")


def poppler(tool: str, *args: str) -> str:
    """Run one of poppler-utils' tools (scripts/ensure-system-packages installs them)."""
    path = shutil.which(tool)
    assert path, (
        f"{tool} is missing: install Debian's poppler-utils (scripts/ensure-system-packages)"
    )
    done = subprocess.run([path, *args], capture_output=True, check=True, text=True)  # noqa: S603
    return done.stdout


def normalise(text: str) -> str:
    text = LAM_ALEF.sub("\\1\u0644", text.translate(CONTROLS).translate(SPACES))
    return re.sub(r"\s+", " ", text).strip()


def text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return poppler("pdftotext", *args, str(path), "-")


def pages(path: Path) -> list[str]:
    """The text of each page (pdftotext ends each with a form feed)."""
    return text(path).split("\f")[:-1]


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name without the subset prefix, embedded) for every font pdffonts lists."""
    rows = []
    for line in poppler("pdffonts", str(path)).splitlines()[2:]:
        parts = line.split()
        name = parts[0].split("+", 1)[-1]
        embedded = parts[-5] == "yes"
        rows.append((name, embedded))
    return rows


@cache
def covered() -> frozenset[int]:
    """Every code point the report's font files have a glyph for (their cmaps)."""
    points: set[int] = set()
    for font in FILES:
        if font.path.suffix == ".ttc":
            faces = TTCollection(str(font.path)).fonts
        else:
            faces = [TTFont(str(font.path))]
        for face in faces:
            points |= set(face.getBestCmap())
    return frozenset(points)


def words(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(x min, x max, y min, word) of each word of a page, from pdftotext's bounding boxes."""
    html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', html
    )
    return [(float(x0), float(x1), float(y0), w) for x0, y0, x1, w in found]


def page_width(path: Path) -> float:
    html = poppler("pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-")
    found = re.search(r'<page width="([\d.]+)"', html)
    assert found, "pdftotext gave no page size"
    return float(found.group(1))
