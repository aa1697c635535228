"""The one progress bar of long management commands."""

from __future__ import annotations

import io

from lib.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_draws_the_share_done_and_ends_the_line_when_complete():
    out = Terminal()
    bar = ProgressBar("Importing", out)
    bar.update(1, 4)
    bar.update(4, 4)
    drawn = out.getvalue()
    assert "\rImporting [#######.......................]  25 %" in drawn
    assert drawn.endswith("[##############################] 100 %\n")


def test_it_prints_nothing_when_the_output_is_not_a_terminal():
    out = io.StringIO()
    ProgressBar("Importing", out).update(2, 2)
    assert out.getvalue() == ""


def test_forced_it_draws_even_into_a_file_and_ignores_an_empty_total():
    out = io.StringIO()
    bar = ProgressBar("Exporting", out, force=True)
    bar.update(0, 0)
    assert out.getvalue() == ""
    bar.update(3, 3)
    assert "100 %" in out.getvalue()
