"""The report centre: preview with drill-down links, downloads, issuing, comparisons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sifa.core import registry
from sifa.core.access import role_of, scope, user_region
from sifa.core.dates import shift_year
from sifa.core.errors import RuleViolation
from sifa.core.models import Record, Region

from . import engine, services
from . import render as renderers
from .latest import latest_record_year
from .models import IssuedReport
from .periods import PeriodError, resolve_period, resolve_region
from .template_check import TemplateProblem, catalogue, check_docx

MSG_UNKNOWN_FIGURE = "数据项不存在。"
MSG_NO_FILE = "请选择要检查的Word模板文件。"
MSG_TEMPLATE_OK = "模板检查通过，可以使用。"
MSG_ISSUED = "报告已签发。"
DRILLDOWN_LIMIT = 500


def _params(request):
    """(start, end, region, error) from the query string; a township clerk sees only his."""
    q = request.GET if request.method == "GET" else request.POST
    region_code = q.get("region") or None
    year = q.get("year")
    if not (year or q.get("start") or q.get("end")):
        year = latest_record_year()  # as the dashboard: the demo opens on its last year
    try:
        start, end = resolve_period(year, q.get("start"), q.get("end"), check_records=False)
        region = resolve_region(region_code)
    except PeriodError as exc:
        return None, None, None, str(exc)
    own = user_region(request.user)
    if own is not None and (region is None or not own.contains(region)):
        region = own
    return start, end, region, ""


def _common(request, start, end, region):
    return {
        "start": start,
        "end": end,
        "region": region,
        "regions": Region.objects.filter(level__in=(3, 4)).order_by("code"),
        "year": end.year if end else "",
    }


@login_required
def centre(request):
    start, end, region, error = _params(request)
    ctx = {
        "error": error,
        "issued": IssuedReport.objects.select_related("region")[:50],
        "can_issue": role_of(request.user) in ("admin", "leader"),
    }
    if not error:
        from sifa.returns.periods import PERIODS

        ctx.update(_common(request, start, end, region))
        ctx.update(briefings=_briefings_list(), periods=PERIODS)
    return render(request, "reports/centre.html", ctx)


@login_required
def preview(request):
    start, end, region, error = _params(request)
    if error:
        return render(request, "reports/centre.html", {"error": error}, status=400)
    figures = engine.compute(start, end, region)
    data = services.report_data(start, end, region, figures=figures, user=request.user)
    masked = request.GET.get("masked") == "1"
    edition = services.edition(start, end, region, masked=masked, links=not masked)
    body = renderers.render_html_body(data, edition)
    ctx = _common(request, start, end, region)
    ctx.update(
        body=body,
        checks=figures.checks,
        masked=masked,
        can_issue=role_of(request.user) in ("admin", "leader"),
    )
    return render(request, "reports/preview.html", ctx)


@login_required
def download(request):
    start, end, region, error = _params(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    fmt = request.GET.get("format", "docx")
    if fmt not in renderers.CONTENT_TYPES:
        fmt = "docx"
    masked = request.GET.get("masked") == "1"
    data = services.report_data(start, end, region, user=request.user)
    base = services.link_base(request)  # the address this site is served on
    edition = services.edition(start, end, region, masked=masked, links=not masked, base=base)
    name = f"{end.year}年度工作总结{'（脱敏版）' if masked else ''}"
    resp = HttpResponse(
        renderers.render_as(fmt, data, edition), content_type=renderers.CONTENT_TYPES[fmt]
    )
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return resp


def scoped_base(user, model):
    """The records of `model` the reader may see (regions by their own code)."""
    qs = model._default_manager.all()
    if model is Region:
        if role_of(user) in ("anonymous", "viewer"):
            return qs.none()
        own = user_region(user)
        return qs.filter(code__startswith=own.prefix) if own is not None else qs
    return registry.visible(user, qs)  # the record type's own rule: sealed files stay hidden


def drilldown_queryset(user, fid: str, start, end, region):
    reg = engine.registry()
    ind = reg.get(fid)
    if ind is None or ind.kind == "rate":
        raise Http404(MSG_UNKNOWN_FIGURE)
    return ind, ind.queryset(start, end, region, base=scoped_base(user, ind.model_class))


MSG_NO_RECORDS_FOR_VIEWER = "上级查看账号只查阅统计数字，不查阅具体记录。"


@login_required
def drilldown(request, fid):
    if role_of(request.user) == "viewer":
        raise PermissionDenied(MSG_NO_RECORDS_FOR_VIEWER)
    start, end, region, error = _params(request)
    if error:
        return render(request, "reports/centre.html", {"error": error}, status=400)
    ind, qs = drilldown_queryset(request.user, fid, start, end, region)
    order = ind.order_by or ((ind.date_field, "pk") if ind.date_field else ("pk",))
    qs = qs.order_by(*order)
    if any(f.name == "region" and f.is_relation for f in ind.model_class._meta.concrete_fields):
        qs = qs.select_related("region")  # each row shows its region: one query, not one a row
    exportable = issubclass(ind.model_class, Record) and role_of(request.user) != "viewer"
    if request.GET.get("export") == "xlsx" and exportable:
        from sifa.dataio.exporter import export_workbook
        from sifa.dataio.views import xlsx_response

        data = export_workbook(
            [(ind.model_class, qs)], request.user, remote_addr=request.META.get("REMOTE_ADDR")
        )
        return xlsx_response(data, f"{ind.label}（{start}至{end}）.xlsx")
    listing = drilldown_listing(
        request, ind, qs, start, end, region, what=f"查阅统计数字“{ind.label}”背后的记录"
    )
    ctx = _common(request, start, end, region)
    ctx.update(listing, ind=ind, fid=fid, exportable=exportable)
    return render(request, "reports/drilldown.html", ctx)


def drilldown_listing(request, ind, qs, start, end, region, *, what: str) -> dict:
    """The page's part of a list of the records behind a number (a figure, a return's cell, a
    briefing's figure): the first DRILLDOWN_LIMIT rows of the reader's ordered `qs`, their read
    logged as `what`, the total, the sum for a sum, and how many sealed files stay out."""
    total = qs.count()
    total_sum = None
    if ind.kind == "sum":
        from django.db.models import Sum

        total_sum = qs.aggregate(v=Sum(ind.sum_expression()))["v"] or 0
    shown = list(qs[:DRILLDOWN_LIMIT])
    rt = registry.find(ind.model_class)
    if rt is not None:
        rt.log_reads(
            request.user,
            [obj.pk for obj in shown],
            remote_addr=request.META.get("REMOTE_ADDR"),
            what=what,
        )
    rows = [
        {
            "text": str(obj),
            "date": getattr(obj, ind.date_field, "") if ind.date_field else "",
            "region": getattr(getattr(obj, "region", None), "name", ""),
        }
        for obj in shown
    ]
    return {
        "rows": rows,
        "total": total,
        "total_sum": total_sum,
        "truncated": total > DRILLDOWN_LIMIT,
        "sealed": _sealed_count(request.user, ind, start, end, region, total),
    }


def _sealed_count(user, ind, start, end, region, listed: int) -> int:
    """How many records the figure counts that the record type's own rule (the sealed files
    of minors) keeps out of this reader's list: said, so the list and the figure agree."""
    rt = registry.find(ind.model_class)
    if rt is None or rt.selector is None:
        return 0
    in_scope = scope(user, ind.model_class._default_manager.all())
    return ind.queryset(start, end, region, base=in_scope).count() - listed


@login_required
def catalogue_view(request):
    return render(request, "reports/catalogue.html", {"rows": catalogue()})


@login_required
def template_check_view(request):
    result = None
    if request.method == "POST":
        upload = request.FILES.get("template")
        if upload is None:
            result = {"ok": False, "message": MSG_NO_FILE}
        elif not upload.name.lower().endswith(".docx"):
            result = {"ok": False, "message": f"文件“{upload.name}”不是Word（.docx）文件。"}
        else:
            try:
                check_docx(upload.read())
                result = {"ok": True, "message": MSG_TEMPLATE_OK}
            except TemplateProblem as exc:
                result = {"ok": False, "message": str(exc)}
    return render(
        request,
        "reports/template_check.html",
        {"result": result},
        status=400 if result and not result["ok"] else 200,
    )


@login_required
def yoy(request):
    start, end, region, error = _params(request)
    if error:
        return render(request, "reports/centre.html", {"error": error}, status=400)
    ctx = _common(request, start, end, region)
    ctx.update(
        rows=services.year_over_year(start, end, region),
        before_start=shift_year(start),
        before_end=shift_year(end),
    )
    return render(request, "reports/yoy.html", ctx)


@login_required
@require_POST
def issue(request):
    """签发 in two steps: the first POST shows what will be frozen, the second (confirm=1)
    freezes it."""
    start, end, region, error = _params(request)
    if error:
        messages.error(request, error)
        return redirect("reports:centre")
    masked = request.POST.get("masked") == "1"
    note = request.POST.get("note", "")[:200]
    if role_of(request.user) != "leader":
        raise PermissionDenied(services.MSG_ISSUE_DENIED)
    if request.POST.get("confirm") != "1":
        figures = engine.compute(start, end, region)
        ctx = _common(request, start, end, region)
        ctx.update(
            masked=masked,
            note=note,
            figure_count=len(figures.public_ids()),
            checks=figures.checks,
            broken=[c for c in figures.checks if not c.holds],
            definitions_version=engine.definitions_version(),
            scope_name=region.name if region is not None else "全县",
        )
        return render(request, "reports/issue_confirm.html", ctx)
    try:
        report = services.issue_report(
            start,
            end,
            region,
            user=request.user,
            masked=masked,
            note=note,
            base=services.link_base(request),
        )
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc))
    except RuleViolation as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("reports:centre")
    messages.success(request, MSG_ISSUED)
    return redirect("reports:issued", pk=report.pk)


def _visible_issued(user, pk):
    """An issued report the user may see: a township clerk only his township's (404 else)."""
    report = get_object_or_404(IssuedReport.objects.select_related("region", "issued_by"), pk=pk)
    own = user_region(user)
    if own is not None and (report.region is None or not own.contains(report.region)):
        raise Http404("记录不存在。")
    return report


@login_required
def issued_detail(request, pk):
    report = _visible_issued(request.user, pk)
    rows = services.compare_with_today(report)
    changed = [r for r in rows if r["changed"]]
    return render(
        request,
        "reports/issued.html",
        {
            "report": report,
            "rows": changed,
            "changed": len(changed),
            "total": len(rows),
            "moved": sum(r["moved"] for r in rows),
            "version_changed": report.definitions_version != engine.definitions_version(),
        },
    )


@login_required
def issued_file(request, pk):
    report = _visible_issued(request.user, pk)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=f"{report.title}.docx")


# --- 统计数字: every figure for a period and region, for 上级查看 and the staff -----------------

MSG_FIGURES_DENIED = "系统管理员账号不查阅业务统计数字。"
FIGURES_ROLES = ("viewer", "leader", "section", "office")


# Figure id prefixes that are not a line's own code (docs/CONVENTIONS.md, "Where each figure
# lives"), by the heading the figures page lists them under.
GROUP_OF_PREFIX = {
    "org": "基本情况",
    "publicity": "法治建设与普法",
    "cleanup": "规范性文件",
    "rural": "乡村振兴",
    "visits": "干警大走访",
    "u": "本局自定义指标",
}


def figure_group(fid: str) -> str:
    from sifa.core.lines import Line

    prefix = fid.partition(".")[0]
    if prefix in GROUP_OF_PREFIX:
        return GROUP_OF_PREFIX[prefix]
    try:
        return str(Line(prefix).label)
    except ValueError:
        return "其他"


def can_read_figures(user) -> bool:
    """Who may open the figures page: every business role (三员 administrators: no)."""
    return role_of(user) in FIGURES_ROLES


def figure_table(start, end, region) -> list[dict]:
    """Every figure of figures.yaml for the period and region: label, text and unit only.

    Counts and amounts, no records: nothing personal leaves, and no row links to records.
    """
    figures = engine.compute(start, end, region)
    rows = []
    for fid in figures.public_ids():
        ind = figures.indicators[fid]
        rows.append(
            {
                "label": ind.label,
                "text": figures.text(fid),
                "unit": ind.unit if ind.kind != "rate" else "",
                "group": figure_group(fid),
            }
        )
    first: dict[str, int] = {}
    for r in rows:
        first.setdefault(r["group"], len(first))
    return sorted(rows, key=lambda r: first[r["group"]])  # each group once, in its order


def _figures_xlsx(rows, start, end, scope_name: str) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "统计数字"
    ws.append([f"{scope_name}统计数字（{start:%Y年%m月%d日}至{end:%Y年%m月%d日}）"])
    ws["A1"].font = Font(bold=True)
    ws.append(["数据项", "数值", "单位"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r["label"], r["text"], r["unit"]])
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 8
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@login_required
def figures_page(request):
    """统计数字: choose a period and a region, read every figure, download them as .xlsx."""
    if not can_read_figures(request.user):
        raise PermissionDenied(MSG_FIGURES_DENIED)
    start, end, region, error = _params(request)
    own = user_region(request.user)
    regions = Region.objects.filter(level__in=(3, 4)).order_by("code")
    if own is not None:
        regions = regions.filter(code__startswith=own.prefix)
    if error:
        return render(
            request, "reports/figures.html", {"error": error, "regions": regions}, status=400
        )
    scope_name = region.name if region is not None else "全部"
    rows = figure_table(start, end, region)
    if request.GET.get("format") == "xlsx":
        from sifa.dataio.views import xlsx_response

        return xlsx_response(
            _figures_xlsx(rows, start, end, "" if region is None else scope_name),
            f"统计数字（{scope_name}，{start}至{end}）.xlsx",
        )
    ctx = _common(request, start, end, region)
    ctx.update(rows=rows, regions=regions, scope_name=scope_name, query=request.GET.urlencode())
    return render(request, "reports/figures.html", ctx)


# --- 定期通报: periodic briefings (briefings.py), written and issued like the summary -------

MSG_BRIEFING_ISSUED = "通报已签发。"


def _briefing_params(request):
    """(briefing, start, end, region, query, error): year + period (month, quarter, half,
    year) or explicit dates; a reader with his own region sees only it."""
    from . import briefings

    q = request.GET if request.method == "GET" else request.POST
    briefing = briefings.builtin().get(q.get("briefing") or "litigation")
    try:
        if q.get("start") or q.get("end"):
            start, end = resolve_period(None, q.get("start"), q.get("end"), check_records=False)
        else:
            year = q.get("year") or latest_record_year()
            start, end = briefings.period_dates(year, q.get("period") or "q1")
        region = resolve_region(q.get("region") or None)
    except PeriodError as exc:
        return briefing, None, None, None, {}, str(exc)
    own = user_region(request.user)
    if own is not None and (region is None or not own.contains(region)):
        region = own
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if region is not None:
        query["region"] = region.code
    return briefing, start, end, region, query, ""


def _briefing_or_404(name):
    from . import briefings

    found = briefings.builtin().get(name)
    if found is None:
        raise Http404("通报不存在。")
    return found


def _briefing_context(request, briefing, start, end, region, query):
    from urllib.parse import urlencode

    from sifa.returns.periods import PERIODS

    q = request.GET if request.method == "GET" else request.POST
    return {
        "briefing": briefing,
        "briefings": _briefings_list(),
        "start": start,
        "end": end,
        "region": region,
        "regions": Region.objects.filter(level__in=(3, 4)).order_by("code"),
        "periods": [p for p in PERIODS],
        "period": _period_code(start, end) or q.get("period") or "q1",
        "year": end.year if end else "",
        "query": urlencode(query),
    }


def _period_code(start, end) -> str:
    """The selector's code of [start, end] when it is a named part of one year (m7, q3)."""
    from sifa.returns.periods import PERIODS
    from sifa.returns.periods import period_dates as dates

    if start is None or end is None or start.year != end.year:
        return ""
    return next((code for code, _ in PERIODS if dates(start.year, code) == (start, end)), "")


def _briefings_list():
    from . import briefings

    return list(briefings.builtin().values())


@login_required
def briefing_preview(request, name):
    """A briefing for the chosen period and scope, every figure linked to its records."""
    from . import briefings

    briefing = _briefing_or_404(name)
    _b, start, end, region, query, error = _briefing_params(request)
    if error:
        return render(request, "reports/centre.html", {"error": error}, status=400)
    masked = request.GET.get("masked") == "1"
    written = briefings.write(briefing, start, end, region)
    ctx = _briefing_context(request, briefing, start, end, region, query)
    ctx.update(
        body=briefings.render_html(written, masked=masked),
        title=written.title,
        masked=masked,
        own_template=briefings.uploaded_template(briefing, region),
        can_issue=role_of(request.user) == "leader",
    )
    return render(request, "reports/briefing.html", ctx)


@login_required
def briefing_download(request, name):
    from urllib.parse import quote

    from . import briefings

    briefing = _briefing_or_404(name)
    _b, start, end, region, _query, error = _briefing_params(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    masked = request.GET.get("masked") == "1"
    written = briefings.write(briefing, start, end, region)
    content = briefings.render(written, base=services.link_base(request), masked=masked)
    resp = HttpResponse(content, content_type=renderers.CONTENT_TYPES["docx"])
    name = written.title + ("（脱敏版）" if masked else "")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.docx"
    return resp


@login_required
@require_POST
def briefing_issue(request, name):
    """签发 a briefing in two steps, as the summary: what will be frozen, then confirm=1."""
    from . import briefings

    briefing = _briefing_or_404(name)
    _b, start, end, region, query, error = _briefing_params(request)
    if error:
        messages.error(request, error)
        return redirect("reports:centre")
    if role_of(request.user) != "leader":
        raise PermissionDenied(services.MSG_ISSUE_DENIED)
    note = request.POST.get("note", "")[:200]
    if request.POST.get("confirm") != "1":
        written = briefings.write(briefing, start, end, region)
        ctx = _briefing_context(request, briefing, start, end, region, query)
        ctx.update(
            title=written.title,
            note=note,
            figure_count=len(written.ids),
            definitions_version=engine.definitions_version(),
            scope_name=written.data.names.scope or "全部",
        )
        return render(request, "reports/briefing_confirm.html", ctx)
    report = services.issue_briefing(
        briefing, start, end, region, user=request.user, note=note, base=services.link_base(request)
    )
    messages.success(request, MSG_BRIEFING_ISSUED)
    return redirect("reports:issued", pk=report.pk)


@login_required
def briefing_figure(request, name, fid):
    """The records behind a figure a briefing makes for its period (a defendant's cases)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    if role_of(request.user) == "viewer":
        raise PermissionDenied(MSG_NO_RECORDS_FOR_VIEWER)
    briefing = _briefing_or_404(name)
    _b, start, end, region, query, error = _briefing_params(request)
    if error:
        return render(request, "reports/centre.html", {"error": error}, status=400)
    ind = briefing.registry(start, end, region).get(fid)
    if ind is None or ind.kind == "rate":
        raise Http404(MSG_UNKNOWN_FIGURE)
    qs = ind.queryset(start, end, region, base=scoped_base(request.user, ind.model_class))
    qs = qs.order_by(ind.date_field, "pk").select_related("region")
    listing = drilldown_listing(
        request, ind, qs, start, end, region, what=f"查阅通报数字“{ind.label}”背后的记录"
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
            "back": f"{reverse('reports:briefing', args=[name])}?{urlencode(query)}",
        },
    )


MSG_TEMPLATE_SAVED = "模板检查通过，已保存：本县的{title}今后按此模板生成和签发。"
MSG_TEMPLATE_REMOVED = "已删除本县的模板，{title}恢复使用系统内置模板。"
MSG_TEMPLATE_DENIED = "只有局领导或系统管理员可以更换通报模板。"
TEMPLATE_ROLES = ("leader", "admin")


def _template_county(request):
    """The county whose briefing template the reader manages: his own region's county (the
    installation's only county for an account without one)."""
    from . import briefings

    q = request.GET if request.method == "GET" else request.POST
    own = user_region(request.user)
    if own is None:
        try:
            own = resolve_region(q.get("region") or None)
        except PeriodError:
            own = None
    return briefings.county_of(own)


@login_required
def briefing_template(request, name):
    """A county's own Word template for a briefing: the variables it may use, the template in
    use (download), upload (checked; refused with the reason, nothing kept) and removal."""
    from . import briefings

    briefing = _briefing_or_404(name)
    can_change = role_of(request.user) in TEMPLATE_ROLES
    county = _template_county(request)
    result = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(MSG_TEMPLATE_DENIED)
        if request.POST.get("action") == "remove":
            if briefings.remove_template(briefing, county):
                messages.success(request, MSG_TEMPLATE_REMOVED.format(title=briefing.title))
            return redirect("reports:briefing_template", name=name)
        upload = request.FILES.get("template")
        if upload is None:
            result = {"ok": False, "message": MSG_NO_FILE}
        elif not upload.name.lower().endswith(".docx"):
            result = {"ok": False, "message": f"文件“{upload.name}”不是Word（.docx）文件。"}
        else:
            try:
                briefings.save_template(briefing, county, upload.read(), user=request.user)
            except TemplateProblem as exc:
                result = {"ok": False, "message": str(exc)}
            else:
                messages.success(request, MSG_TEMPLATE_SAVED.format(title=briefing.title))
                return redirect("reports:briefing_template", name=name)
    ctx = {
        "briefing": briefing,
        "county": county,
        "own": briefings.uploaded_template(briefing, county) if county else None,
        "rows": briefings.template_catalogue(briefing),
        "result": result,
        "can_change": can_change,
    }
    status = 400 if result and not result["ok"] else 200
    return render(request, "reports/briefing_template.html", ctx, status=status)


@login_required
def briefing_template_file(request, name):
    """The Word template a briefing is written from (the county's own, else the shipped one;
    ?shipped=1: the shipped one), to download and edit."""
    from urllib.parse import quote

    from . import briefings

    briefing = _briefing_or_404(name)
    county = _template_county(request)
    if request.GET.get("shipped") == "1" or county is None:
        content = briefings.template_bytes(briefing.name)
    else:
        content = briefings.template_for(briefing, county)
    resp = HttpResponse(content, content_type=renderers.CONTENT_TYPES["docx"])
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(briefing.title)}模板.docx"
    return resp
