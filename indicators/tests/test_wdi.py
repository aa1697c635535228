from __future__ import annotations

import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators.models import Observation
from indicators.services import country_figures
from indicators.sparkline import sparkline_svg
from participants.models import Country

WIDE = "indicators/wdi-bulk-download/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
LONG = "indicators/wdi-datasets-org/it.cel.sets.p2"


def _au_alpha3(shared_data) -> set[str]:
    with (shared_data / "frameworks/au-member-states.csv").open(encoding="utf-8") as handle:
        return {row["iso3"] for row in csv.DictReader(handle)}


def _expected_from_long(shared_data, alpha3: str) -> tuple[int, Decimal, int, int]:
    """Latest (year, value) of a country, and its rank among AU members that year, computed
    straight from data.csv."""
    rows = list(csv.DictReader((shared_data / LONG / "data.csv").open(encoding="utf-8")))
    mine = [r for r in rows if r["Country Code"] == alpha3 and r["Value"]]
    latest = max(mine, key=lambda r: int(r["Year"]))
    year, value = int(latest["Year"]), Decimal(latest["Value"]).quantize(Decimal("1e-12"))
    au = _au_alpha3(shared_data)
    peers = [
        Decimal(r["Value"])
        for r in rows
        if r["Country Code"] in au and r["Year"] == str(year) and r["Value"]
    ]
    own = Decimal(latest["Value"])
    return year, value, 1 + sum(1 for v in peers if v > own), len(peers)


def test_import_wdi_reads_both_formats_and_prints_a_summary(db, shared_data):
    out = StringIO()
    call_command("import_wdi", str(shared_data / WIDE), str(shared_data / LONG), stdout=out)
    assert "IT.NET.USER.ZS" in out.getvalue() and "IT.CEL.SETS.P2" in out.getvalue()
    assert "Files imported: 2 of 2." in out.getvalue()
    # Aggregates such as AFE (Africa Eastern and Southern) and WLD are not countries.
    countries = set(
        Observation.objects.filter(indicator_id="IT.NET.USER.ZS").values_list("country", flat=True)
    )
    assert countries and countries <= set(Country.objects.values_list("code", flat=True))
    assert {"AF", "ZA"} <= countries and not {"AFE", "WLD", "SSF"} & countries
    kenya_2021 = Observation.objects.get(indicator_id="IT.NET.USER.ZS", country_id="KE", year=2021)
    row = next(
        r for r in csv.reader((shared_data / WIDE).open(encoding="utf-8-sig")) if r[1:2] == ["KEN"]
    )
    assert kenya_2021.value == Decimal(row[4 + 2021 - 1960])


@pytest.mark.parametrize("alpha3", ["KEN", "NGA", "EGY", "ZAF"])
def test_latest_value_and_au_rank_match_the_file(db, shared_data, alpha3):
    call_command("import_wdi", str(shared_data / LONG), stdout=StringIO())
    country = Country.objects.get(alpha3=alpha3)
    figure = next(f for f in country_figures(country) if f.indicator.code == "IT.CEL.SETS.P2")
    year, value, rank, ranked = _expected_from_long(shared_data, alpha3)
    assert (figure.latest_year, figure.latest_value, figure.rank, figure.ranked) == (
        year,
        value,
        rank,
        ranked,
    )


def test_a_file_in_neither_format_is_refused_with_its_name(db, tmp_path):
    bad = tmp_path / "data.csv"
    bad.write_text("a,b\n1,2\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_wdi", str(bad), stderr=err, stdout=StringIO())
    assert f"{bad}: neither WDI format" in err.getvalue()


def test_a_non_numeric_value_is_refused_with_file_line_and_column(db, tmp_path):
    bad = tmp_path / "data.csv"
    bad.write_text("Country Name,Country Code,Year,Value\nKenya,KEN,2020,lots\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_wdi", str(bad), stderr=err, stdout=StringIO())
    assert "line 2, column Value: 'lots' is not a number" in err.getvalue()


def test_the_sparkline_is_an_inline_svg_scaled_to_its_box():
    svg = sparkline_svg([(2000, Decimal(0)), (2010, Decimal(50)), (2020, Decimal(100))], "X")
    assert svg.startswith("<svg") and 'points="3.0,33.0 80.0,18.0 157.0,3.0"' in svg
    assert "X: 0 in 2000, 100 in 2020" in svg


def test_the_country_profile_shows_latest_value_trend_rank_and_activities(
    client, db, shared_data, tmp_path
):
    from interop.iati_import import import_iati_files
    from interop.tests.iati_samples import activity, document, write

    call_command("import_wdi", str(shared_data / LONG), stdout=StringIO())
    import_iati_files([write(tmp_path, document(activity()))], state="approved")
    response = client.get(reverse("progress:country", args=["ke"]))
    year, _value, rank, _ranked = _expected_from_long(shared_data, "KEN")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and f'class="rank-value">{rank}<' in html
    assert f"({year})" in html and "Activity XM-TEST-1-A1" in html
    assert client.get("/countries/ZZ/").status_code == 404
