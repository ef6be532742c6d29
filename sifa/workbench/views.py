"""The leaders' dashboard: trends, townships, statuses and rates, each opening its records."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from sifa.core import access, registry
from sifa.core.models import Region
from sifa.reports.latest import latest_record_year

from . import charts, keyfigures


def default_year() -> int:
    """This year, or the last year with records when this one has none yet (e.g. the demo);
    the report centre opens on the same year."""
    return latest_record_year()


@login_required
def dashboard(request):
    user = request.user
    role = access.role_of(user)
    if role == "viewer":
        return redirect("reports:figures")  # 上级查看 reads the figures, not the records
    latest = default_year()
    try:
        year = int(request.GET.get("year") or latest)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year = latest
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    region = access.user_region(user)
    code = request.GET.get("region")
    if code:  # a part of the user's own region (a township of the county, a county of the city)
        asked = Region.objects.filter(code=code).first()
        if asked is not None and (region is None or region.contains(asked)):
            region = asked
    supervisor = access.is_supervisor(user)

    def base_for(model):
        if model is Region or supervisor:
            # a city or provincial account: figures of its counties (the charts filter by
            # region), no records behind them
            return model._default_manager.all()
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
            "years": list(range(latest, latest - 5, -1)),
            "rates": data["rates"],
            "own_figures": keyfigures.own_figures(user, start, end, region),
        },
    )
