from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from activities.codes import WorkflowState
from interop import sheets
from interop.iati_export import export_queryset, write_iati
from interop.iati_import import default_plan, import_iati_files
from interop.permissions import can_import
from interop.sheet_import import import_sheet
from plans.models import Plan


class IatiUploadForm(forms.Form):
    file = forms.FileField(label=_("IATI activity file (XML)"))
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), required=False)
    state = forms.ChoiceField(
        choices=[(WorkflowState.DRAFT, _("Draft")), (WorkflowState.APPROVED, _("Approved"))]
    )
    all_or_nothing = forms.BooleanField(
        required=False, label=_("Write nothing if any activity is refused")
    )


def _secretariat_only(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _saved(upload) -> Path:
    """The upload as a file on disk (the importer streams from a path)."""
    handle = tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix, delete=False)  # noqa: SIM115
    with handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return Path(handle.name)


def iati_upload(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    form = IatiUploadForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"] or default_plan()
        if not can_import(request.user, plan):
            raise PermissionDenied
        path = _saved(form.cleaned_data["file"])
        try:
            summary = import_iati_files(
                [path],
                plan=plan,
                state=form.cleaned_data["state"],
                user=request.user,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
                names={path: form.cleaned_data["file"].name},
            )
        finally:
            path.unlink(missing_ok=True)
    return render(request, "interop/iati_upload.html", {"form": form, "summary": summary})


def open_data(request: HttpRequest) -> HttpResponse:
    """Every public download, per plan: what it holds and in which standard."""
    return render(request, "interop/open_data.html", {"plans": Plan.objects.all()})


def iati_download(request: HttpRequest) -> FileResponse:
    """Approved activities of a plan (default: the built-in plan) as IATI 2.03.

    Written to a temporary file first (flat memory), then streamed from it.
    """
    slug = request.GET.get("plan")
    plan = get_object_or_404(Plan, slug=slug) if slug else default_plan()
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_iati(export_queryset(plan, approved_only=True), handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{plan.slug}-iati.xml", content_type="application/xml"
    )


def _format(fmt: str) -> str:
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Spreadsheets come as .csv or .xlsx"))
    return fmt


def sheet_template(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    return sheets.response(sheets.template_rows(), fmt, "activities-template")


def sheet_export(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    slug = request.GET.get("plan")
    plan = get_object_or_404(Plan, slug=slug) if slug else default_plan()
    return sheets.response(
        sheets.export_rows(plan, approved_only=True), fmt, f"{plan.slug}-activities"
    )


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet of activities (CSV or XLSX)"))
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), required=False)


def sheet_upload(request: HttpRequest) -> HttpResponse:
    _secretariat_only(request)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"] or default_plan()
        if not can_import(request.user, plan):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        result = import_sheet(upload, upload.name, plan=plan, user=request.user)
    refused = request.method == "POST" and (result is None or bool(result.errors))
    context = {"form": form, "result": result}
    return render(request, "interop/sheet_upload.html", context, status=400 if refused else 200)
