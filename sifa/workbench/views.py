"""The leaders' dashboard: trends, townships, statuses and rates, each opening its records."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import render

from sifa.core import access, registry
from sifa.core.models import Activity, Region

from . import charts


def default_year() -> int:
    """This year, or the last year with records when this one has none yet (e.g. the demo)."""
    today = dt.date.today()
    latest = Activity.objects.filter(date__lte=today).aggregate(d=Max("date"))["d"]
    return latest.year if latest else today.year


@login_required
def dashboard(request):
    user = request.user
    role = access.role_of(user)
    if role == "viewer":
        raise PermissionDenied("上级查看账号请通过数据接口调取统计数字。")
    try:
        year = int(request.GET.get("year") or default_year())
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year = default_year()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    region = access.user_region(user)
    code = request.GET.get("region")
    if code and region is None:
        region = Region.objects.filter(code=code).first()

    def base_for(model):
        if model is Region:
            return Region.objects.all()
        return registry.visible(user, model._default_manager.all())

    data = {
        "trend": charts.trend(start, end, region, base_for),
        "townships": charts.by_township(start, end, region, base_for),
        "statuses": charts.statuses(start, end, region, base_for),
        "rates": charts.rates(start, end, region),
    }
    return render(
        request,
        "workbench/dashboard.html",
        {
            "data": data,
            "year": year,
            "region": region,
            "years": list(range(default_year(), default_year() - 5, -1)),
            "rates": data["rates"],
        },
    )
