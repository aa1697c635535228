from __future__ import annotations

from lib.charts import Chart, Row
from reports import drawing
from reports.fonts import FILES, font_face_css


def chart() -> Chart:
    return Chart("c", "Activities by status", "Activities", [Row("A", 10, "10"), Row("B", 5, "5")])


def test_bars_are_drawn_from_the_lines_start_left_to_right_and_right_to_left():
    ltr = drawing.bars(chart(), rtl=False)
    rtl = drawing.bars(chart(), rtl=True)
    assert [b.label for b in ltr] == ["A", "B"]
    assert 'x="0" y="0" width="100.0"' in ltr[0].svg and 'x="0" y="0" width="50.0"' in ltr[1].svg
    assert (
        'x="0.0" y="0" width="100.0"' in rtl[0].svg and 'x="50.0" y="0" width="50.0"' in rtl[1].svg
    )


def test_a_drawing_keeps_its_lines_and_loses_its_text():
    svg = '<svg><title>t</title><text x="1" y="2">July 2024</text><polyline points="0,0"/></svg>'
    assert drawing.without_text(svg) == '<svg><title>t</title><polyline points="0,0"/></svg>'


def test_every_font_file_of_the_report_is_declared_with_its_debian_path():
    css = font_face_css()
    for font in FILES:
        assert font.path.is_file(), f"{font.path}: install fonts-noto-core and fonts-noto-cjk"
        assert font.path.as_uri() in css
    assert 'local("Noto Sans CJK SC")' in css  # the Chinese face of the collection first
