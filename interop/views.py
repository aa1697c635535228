from __future__ import annotations

import tempfile

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from activities import models as am
from activities.codes import WorkflowState
from interop import jobs, sheets
from interop.iati_export import export_queryset, write_iati
from interop.iati_import import default_plan
from interop.models import ImportJob
from interop.permissions import can_import
from plans.models import Plan


class _UploadForm(forms.Form):
    def clean_file(self):
        """DIGICOOP_UPLOAD_MAX_BYTES holds for uploaded files too: over it, nothing is kept."""
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s; the largest file accepted is %(limit)s "
                    "(DIGICOOP_UPLOAD_MAX_BYTES). Nothing was imported."
                )
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class IatiUploadForm(_UploadForm):
    file = forms.FileField(label=_("IATI activity file (XML)"))
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), required=False)
    state = forms.ChoiceField(
        label=_("Workflow state"),
        choices=[
            ("", _("New activities as drafts; existing ones keep their state")),
            (WorkflowState.DRAFT, _("Every activity of the file as a draft")),
            (WorkflowState.APPROVED, _("Every activity of the file approved")),
        ],
        required=False,
    )
    all_or_nothing = forms.BooleanField(
        required=False, label=_("Write nothing if any activity is refused")
    )


def _secretariat_only(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def iati_upload(request: HttpRequest) -> HttpResponse:
    """Keep the file and queue its import; the job's page follows it (interop.jobs)."""
    _secretariat_only(request)
    form = IatiUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"] or default_plan()
        if not can_import(request.user, plan):
            raise PermissionDenied
        job = jobs.submit(
            form.cleaned_data["file"],
            kind=ImportJob.Kind.IATI,
            plan=plan,
            user=request.user,
            requested_state=form.cleaned_data["state"],
            all_or_nothing=form.cleaned_data["all_or_nothing"],
        )
        return redirect("interop:import-job", job.pk)
    return render(request, "interop/iati_upload.html", {"form": form})


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("plan", "user"), pk=pk)
    if not can_import(request.user, job.plan):
        raise PermissionDenied
    return job


def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: live progress while it runs, its report when it ends."""
    jobs.reap_lost()
    job = _job(request, pk)
    created = am.Activity.objects.filter(pk__in=job.created_ids[:200]).order_by("pk")
    return render(
        request,
        "interop/import_job.html",
        {"job": job, "created": created, "more_created": max(0, job.created - len(created))},
    )


def import_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's counts, for the page's live progress."""
    jobs.reap_lost()
    job = _job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": str(job.get_state_display()),
            "finished": job.finished,
            "percent": job.percent,
            **{k: getattr(job, k) for k in ("read", "created", "updated", "unchanged", "refused")},
        }
    )


def import_job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if job.state != ImportJob.State.FAILED:
        return HttpResponse(_("Only a failed import can be run again."), status=409)
    jobs.retry(job)
    return redirect("interop:import-job", job.pk)


def import_job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file as it was uploaded, kept for the record."""
    job = _job(request, pk)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


def import_history(request: HttpRequest) -> HttpResponse:
    """Every import the user may see: who, when, which file, counts, duration, state."""
    _secretariat_only(request)
    jobs.reap_lost()
    page = Paginator(jobs.visible_jobs(request.user).select_related("plan", "user"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "interop/import_history.html", {"page": page})


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


class SheetUploadForm(_UploadForm):
    file = forms.FileField(label=_("Spreadsheet of activities (CSV or XLSX)"))
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), required=False)


def sheet_upload(request: HttpRequest) -> HttpResponse:
    """Keep the sheet and queue its import (checked whole, then written all or nothing)."""
    _secretariat_only(request)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"] or default_plan()
        if not can_import(request.user, plan):
            raise PermissionDenied
        job = jobs.submit(
            form.cleaned_data["file"], kind=ImportJob.Kind.SHEET, plan=plan, user=request.user
        )
        return redirect("interop:import-job", job.pk)
    status = 400 if request.method == "POST" else 200  # a refused upload
    return render(request, "interop/sheet_upload.html", {"form": form}, status=status)
