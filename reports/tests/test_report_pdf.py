"""The demo plan's report in the five languages, read back from the PDF as a reader would.

Each language's PDF is made once for the module (WeasyPrint takes tens of seconds a report on
the test machine), from the demo data loaded in a transaction rolled back at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from digicoop.testing import ensure_reference_data
from lib.formatting import format_measure, format_percent
from plans.models import Plan
from progress.services import plan_overview
from reports.content import sections
from reports.services import render_html, resolve
from reports.tests import pdf

# One worker makes the five PDFs once (make test distributes with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("report-pdfs")

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES_FOR_REVIEW = Path(settings.BASE_DIR) / "var" / "report-pages"


@dataclass
class Produced:
    language: str
    pdf: Path
    html: str
    figures: dict[str, list[str]]  # target code → its figures as the report writes them
    headings: list[str]


@pytest.fixture(scope="module")
def produced(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Produced]:
    folder = tmp_path_factory.mktemp("reports")
    out: dict[str, Produced] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test run before on this worker flushes the built-in plan away.
        ensure_reference_data()
        call_command("load_demo", stdout=StringIO())
        for language in LANGUAGES:
            path = folder / f"plan-{language}.pdf"
            call_command(
                "report", "--language", language, "--output", str(path),
                stdout=StringIO(), stderr=StringIO(),
            )  # fmt: skip
            html = render_html(resolve(language=language))
            with translation.override(language):
                figures = {}
                for tp in plan_overview(Plan.objects.default()).targets:
                    shown = [tp.display_value]
                    if tp.target.value and tp.percent is not None:
                        shown += [
                            format_measure(tp.target.value),
                            format_percent(tp.percent),
                            format_percent(tp.expected_percent),
                        ]
                    figures[tp.target.code] = shown
                headings = [str(heading) for _anchor, heading in sections()]
            out[language] = Produced(language, path, html, figures, headings)
        transaction.set_rollback(True)
    return out


@pytest.fixture(params=LANGUAGES)
def report(request, produced) -> Produced:
    return produced[request.param]


def test_the_report_is_a_pdf_of_many_pages(report):
    assert report.pdf.read_bytes().startswith(b"%PDF-")
    assert len(pdf.pages(report.pdf)) >= 10


def test_the_report_shows_every_target_figure_the_progress_functions_return(report):
    text = pdf.normalise(pdf.text(report.pdf, 1, 6))
    assert len(report.figures) == 4  # the built-in plan's four targets
    for code, shown in report.figures.items():
        for figure in shown:
            assert pdf.normalise(figure) in text, (report.language, code, figure)


def test_every_page_after_the_cover_carries_its_number_and_the_count(report):
    pages = pdf.pages(report.pdf)
    total = len(pages)
    assert f"{total}" not in pdf.normalise(pages[0]).split()  # the cover has no number
    for number, page in enumerate(pages[1:], start=2):
        last_lines = pdf.normalise(page)
        assert re.search(rf"(^|\s)({number} / {total}|{total} / {number})(\s|$)", last_lines), (
            report.language,
            number,
        )


def bare(text: str) -> str:
    """Text without digits, dots, colons and spaces: pdftotext moves the digits and colons of
    a right-to-left line (and the leader's dots) around, never the letters' order."""
    return re.sub(r"[\d.:\s]+", "", text)


def test_the_table_of_contents_lists_every_chapter_with_the_page_it_starts_on(report):
    pages = [bare(pdf.normalise(p)) for p in pdf.pages(report.pdf)]
    lines = [pdf.normalise(line) for line in pdf.pages(report.pdf)[1].splitlines()]
    for heading in report.headings:
        heading = pdf.normalise(heading)
        # "Heading ..... 7" (or "Heading 7 ....." as pdftotext gives a right-to-left line).
        line = next((ln for ln in lines if "..." in ln and bare(heading) in bare(ln)), None)
        assert line, (report.language, heading, lines)
        numbers = [n for n in re.findall(r"\d+", line) if n not in re.findall(r"\d+", heading)]
        page = int(numbers[-1])
        assert bare(heading) in pages[page - 1], (report.language, heading, page)


def test_no_character_of_the_report_falls_back_to_a_missing_glyph(report):
    fonts = pdf.fonts(report.pdf)
    assert fonts and all(embedded for _name, embedded in fonts)
    # Only the report's own Noto faces: a character none of them has would have made
    # WeasyPrint reach for another system font (or draw a box).
    assert {name.split("-")[0] + "-" + name.split("-")[1] for name, _e in fonts} <= {
        "Report-Latin", "Report-Arabic", "Report-CJK",
    }, fonts  # fmt: skip
    characters = {c for c in pdf.text(report.pdf) if not c.isspace()} - set(
        chr(c) for c in pdf.CONTROLS
    )
    missing = sorted(c for c in characters if ord(c) not in pdf.covered())
    assert not missing, (report.language, missing)


def test_arabic_and_chinese_text_is_set_in_their_own_fonts(produced):
    assert any(name.startswith("Report-Arabic") for name, _e in pdf.fonts(produced["ar"].pdf))
    assert any(name.startswith("Report-CJK") for name, _e in pdf.fonts(produced["zh-hans"].pdf))
    assert not any(name.startswith("Report-Arabic") for name, _e in pdf.fonts(produced["en"].pdf))


def test_the_arabic_report_reads_right_to_left(produced):
    arabic, english = produced["ar"], produced["en"]
    assert re.search(r'<html lang="ar" dir="rtl">', arabic.html)
    assert re.search(r'<html lang="en" dir="ltr">', english.html)
    heading = pdf.normalise(arabic.headings[0])
    assert re.search(r"[\u0600-\u06ff]", heading)  # translated, in Arabic script
    assert heading in pdf.normalise(pdf.text(arabic.pdf, 3, 3))
    # The chapter heading starts at the right margin in Arabic, at the left in English (the
    # first word below the page's top margin, where the running header sits).
    width = pdf.page_width(arabic.pdf)
    top_margin = 20 / 25.4 * 72
    first_ar = next(w for w in pdf.words(arabic.pdf, 3) if w[2] > top_margin)
    first_en = next(w for w in pdf.words(english.pdf, 3) if w[2] > top_margin)
    assert first_ar[1] > width * 0.75, first_ar
    assert first_en[0] < width * 0.25, first_en


def test_the_first_pages_of_the_plan_report_are_saved_as_images_for_review(produced):
    PAGES_FOR_REVIEW.mkdir(parents=True, exist_ok=True)
    for language in ("en", "ar", "zh-hans"):
        prefix = PAGES_FOR_REVIEW / f"plan-{language}"
        for old in PAGES_FOR_REVIEW.glob(f"plan-{language}-*.png"):
            old.unlink()
        pdf.poppler(
            "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(produced[language].pdf),
            str(prefix),
        )  # fmt: skip
        images = sorted(PAGES_FOR_REVIEW.glob(f"plan-{language}-*.png"))
        assert len(images) == 4
        for image in images:
            data = image.read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) > 5_000
