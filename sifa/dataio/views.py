"""Import page, template download and annotated-copy download (staff only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string

from sifa.core import access

from .forms import ImportForm
from .importer import import_workbook
from .limits import LimitExceeded, check_upload_size
from .template import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@staff_member_required(login_url="login")
def template_download(request):
    return xlsx_response(template_workbook(), "司法业务数据导入模板.xlsx")


@staff_member_required(login_url="login")
def import_view(request):
    if not access.writable_lines(request.user):
        raise PermissionDenied("您的账号无权导入数据。")
    result = None
    if request.method == "POST":
        # Refuse an oversized body before Django parses it (the upload itself is spooled to a
        # temporary file above FILE_UPLOAD_MAX_MEMORY_SIZE, never held whole in memory).
        try:
            check_upload_size(int(request.META.get("CONTENT_LENGTH") or 0) - 64 * 1024)
        except (LimitExceeded, ValueError) as exc:
            form = ImportForm()
            form.add_error(None, str(exc) if isinstance(exc, LimitExceeded) else "请求无效。")
            context = {**admin.site.each_context(request), "title": "从 Excel 导入", "form": form}
            return render(request, "dataio/import.html", context, status=413)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
        except LimitExceeded as exc:
            form.add_error("file", str(exc))
            context = {**admin.site.each_context(request), "title": "从 Excel 导入", "form": form}
            return render(request, "dataio/import.html", context)
        result = import_workbook(
            upload.read(),
            user=request.user,
            filename=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not result.dry_run:
            messages.success(
                request,
                f"导入完成：新增{result.counts['created']}条，"
                f"更新{result.counts['updated']}条，未变{result.counts['unchanged']}条。",
            )
            return redirect("admin:dataio_importbatch_changelist")
        if result.annotated:
            token = get_random_string(24)
            cache.set(f"sifa-annotated-{request.user.pk}-{token}", result.annotated, 3600)
            result.annotated_token = token
    context = {
        **admin.site.each_context(request),
        "title": "从 Excel 导入",
        "form": form,
        "result": result,
    }
    return render(request, "dataio/import.html", context)


@staff_member_required(login_url="login")
def annotated_download(request, token: str):
    data = cache.get(f"sifa-annotated-{request.user.pk}-{token}")
    if data is None:
        raise Http404("标注文件已过期，请重新导入一次。")
    return xlsx_response(data, "导入错误标注.xlsx")
