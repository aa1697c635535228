"""Charts drawn on the server as SVG: no script, no external asset, reusable in a PDF.

A chart is data first (``Chart``: a title, rows of label, value and the link to the records
behind the value) and a picture second (``svg``). Pages show the picture, the same rows as a
table and a sentence summarising them (the text alternative); the CSV download writes the rows.
Every bar is a link, as every figure is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from lib.formatting import format_month, format_number

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 22, 6, 190, 260, 110
COLOURS = ("#0b6e4f", "#2f7dbd", "#a15c00", "#7b4fa0", "#b23a48", "#4f6d7a")


@dataclass(frozen=True)
class Row:
    label: str
    value: Decimal | int
    shown: str  # the value as written for a reader
    href: str = ""  # the records behind the value
    key: str = ""  # the code the label names (a sector's, a kind's…)
    exact: bool = True  # False when the value is hidden (a small count shown as "<5")


@dataclass
class Chart:
    slug: str  # names the CSV download
    title: str
    value_heading: str
    rows: list[Row] = field(default_factory=list)
    note: str = ""  # the counting rule or conversion rule, shown under the chart

    @property
    def empty(self) -> bool:
        return not any(r.value for r in self.rows)

    @property
    def summary(self) -> str:
        """The text alternative: what the chart shows, in one sentence."""
        if self.empty:
            return _("%(title)s: no data yet.") % {"title": self.title}
        top = max(self.rows, key=lambda r: r.value)
        parts = "; ".join(f"{r.label}: {r.shown}" for r in self.rows)
        return _("%(title)s. Highest: %(label)s (%(value)s). %(parts)s.") % {
            "title": self.title,
            "label": top.label,
            "value": top.shown,
            "parts": parts,
        }

    @property
    def svg(self) -> str:
        return "" if self.empty else bar_svg(self.rows, self.title)

    def csv_rows(self) -> list[list[str]]:
        return [
            [_("Label"), self.value_heading],
            *[[r.label, str(r.value) if r.exact else r.shown] for r in self.rows],
        ]


def _text(x: float, y: float, text: str, anchor: str = "start", css: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
        f"{f' class={chr(34)}{css}{chr(34)}' if css else ''}>{escape(text)}</text>"
    )


def _clip(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_svg(rows: list[Row], title: str) -> str:
    """Horizontal bars, one per row, each linked to its records; scales to any width."""
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    top = max((float(r.value) for r in rows), default=0) or 1
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(float(row.value) / top * BAR_AREA, 1 if row.value else 0)
        bar = (
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{COLOURS[0]}"><title>{escape(row.label)}: {escape(row.shown)}</title></rect>'
        )
        label = _text(LABEL_WIDTH - 6, y + BAR_HEIGHT * 0.7, _clip(row.label), "end")
        value = _text(LABEL_WIDTH + length + 6, y + BAR_HEIGHT * 0.7, row.shown)
        body = label + bar + value
        if row.href:
            body = f'<a href="{escape(row.href)}">{body}</a>'
        out.append(body)
    out.append("</svg>")
    return "".join(out)


LINE_W, LINE_H, LEFT, BOTTOM, TOP, RIGHT = 560, 220, 48, 28, 12, 12


def line_svg(points, title: str, target: Decimal | None = None) -> str:
    """The history of a figure (solid) against the linear expectation (dashed), by month.

    ``points`` are progress.history.Point; months on the x axis, the figure on the y axis.
    """
    if not points:
        return ""
    values = [float(p.value) for p in points] + [
        float(p.expected) for p in points if p.expected is not None
    ]
    top = max([*values, float(target or 0), 1.0])
    span = max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = LEFT + i / span * (LINE_W - LEFT - RIGHT)
        y = LINE_H - BOTTOM - v / top * (LINE_H - BOTTOM - TOP)
        return x, y

    actual = " ".join("{:.1f},{:.1f}".format(*xy(i, float(p.value))) for i, p in enumerate(points))
    expected = " ".join(
        "{:.1f},{:.1f}".format(*xy(i, float(p.expected)))
        for i, p in enumerate(points)
        if p.expected is not None
    )
    out = [
        f'<svg class="chart history" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {LINE_W} {LINE_H}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{LINE_H - BOTTOM}" x2="{LINE_W - RIGHT}" '
        f'y2="{LINE_H - BOTTOM}" stroke="#9aa3ad"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{LINE_H - BOTTOM}" stroke="#9aa3ad"/>',
        _text(LEFT - 4, TOP + 8, format_number(top), "end", "axis"),
        _text(LEFT - 4, LINE_H - BOTTOM, "0", "end", "axis"),
        _text(LEFT, LINE_H - 8, format_month(points[0].month), "start", "axis"),
        _text(LINE_W - RIGHT, LINE_H - 8, format_month(points[-1].month), "end", "axis"),
    ]
    if expected:
        out.append(
            f'<polyline fill="none" stroke="#5b6675" stroke-dasharray="5 4" stroke-width="1.5" '
            f'points="{expected}"><title>{escape(_("Linear expectation"))}</title></polyline>'
        )
    out.append(
        f'<polyline fill="none" stroke="{COLOURS[0]}" stroke-width="2.5" points="{actual}">'
        f"<title>{escape(_('Reached'))}</title></polyline>"
    )
    last_x, last_y = xy(len(points) - 1, float(points[-1].value))
    out.append(f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3.5" fill="{COLOURS[0]}"/>')
    out.append("</svg>")
    return "".join(out)
