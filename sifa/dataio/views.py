"""Import page, templates, the import job's page and progress, and its annotated workbook."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from sifa.core import access

from . import jobs
from .forms import ImportForm
from .importer import Problem
from .limits import LimitExceeded, check_upload_size
from .models import ImportJob
from .template import importable_types, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "从 Excel 导入"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _importer(request):
    if not access.writable_lines(request.user):
        raise PermissionDenied("您的账号无权导入数据。")


@staff_member_required(login_url="login")
def template_download(request):
    return xlsx_response(template_workbook(), "司法业务数据导入模板.xlsx")


@staff_member_required(login_url="login")
def type_template_download(request, key: str):
    """The template of one record type with its child sheets (a mediation case's parties)."""
    _importer(request)
    for type_key, title, models in importable_types(request.user):
        if type_key == key:
            return xlsx_response(template_workbook(models), f"{title}导入模板.xlsx")
    raise Http404("没有这种记录的导入模板。")


def _page(request, form, *, status=200, **extra):
    context = {
        "title": TITLE,
        "form": form,
        "types": importable_types(request.user),
        "recent": ImportJob.objects.filter(user=request.user)
        .defer("upload", "annotated", "error_list", "problems")
        .order_by("-created_at")[:5],
        **extra,
    }
    return render(request, "dataio/import.html", context, status=status)


@staff_member_required(login_url="login")
def import_view(request):
    _importer(request)
    if request.method == "POST":
        # Refuse an oversized body before Django parses it (the upload itself is spooled to a
        # temporary file above FILE_UPLOAD_MAX_MEMORY_SIZE, never held whole in memory).
        try:
            check_upload_size(int(request.META.get("CONTENT_LENGTH") or 0) - 64 * 1024)
        except (LimitExceeded, ValueError) as exc:
            form = ImportForm()
            form.add_error(None, str(exc) if isinstance(exc, LimitExceeded) else "请求无效。")
            return _page(request, form, status=413)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
        except LimitExceeded as exc:
            form.add_error("file", str(exc))
            return _page(request, form)
        job = jobs.submit(
            upload.read(),
            user=request.user,
            filename=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("dataio:job", pk=job.pk)
    return _page(request, form)


def _job(request, pk: int) -> ImportJob:
    """The user's own job (another user's is as absent as a missing one)."""
    _importer(request)
    return get_object_or_404(
        ImportJob.objects.defer("upload", "annotated", "error_list"), pk=pk, user=request.user
    )


@staff_member_required(login_url="login")
def job_view(request, pk: int):
    job = _job(request, pk)
    problems = [Problem(*p) for p in job.problems]
    return _page(
        request,
        ImportForm(),
        job=job,
        progress=jobs.read_progress(job),
        problems=problems,
        more_problems=job.problem_count > len(problems),
        has_annotated=ImportJob.objects.filter(pk=job.pk, annotated__isnull=False).exists(),
        has_error_list=ImportJob.objects.filter(pk=job.pk, error_list__isnull=False).exists(),
    )


@staff_member_required(login_url="login")
def job_progress(request, pk: int):
    job = _job(request, pk)
    return JsonResponse(jobs.read_progress(job))


@staff_member_required(login_url="login")
def annotated_download(request, pk: int):
    job = _job(request, pk)
    data = ImportJob.objects.filter(pk=job.pk).values_list("annotated", flat=True).first()
    if not data:
        raise Http404("这次导入没有标注了错误的工作簿。")
    return xlsx_response(bytes(data), "导入错误标注.xlsx")


@staff_member_required(login_url="login")
def error_list_download(request, pk: int):
    """Every problem of a refused file too large for an annotated copy, as a workbook."""
    job = _job(request, pk)
    data = ImportJob.objects.filter(pk=job.pk).values_list("error_list", flat=True).first()
    if not data:
        raise Http404("这次导入没有问题清单。")
    return xlsx_response(bytes(data), "导入问题清单.xlsx")


def _batches(request):
    """The import batches a user may undo: their own (the system administrator: everyone's)."""
    from .models import ImportBatch

    _importer(request)
    qs = ImportBatch.objects.select_related("user", "rolled_back_by").order_by("-created_at")
    if access.role_of(request.user) == "admin":
        return qs
    return qs.filter(user=request.user)


@staff_member_required(login_url="login")
def batch_list(request):
    """The user's import batches, newest first, each undoable as a whole (整体撤销)."""
    from django.core.paginator import Paginator

    page = Paginator(_batches(request), 50).get_page(request.GET.get("page"))
    context = {"title": "导入批次", "page": page}
    return render(request, "dataio/batches.html", context)


@staff_member_required(login_url="login")
def batch_rollback_view(request, pk: int):
    """POST: undo one batch through `services.batch_rollback` (all or nothing)."""
    from django.contrib import messages
    from django.http import HttpResponseNotAllowed

    from sifa.core.errors import RuleViolation

    from .services import batch_rollback

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    batch = get_object_or_404(_batches(request), pk=pk)
    try:
        batch_rollback(batch, user=request.user)
    except (RuleViolation, PermissionDenied) as exc:
        reasons = "；".join(getattr(exc, "messages", None) or [str(exc)])
        messages.error(request, f"“{batch.filename}”未能撤销：{reasons}")
    else:
        messages.success(request, f"已整体撤销“{batch.filename}”（{batch.summary}）。")
    return redirect("dataio:batches")
