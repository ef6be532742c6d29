"""Reads of the plans line, always scoped to the reader (sifa.core.access.scope)."""

from __future__ import annotations

import datetime as dt

from sifa.core.access import get_visible_or_404, scope

from .models import OPEN_STATUSES, PlanItem, PlanProgress

CN_DIGITS = "零一二三四五六七八九"


def items_of_year(user, year: int, *, include_cancelled: bool = False):
    """The year's plan items in report order (序号)."""
    qs = scope(user, PlanItem.objects.filter(year=year))
    if not include_cancelled:
        qs = qs.exclude(status="cancelled")
    return qs.order_by("order", "pk")


def overdue_items(user, *, today: dt.date | None = None):
    """Open items (未开始 / 推进中) whose deadline has passed, oldest deadline first."""
    today = today or dt.date.today()
    qs = scope(user, PlanItem.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today))
    return qs.order_by("deadline", "order", "pk")


def item_detail(user, pk):
    return get_visible_or_404(user, PlanItem.objects.all(), pk=pk)


def progress_of(user, item: PlanItem):
    return scope(user, PlanProgress.objects.filter(item=item)).order_by("date", "pk")


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (plan lists stay well under 100)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"


def item_sentence(item: PlanItem, n: int) -> str:
    """ "一是全面落实工作责任。全面落实……" — heading and body as the report writes them."""
    head = f"{chinese_ordinal(n)}是"
    if item.heading:
        return f"{head}{item.heading}。{item.text}"
    return f"{head}{item.text}"


def report_sentences(user, year: int) -> list[str]:
    """The closing section's paragraphs: the year's items (cancelled ones left out), numbered."""
    return [item_sentence(item, n) for n, item in enumerate(items_of_year(user, year), start=1)]
