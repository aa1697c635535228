"""A trend line as inline SVG, drawn on the server: no JavaScript, no external asset."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape

WIDTH, HEIGHT, PAD = 160, 36, 3


def sparkline_svg(points: list[tuple[int, Decimal]], label: str = "") -> str:
    """An SVG polyline of (year, value) points scaled into a small box, plus the last point.

    The description names the first and last years and values, so the trend is readable
    without seeing the picture.
    """
    if not points:
        return ""
    years = [y for y, _ in points]
    values = [float(v) for _, v in points]
    x0, x1 = min(years), max(years)
    y0, y1 = min(values), max(values)
    span_x, span_y = (x1 - x0) or 1, (y1 - y0) or 1

    def xy(year: int, value: float) -> tuple[float, float]:
        x = PAD + (year - x0) / span_x * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - (value - y0) / span_y * (HEIGHT - 2 * PAD)
        return round(x, 1), round(y, 1)

    coords = [xy(y, v) for y, v in zip(years, values, strict=True)]
    path = " ".join(f"{x},{y}" for x, y in coords)
    last_x, last_y = coords[-1]
    title = escape(
        f"{label}: {points[0][1].normalize():f} in {x0}, {points[-1][1].normalize():f} in {x1}"
    )
    return (
        f'<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2.5" fill="currentColor"/></svg>'
    )
