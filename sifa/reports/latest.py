"""The year the report centre and the dashboard open on (one function for both)."""

from __future__ import annotations

import datetime as dt

from sifa.core.indicators import registry


def latest_record_year(today: dt.date | None = None, reg=None) -> int:
    """The year a report or dashboard opens on: this year, or the latest year with records
    of any figure (dated up to today) when this year has none yet (e.g. the demo county).

    One statement: the latest key date of each figure's records, cross-joined.
    """
    from django.db import connections
    from django.db.models import Max, Value

    today = today or dt.date.today()
    reg = reg if reg is not None else registry()
    seen: set[tuple[str, str]] = set()
    parts, params, db = [], [], None
    for ind in reg.values():
        if not ind.date_field or (ind.model, ind.date_field) in seen:
            continue
        seen.add((ind.model, ind.date_field))
        qs = ind.model_class._default_manager.filter(**{f"{ind.date_field}__lte": today})
        sub = (
            qs.order_by()
            .annotate(_one=Value(1))
            .values("_one")
            .annotate(latest=Max(ind.date_field))
            .values("latest")
        )
        sql, sub_params = sub.query.get_compiler(using=sub.db).as_sql()
        parts.append(f"({sql}) AS t{len(parts)}")
        params.extend(sub_params)
        db = sub.db
    if not parts:
        return today.year
    with connections[db or "default"].cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(parts), params)
        row = cursor.fetchone() or ()
    years = [int(str(v)[:4]) for v in row if v is not None]
    return max(years) if years else today.year
