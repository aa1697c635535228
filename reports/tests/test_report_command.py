from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from activities.models import RecipientCountry
from digicoop.testing import make_activity
from portal.targets import target_lines
from reports.services import ReportError, parse_period, render_html, resolve

pytestmark = pytest.mark.django_db


def run(tmp_path, *args):
    output = tmp_path / "report.html"
    call_command("report", *args, "--output", str(output), stdout=StringIO(), stderr=StringIO())
    return output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--plan", "no-such-plan"], "is not a plan"),
        (["--pillar", "gardening"], "is not a pillar of this plan"),
        (["--country", "XX"], "is not an ISO 3166-1 country code"),
        (["--language", "de"], "is not a language of the reports"),
        (["--period", "2025-07-28..2024-07-29"], "ends before it starts"),
        (["--period", "2024-07-29"], "is not a period"),
        (["--period", "2024-13-01..2025-01-01"], "is not a period"),
        (["--period", "2020-01-01..2021-01-01"], "is not within the plan's period"),
        (["--format", "docx"], "--format must be one of"),
        (["--pillar", "capability", "--country", "KE"], "a pillar or a country, not both"),
    ],
)
def test_a_bad_request_is_refused_with_its_reason_and_writes_no_file(tmp_path, args, says):
    with pytest.raises(CommandError, match=re.escape(says)):
        run(tmp_path, "--format", "html", *args) if "--format" not in args else run(tmp_path, *args)
    assert list(tmp_path.iterdir()) == []  # neither the report nor a temporary file


def test_a_missing_output_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("report", "--output", str(tmp_path / "nowhere" / "r.pdf"))


def test_a_failure_while_writing_leaves_no_file(tmp_path, monkeypatch):
    from reports import services

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(services, "render_html", broken)
    with pytest.raises(RuntimeError):
        run(tmp_path, "--format", "html")
    assert list(tmp_path.iterdir()) == []


def test_the_defaults_are_the_default_plan_in_english_over_its_whole_period(plan):
    spec = resolve()
    assert (spec.plan, spec.language, spec.pillar, spec.country) == (plan, "en", None, None)
    assert (spec.start, spec.end) == (plan.period_start, plan.period_end)
    assert spec.whole_period


def test_a_period_is_two_dates_first_day_and_last_day_included():
    assert parse_period("2024-07-29..2025-07-28") == (dt.date(2024, 7, 29), dt.date(2025, 7, 28))
    with pytest.raises(ReportError):
        parse_period("2024-07-29...2025-07-28")


def test_a_report_with_no_data_says_so_instead_of_drawing_empty_charts(tmp_path, plan):
    html = run(tmp_path, "--format", "html").read_text()
    assert 'id="no-data"' in html
    assert "<svg" not in html  # no chart, no map, no history line
    assert "No approved record" in html


def test_the_command_writes_the_report_of_a_country_in_the_language_asked(tmp_path, personas):
    activity = make_activity(
        personas, state="approved", title="Kenya fibre backbone", actual_start=dt.date(2025, 1, 10)
    )
    RecipientCountry.objects.create(activity=activity, country_id="KE")
    html = run(tmp_path, "--format", "html", "--country", "ke", "--language", "fr").read_text()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Pays : Kenya" in html  # the scope, in French
    assert "Kenya fibre backbone" in html  # in the annex and the pillar's key activities
    assert 'id="no-data"' not in html


def test_a_period_narrows_the_activities_listed(tmp_path, personas):
    make_activity(
        personas,
        state="approved",
        title="Early seminar",
        actual_start=dt.date(2024, 9, 1),
        actual_end=dt.date(2024, 9, 2),
    )
    make_activity(
        personas, state="approved", title="Late seminar", actual_start=dt.date(2026, 3, 1)
    )
    html = run(tmp_path, "--format", "html", "--period", "2026-01-01..2026-12-31").read_text()
    assert "Late seminar" in html and "Early seminar" not in html


def test_the_report_figures_are_the_dashboards(client, personas):
    """The targets table of the report and the home page's figures come from one function."""
    make_activity(personas, state="approved", kind="training", actual_start=dt.date(2025, 1, 10))
    html = render_html(resolve())
    home = client.get("/").content.decode()
    for line in target_lines(personas.plan):
        tp = line.progress
        cell = re.search(
            rf'<tr data-target="{tp.target.code}">.*?<td class="num value">(.*?)</td>', html, re.S
        )
        assert cell and cell.group(1).split(" / ")[0] == tp.display_value
        figure = re.search(
            rf'data-target="{tp.target.code}">.*?data-value="[^"]*"[^>]*>(.*?)</a>', home, re.S
        )
        assert figure and figure.group(1) == tp.display_value
