"""The public pages answer bad input plainly: unknown ids are 404, bad filters a 400 naming the
value, a measure without data an empty state that says so."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/pillars/no-such-pillar/",
        "/organisations/999999/",
        "/sectors/no-such-sector/",
        "/countries/ZZ/",
        "/plans/china-africa-digital-2024/targets/no-such-target/",
        "/charts/no-such-chart.csv",
        "/pillars/policy/?plan=no-such-plan",
        "/organisations/export.pdf",
    ],
)
def test_an_unknown_id_is_not_found(client, plan, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/?measure=rainfall", "rainfall"),
        ("/organisations/?type=pirates", "pirates"),
        ("/organisations/?country=Kenya", "Kenya"),
        ("/organisations/export.csv?pillar=nope", "nope"),
        ("/charts/activities-by-kind.csv?pillar=nope", "nope"),
        ("/charts/activities-by-kind.csv?organisation=abc", "abc"),
        ("/charts/activities-by-kind.csv?country=XX", "XX"),
        ("/activities/?status=banana", "banana"),
        ("/activities/?year=-4", "Year"),
        ("/activities/export.csv?status=banana", "banana"),
    ],
)
def test_a_malformed_filter_is_refused_with_a_message_naming_it(client, plan, url, named):
    response = client.get(url)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_a_measure_without_data_shows_an_empty_state_not_a_broken_chart(client, plan):
    html = client.get("/?measure=trainees").content.decode()
    assert "No data yet for “Digital talents trained”" in html
    assert html.count('data-country="') == 55  # the map still draws every member state
    status = html.split('id="chart-activities-by-status"')[1].split("</figure>")[0]
    assert "no data yet" in status and "<svg" not in status


def test_the_activity_download_uses_labels_not_codes(client, personas):
    from progress.tests.test_target_progress import make

    activity = make(personas, "demonstration", default_currency="KES")
    activity.sectors.add(personas.plan.sectors.get(code="energy"))
    activity.pillars.add(personas.plan.pillars.get(code="transformation"))
    activity.recipient_countries.create(country_id="KE", percentage=100)
    activity.budgets.create(
        period_start="2025-01-01",
        period_end="2025-12-31",
        value="1500000",
        currency="KES",
        value_date="2025-01-01",
    )
    response = client.get("/activities/export.csv?country=KE")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    line = dict(zip(header, row, strict=True))
    assert line["Kind"] == activity.kind.name
    assert line["Sectors"] == "Energy"
    assert line["Recipient countries"] == "Kenya"
    assert line["Status"] == "Implementation"
    assert line["Budget"] == "1,500,000\N{NO-BREAK SPACE}KES"
    assert response["Content-Disposition"].endswith('activities.csv"')


def test_the_members_directory_filters_by_type_and_country_and_downloads(client, personas):
    html = client.get("/organisations/?type=government&country=KE").content.decode()
    assert personas.kenyan_ministry.name in html
    assert "Government" in html
    sheet = client.get("/organisations/export.csv?type=government").content.decode("utf-8-sig")
    assert personas.kenyan_ministry.name in sheet and "Government" in sheet
    assert "government," not in sheet  # the label, never the code


def test_a_chart_downloads_as_csv_with_its_labels(client, personas):
    from progress.tests.test_target_progress import make

    make(personas, "demonstration")
    body = client.get("/charts/activities-by-status.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert ["Implementation", "1"] in rows
    assert rows[0] == ["Label", "Activities"]


def test_the_pages_query_count_does_not_grow_with_the_records(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from progress.tests.test_target_progress import make

    pages = ["/", "/pillars/transformation/", "/countries/KE/", "/organisations/", "/sectors/"]

    def queries() -> list[int]:
        counts = []
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    def add(n: int) -> None:
        for _ in range(n):
            a = make(personas, "demonstration")
            a.pillars.add(personas.plan.pillars.get(code="transformation"))
            a.recipient_countries.create(country_id="KE", percentage=100)
            a.locations.create(latitude="-1.2", longitude="36.8", country_id="KE")

    add(2)
    few = queries()
    add(20)
    assert queries() == few


def test_members_filter_by_au_region(client, personas):
    members = client.get("/organisations/?region=eastern").content.decode()
    assert personas.kenyan_ministry.name in members
    assert personas.chinese_company.name not in members
    assert client.get("/organisations/?region=atlantis").status_code == 400
