"""The returns: their list, one return's table (every cell opens its records), its .xlsx."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sifa.core import access
from sifa.core.access import user_region
from sifa.core.errors import RuleViolation
from sifa.reports.periods import PeriodError
from sifa.reports.views import (
    MSG_NO_RECORDS_FOR_VIEWER,
    drilldown_listing,
    scoped_base,
)

from . import compute, library, periods, services, xlsx
from .models import ReturnSubmission, SubmissionStatus

MSG_UNKNOWN_CELL = "报表中没有这一格。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def params(request):
    """(start, end, region, query, error): a reader outside the county sees only his region."""
    q = request.GET
    try:
        start, end = periods.period_dates(
            q.get("year"), q.get("period"), q.get("start"), q.get("end")
        )
        region = periods.resolve_scope(q.get("region"))
    except PeriodError as exc:
        return None, None, None, {}, str(exc)
    own = user_region(request.user)
    if own is not None and (region is None or not own.contains(region)):
        region = own
    region = compute.default_region(region)
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if region is not None:
        query["region"] = region.code
    return start, end, region, query, ""


def figures_only(user) -> bool:
    """A 上级查看 account or a city/provincial bureau's: it reads every return of its region,
    counted over all records there, and opens no records behind a cell."""
    return access.role_of(user) == "viewer" or access.is_supervisor(user)


def counting_user(user):
    """Whose scope a return is counted in: the reader's, or (figures only) the whole region,
    which `params` has already confined to the reader's own."""
    return None if figures_only(user) else user


def visible_returns(user) -> dict:
    """The returns of the lines the reader may see (every return for a figures-only reader)."""
    if figures_only(user):
        return dict(library.all_returns())
    lines = access.lines_of(user)

    def readable(model) -> bool:
        line = getattr(model, "line", "")
        return line in lines if isinstance(line, str) else bool(lines)

    return {n: s for n, s in library.all_returns().items() if readable(s.model)}


def _spec_or_404(user, name):
    found = visible_returns(user)
    if name not in found:
        raise Http404("报表不存在。")
    return found[name]


def _form_context(request, start, end, region):
    q = request.GET
    return {
        "periods": periods.PERIODS,
        "period": q.get("period") or "year",
        "year": q.get("year") or (end.year if end else ""),
        "custom_start": q.get("start", ""),
        "custom_end": q.get("end", ""),
        "scopes": periods.scopes(),
        "start": start,
        "end": end,
        "region": region,
    }


@login_required
def index(request):
    start, end, region, query, error = params(request)
    ctx = {"error": error, "returns": list(visible_returns(request.user).values())}
    ctx.update(_form_context(request, start, end, region))
    ctx["query"] = urlencode(query)
    return render(request, "returns/index.html", ctx, status=400 if error else 200)


def layout(table, name: str, query: dict, *, links: bool = True) -> dict:
    """The table as the template draws it: two header rows with merged groups, each section's
    label spanning its rows, each cell a link to its records."""
    spec = table.spec
    top, bottom = [], []
    i = 0
    for group, span in spec.header_groups():
        if group:
            top.append({"label": group, "colspan": span, "rowspan": 1})
            bottom += [c.label for c in spec.columns[i : i + span]]
        else:
            top.append({"label": spec.columns[i].label, "colspan": 1, "rowspan": 2})
        i += span
    body = []
    spans: dict[str, int] = {}
    for row in table.rows:
        spans[row.section] = spans.get(row.section, 0) + 1
    seen = set()
    qs = urlencode(query)
    for row, values in table.grid():
        first = row.section not in seen
        seen.add(row.section)
        cells = []
        for col, value in zip(spec.columns, values, strict=True):
            url = reverse("returns:cell", args=[name, row.key, col.key])
            cells.append({"value": value, "url": f"{url}?{qs}" if links else ""})
        body.append(
            {
                "row": row,
                "section": row.section if first else None,
                "rowspan": spans[row.section],
                "cells": cells,
            }
        )
    return {"top": top, "bottom": bottom, "body": body}


@login_required
def detail(request, name):
    spec = _spec_or_404(request.user, name)
    start, end, region, query, error = params(request)
    ctx = {"spec": spec, "error": error}
    if error:
        return render(request, "returns/detail.html", ctx, status=400)
    table = compute.compute(spec, start, end, region, user=counting_user(request.user))
    ctx.update(_form_context(request, start, end, region))
    ctx.update(
        table=table,
        layout=layout(table, name, query, links=not figures_only(request.user)),
        query=urlencode(query),
        failed=[c for c in table.checks if not c.holds],
        unit_name=xlsx.reporting_unit(table),
        can_submit=_can_submit(request.user, spec),
        form_values=request.GET,
    )
    return render(request, "returns/detail.html", ctx)


def _can_submit(user, spec) -> bool:
    line = getattr(spec.model, "line", "")
    return isinstance(line, str) and line in access.writable_lines(user)


@login_required
def export(request, name):
    spec = _spec_or_404(request.user, name)
    start, end, region, _query, error = params(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    table = compute.compute(spec, start, end, region, user=counting_user(request.user))
    resp = HttpResponse(xlsx.workbook(table), content_type=XLSX)
    filename = f"{spec.title}（{start}至{end}）.xlsx"
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


@login_required
def cell(request, name, row, col):
    """The records behind one cell: the scoped, sealed-aware list of the report centre."""
    if figures_only(request.user):
        raise PermissionDenied(MSG_NO_RECORDS_FOR_VIEWER)
    spec = _spec_or_404(request.user, name)
    start, end, region, query, error = params(request)
    if error:
        return render(request, "returns/detail.html", {"spec": spec, "error": error}, status=400)
    ind = compute.find_cell(spec, row, col, start, end, region, user=request.user)
    if ind is None:
        raise Http404(MSG_UNKNOWN_CELL)
    qs = ind.queryset(start, end, region, base=scoped_base(request.user, ind.model_class))
    qs = qs.order_by(*((ind.date_field, "pk") if ind.date_field else ("pk",)))
    qs = qs.select_related("region")
    listing = drilldown_listing(
        request, ind, qs, start, end, region, what=f"查阅统计报表“{ind.label}”背后的记录"
    )
    return render(
        request,
        "reports/drilldown.html",
        {
            **listing,
            "ind": ind,
            "exportable": False,
            "start": start,
            "end": end,
            "region": region,
            "back": f"{reverse('returns:detail', args=[name])}?{urlencode(query)}",
        },
    )


@login_required
def catalogue_view(request):
    """The fields a return may count by (the administrator's help when declaring one)."""
    from .spec import catalogue

    return render(request, "returns/catalogue.html", {"types": catalogue()})


MSG_SUBMITTED = "报表已报送，等待县局审核。"
MSG_LOCKED_OK = "报表已审核锁定。"


@login_required
@require_POST
def submit(request, name):
    spec = _spec_or_404(request.user, name)
    q = request.POST
    try:
        start, end = periods.period_dates(
            q.get("year"), q.get("period"), q.get("start"), q.get("end")
        )
        region = periods.resolve_scope(q.get("region"))
        sub = services.submission_submit(spec, start, end, region, user=request.user)
    except PeriodError as exc:
        messages.error(request, str(exc))
        return redirect("returns:index")
    except RuleViolation as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("returns:index")
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc))
    messages.success(request, MSG_SUBMITTED)
    return redirect("returns:submission", pk=sub.pk)


def _visible_submissions(user):
    own = user_region(user)
    names = set(visible_returns(user))
    qs = ReturnSubmission.objects.select_related("region", "submitted_by", "reviewed_by")
    qs = qs.filter(name__in=names)
    if own is None:
        return qs.none()
    return qs.filter(region__code__startswith=own.prefix)


@login_required
def submissions(request):
    rows = list(_visible_submissions(request.user)[:200])
    return render(request, "returns/submissions.html", {"rows": rows})


@login_required
def submission(request, pk):
    sub = _visible_submissions(request.user).filter(pk=pk).first()
    if sub is None:
        raise Http404("记录不存在。")
    spec = _spec_or_404(request.user, sub.name)
    rows = services.compare_with_today(sub, spec, user=request.user)
    return render(
        request,
        "returns/submission.html",
        {
            "sub": sub,
            "rows": rows,
            "changed": [r for r in rows if r["changed"]],
            "can_lock": sub.status != SubmissionStatus.LOCKED and services.can_lock(request.user),
        },
    )


@login_required
@require_POST
def lock(request, pk):
    sub = _visible_submissions(request.user).filter(pk=pk).first()
    if sub is None:
        raise Http404("记录不存在。")
    try:
        services.submission_lock(sub, user=request.user)
    except RuleViolation as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("returns:submission", pk=pk)
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc))
    messages.success(request, MSG_LOCKED_OK)
    return redirect("returns:submission", pk=pk)
