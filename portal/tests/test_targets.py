"""A target on the public pages: its line ends on the figure shown, drawn and summarised."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.targets import target_lines
from progress.tests.test_target_progress import make

pytestmark = pytest.mark.django_db


def test_the_last_point_is_the_figure_shown_on_the_page(personas):
    plan = personas.plan
    make(personas, "demonstration", actual_start=dt.date(2025, 1, 10))
    make(personas, "demonstration", actual_start=dt.date(2025, 6, 1))
    line = next(
        line
        for line in target_lines(plan, today=dt.date(2025, 12, 1))
        if line.progress.target.code == "demonstration-projects"
    )
    assert line.points[-1].value == line.progress.value == 2
    assert "2" in line.summary and "<svg" in line.svg
