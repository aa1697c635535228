"""The report pages: ask for a report (queued), follow it, download it, list them all."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import jobs
from reports.models import Report
from reports.permissions import may_request
from reports.services import FORMATS, ReportError, resolve


@require_POST
def request_report(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        spec = resolve(
            plan=post.get("plan") or None,
            pillar=post.get("pillar") or None,
            country=post.get("country") or None,
            period=post.get("period") or None,
            language=post.get("language") or get_language(),
        )
        fmt = post.get("format") or "pdf"
        if fmt not in FORMATS:
            raise ReportError(
                _("The format must be one of %(formats)s, not %(value)r.")
                % {"formats": ", ".join(FORMATS), "value": fmt}
            )
    except ReportError as exc:
        return render(request, "reports/refused.html", {"message": str(exc)}, status=400)
    if not may_request(request.user, spec.plan):
        raise PermissionDenied(_("Only the plan's secretariat and reviewers may ask for a report."))
    report = jobs.submit(spec, fmt, request.user)
    return redirect("reports:detail", report.pk)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("plan", "pillar", "country"), pk=pk)
    return render(request, "reports/detail.html", {"report": report})


def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file of a finished report (public data only: see reports.permissions)."""
    report = get_object_or_404(Report, pk=pk, state=Report.State.DONE)
    if not report.file:
        raise Http404
    name = report.file.name.rsplit("/", 1)[-1]
    content_type = "application/pdf" if report.format == "pdf" else "text/html; charset=utf-8"
    # Both formats are downloads: the HTML report is one self-contained file (its own styles,
    # the fonts of the reader's machine), read from disk, not a page of this site.
    return FileResponse(
        report.file.open("rb"), filename=name, content_type=content_type, as_attachment=True
    )


def report_list(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.select_related("plan", "pillar", "country")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {"page": page})
