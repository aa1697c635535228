"""Charts of the report: the portal's chart data (``lib.charts.Chart``) drawn for paper.

WeasyPrint 70 draws SVG text letter by letter, which breaks Arabic shaping and the order of
right-to-left words. So the report keeps text out of its SVG: a bar chart is a table whose
label and value cells are HTML text (laid out, shaped and mirrored like the rest of the page)
and whose bars are small SVG drawings, placed from the line's start (the right in Arabic); a
target's history is the portal's line drawing with its text left out, the caption giving the
dates and figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape

from lib.charts import COLOURS, Chart

TEXT = re.compile(r"<text\b[^>]*>.*?</text>", re.S)


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    svg: str


def bar_svg(share: float, rtl: bool, label: str) -> str:
    length = round(max(share * 100, 0.6 if share else 0), 2)
    x = round(100 - length, 2) if rtl else 0
    return (
        f'<svg class="bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" '
        f'preserveAspectRatio="none" role="img" aria-label="{escape(label)}">'
        f'<rect x="{x}" y="0" width="{length}" height="10" fill="{COLOURS[0]}"/></svg>'
    )


def bars(chart: Chart, rtl: bool) -> list[Bar]:
    top = max((float(r.value) for r in chart.rows), default=0) or 1
    return [
        Bar(r.label, r.shown, bar_svg(float(r.value) / top, rtl, f"{r.label}: {r.shown}"))
        for r in chart.rows
    ]


def without_text(svg: str) -> str:
    """An SVG drawing of progress with its text elements left out (see the module docstring)."""
    return TEXT.sub("", svg)
