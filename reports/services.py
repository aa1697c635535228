"""Progress reports of a plan, a pillar or a country: what a report is about, and writing it.

A report is one HTML document (``reports/report.html``) filled from the same domain functions
the portal's pages call (``reports.content``), so every figure in it equals the figure on the
dashboard for the same plan, pillar or country on the same day. The PDF is that HTML laid out
by WeasyPrint: charts and the map are inline SVG drawn on the server, fonts are the Debian Noto
files declared with ``@font-face`` (``reports.fonts``), so the PDF needs no browser and no network.

The command (``manage.py report``) and the web's background job (``reports.jobs``) both go
through :func:`resolve` (which refuses an unknown plan, pillar, country, language or a bad
period with a message that says what was expected) and :func:`write_report`.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from participants.models import Country
from plans.models import Pillar, Plan

FORMATS = ("pdf", "html")


class ReportError(ValueError):
    """A report that cannot be made as asked; the message says what was expected."""


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class ReportSpec:
    """What a report covers: a plan, narrowed to a pillar or a country, over a period, in a
    language."""

    plan: Plan
    pillar: Pillar | None
    country: Country | None
    start: dt.date
    end: dt.date
    language: str

    @property
    def whole_period(self) -> bool:
        return (self.start, self.end) == (self.plan.period_start, self.plan.period_end)

    @property
    def period_text(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def file_name(self, fmt: str) -> str:
        parts = [self.plan.slug]
        if self.pillar:
            parts.append(self.pillar.code)
        if self.country:
            parts.append(self.country.code.lower())
        if not self.whole_period:
            parts.append(f"{self.start:%Y%m%d}-{self.end:%Y%m%d}")
        parts.append(self.language)
        return "-".join(parts) + f".{fmt}"


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2024-07-29..2025-07-28`` → the two dates, first day and last day included."""
    first, sep, last = text.strip().partition("..")
    try:
        if not sep:
            raise ValueError
        start, end = dt.date.fromisoformat(first.strip()), dt.date.fromisoformat(last.strip())
    except ValueError:
        raise ReportError(
            _("“%(v)s” is not a period; write it as START..END, e.g. 2024-07-29..2025-07-28.")
            % {"v": text}
        ) from None
    if end < start:
        raise ReportError(
            _("The period %(v)s ends before it starts; write the earlier date first.") % {"v": text}
        )
    return start, end


def resolve(
    *,
    plan: str | None = None,
    pillar: str | None = None,
    country: str | None = None,
    period: str | None = None,
    language: str | None = None,
) -> ReportSpec:
    """The report asked for, each value checked; :class:`ReportError` names a bad one."""
    if plan:
        chosen = Plan.objects.filter(slug=plan).first()
        if chosen is None:
            plans = ", ".join(Plan.objects.values_list("slug", flat=True))
            raise ReportError(
                _("“%(v)s” is not a plan; plans: %(choices)s.") % {"v": plan, "choices": plans}
            )
    else:
        chosen = Plan.objects.default()
        if chosen is None:
            raise ReportError(_("No plan is loaded yet."))
    chosen_pillar = None
    if pillar:
        chosen_pillar = chosen.pillars.filter(code=pillar).first()
        if chosen_pillar is None:
            codes = ", ".join(chosen.pillars.order_by("order").values_list("code", flat=True))
            raise ReportError(
                _("“%(v)s” is not a pillar of this plan; pillars: %(choices)s.")
                % {"v": pillar, "choices": codes}
            )
    chosen_country = None
    if country:
        chosen_country = Country.objects.filter(code=country.strip().upper()).first()
        if chosen_country is None:
            raise ReportError(
                _("“%(v)s” is not an ISO 3166-1 country code (e.g. KE).") % {"v": country}
            )
    code = (language or "en").strip().lower()
    if code not in languages():
        raise ReportError(
            _("“%(v)s” is not a language of the reports; choose one of: %(choices)s.")
            % {"v": language, "choices": ", ".join(languages())}
        )
    start, end = chosen.period_start, chosen.period_end
    if period:
        start, end = parse_period(period)
        if start < chosen.period_start or end > chosen.period_end:
            raise ReportError(
                _("The period %(v)s is not within the plan's period (%(plan)s).")
                % {"v": period, "plan": f"{chosen.period_start}..{chosen.period_end}"}
            )
    return ReportSpec(chosen, chosen_pillar, chosen_country, start, end, code)


def render_html(spec: ReportSpec, today: dt.date | None = None) -> str:
    """The report as one self-contained HTML document, in the report's language."""
    from django.template.loader import render_to_string

    from reports.content import gather, sections
    from reports.fonts import STACK, font_face_css

    with translation.override(spec.language):
        context = {
            "report": gather(spec, today),
            "sections": sections(),
            "fonts_css": font_face_css(),
            "stack": STACK,
        }
        return render_to_string("reports/report.html", context)


def render_pdf(spec: ReportSpec, today: dt.date | None = None) -> bytes:
    """The same HTML laid out by WeasyPrint (as the certificates are): no browser, no network."""
    from weasyprint import HTML

    html = render_html(spec, today)
    # Fonts are file:// URLs of the Debian packages; nothing else is fetched.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def report_bytes(spec: ReportSpec, fmt: str, today: dt.date | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ReportError(
            _("“%(v)s” is not a report format; choose one of: %(choices)s.")
            % {"v": fmt, "choices": ", ".join(FORMATS)}
        )
    if fmt == "pdf":
        return render_pdf(spec, today)
    return render_html(spec, today).encode("utf-8")


def write_report(spec: ReportSpec, fmt: str, output: Path, today: dt.date | None = None) -> int:
    """Write the report to ``output``: to a temporary file beside it, renamed once whole, so a
    failure leaves no file (and no half file). Returns the size in bytes."""
    data = report_bytes(spec, fmt, today)
    output = Path(output)
    handle, temporary = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(data)
