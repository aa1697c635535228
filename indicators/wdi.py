"""Reading World Bank WDI files in their two published formats.

* Wide bulk download (``API_<CODE>_DS2_…csv``): a few preamble lines, then
  ``Country Name, Country Code, Indicator Name, Indicator Code, 1960 … 2023``; its sibling
  ``Metadata_Country_…csv`` tells countries (with a region) from aggregates (without).
* Long ``data.csv`` (datasets/world-development-indicators): ``Country Name, Country Code,
  Year, Value``, with the indicator code and title in the sibling ``datapackage.json``.

Both give (indicator code, name, [(ISO alpha-3, year, value)]) whatever the indicator.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _


class WdiFileError(ValueError):
    """A file that is not one of the two WDI formats, or holds a bad value."""


@dataclass
class Series:
    code: str
    name: str
    source: str
    rows: list[tuple[str, int, Decimal]] = field(default_factory=list)
    aggregates: set[str] = field(default_factory=set)


def _number(text: str, path: Path, line: int, column: str) -> Decimal:
    try:
        value: Decimal | None = Decimal(text.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        # Where it is said only on failure: this runs once per value of a file of millions.
        where = {"path": path, "line": line, "column": column, "value": text}
        raise WdiFileError(
            _("%(path)s, line %(line)s, column %(column)s: %(value)r is not a number") % where
            if value is None
            else _("%(path)s, line %(line)s, column %(column)s: %(value)r is not a finite number")
            % where
        )
    return value


def read_wdi(path: Path) -> Series:
    """Read either format; a directory means the long format's folder."""
    if path.is_dir():
        path = path / "data.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.readline()
    if (
        head.startswith('"Data Source"')
        or head.startswith("Data Source")
        or "Indicator Code" in head
    ):
        return _read_wide(path)
    if head.strip().split(",")[:4] == ["Country Name", "Country Code", "Year", "Value"]:
        return _read_long(path)
    raise WdiFileError(
        _(
            "%(path)s: neither WDI format (expected a bulk-download CSV with 'Indicator Code' "
            "or a data.csv with columns Country Name, Country Code, Year, Value)"
        )
        % {"path": path}
    )


def _read_wide(path: Path) -> Series:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header: list[str] = []
        line = 0
        for row in reader:
            line += 1
            if row[:4] == ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]:
                header = row
                break
        if not header:
            raise WdiFileError(
                _("%(path)s: no 'Country Name, Country Code, Indicator Name…' header")
                % {"path": path}
            )
        years = {}
        for i, column in enumerate(header[4:], start=4):
            if column.strip().isdigit():
                years[i] = int(column)
        series = None
        for row in reader:
            line += 1
            if not row or not row[0].strip():
                continue
            if series is None:
                series = Series(row[3].strip(), row[2].strip(), "World Bank WDI (bulk download)")
            elif row[3].strip() != series.code:
                raise WdiFileError(
                    _("%(path)s, line %(line)s: indicator %(indicator)r; the file is for %(code)s")
                    % {"path": path, "line": line, "indicator": row[3], "code": series.code}
                )
            for i, year in years.items():
                if i < len(row) and row[i].strip():
                    value = _number(row[i], path, line, header[i])
                    series.rows.append((row[1].strip(), year, value))
    if series is None:
        raise WdiFileError(_("%(path)s: no data rows") % {"path": path})
    for meta in path.parent.glob("Metadata_Country_*.csv"):
        with meta.open(encoding="utf-8-sig", newline="") as handle:
            for entry in csv.DictReader(handle):
                if not (entry.get("Region") or "").strip():
                    series.aggregates.add((entry.get("Country Code") or "").strip())
    return series


def _read_long(path: Path) -> Series:
    package = path.parent / "datapackage.json"
    code, name = path.parent.name, path.parent.name
    if package.is_file():
        meta = json.loads(package.read_text(encoding="utf-8"))
        code = (meta.get("worldbank") or {}).get("indicator") or meta.get("name") or code
        name = meta.get("title") or name
    series = Series(code.upper(), name, "World Bank WDI (datasets/world-development-indicators)")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            value = (row.get("Value") or "").strip()
            if not value:
                continue
            year = (row.get("Year") or "").strip()
            if not year.isdigit():
                raise WdiFileError(
                    _("%(path)s, line %(line)s, column Year: %(value)r is not a year")
                    % {"path": path, "line": line, "value": year}
                )
            number = _number(value, path, line, "Value")
            series.rows.append((row["Country Code"].strip(), int(year), number))
    return series
