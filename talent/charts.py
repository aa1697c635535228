"""The talent registry's public figures drawn as charts: small cells suppressed, by dimension.

Shown on the registry's dashboard, the plan's home page and in the reports; every bar links to
the dashboard, where the same figures stand as tables.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lib.charts import Chart, Row
from plans.models import Plan
from talent import counting

TRAINEE_DIMENSIONS = {
    "sex": lambda: _("Digital talents trained by sex"),
    "youth": lambda: _("Digital talents trained by age group"),
    "au_region": lambda: _("Digital talents trained by AU region"),
}


def _trainee_chart(slug: str, title: str, cells) -> Chart:
    href = reverse("talent:dashboard")
    chart = Chart(slug, title, _("Digital talents"))
    chart.rows = [Row(c.label, c.count, c.shown, href, c.key, not c.hidden) for c in cells]
    chart.note = _("Counts under 5 are shown as “<5” so that no one can be singled out.")
    return chart


def trainee_charts(plan: Plan) -> list[Chart]:
    charts = [
        _trainee_chart(
            f"trainees-by-{dim.replace('_', '-')}", title(), counting.public_breakdown(plan, dim)
        )
        for dim, title in TRAINEE_DIMENSIONS.items()
    ]
    charts.append(trainees_by_year(plan))
    return charts


def trainees_by_year(plan: Plan) -> Chart:
    per_year: dict[int, int] = {}
    for day, n in counting.first_completions_by_day(plan):
        per_year[day.year] = per_year.get(day.year, 0) + n
    cells = [counting.Cell(str(y), str(y), n) for y, n in sorted(per_year.items())]
    return _trainee_chart(
        "trainees-by-year",
        _("Digital talents trained by year of first completion"),
        counting.suppress(cells, partition=True),
    )
