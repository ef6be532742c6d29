"""The home page's deadlines: grouped by line with counts, the most urgent line first, the
items a page at a time for the staff who handle them; the head sees the counts per line."""

from __future__ import annotations

import datetime as dt

import pytest

from sifa.core import views
from sifa.core.due import DueItem, by_line

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def item(line, days, n=0):
    return DueItem(line, "期限", f"{line}记录{n}", TODAY + dt.timedelta(days=days), "/x/")


def test_lines_are_counted_and_the_most_urgent_comes_first():
    items = sorted(
        [item("人民调解", 3), item("行政复议", -10), item("行政复议", 2), item("人民调解", -1)],
        key=lambda i: i.due,
    )
    groups = by_line(items, TODAY)
    assert [(g.line, g.overdue, g.soon) for g in groups] == [
        ("行政复议", 1, 1),
        ("人民调解", 1, 1),
    ]


@pytest.fixture
def many_due(monkeypatch):
    items = [item("行政执法监督", -d, d) for d in range(1, 46)] + [item("人民调解", 5)]
    items.sort(key=lambda i: i.due)
    monkeypatch.setattr("sifa.core.due.due_items", lambda user, today=None: items)
    return items


def test_a_clerk_sees_the_items_a_page_at_a_time(client, many_due, section_clerk):
    client.force_login(section_clerk)
    page1 = client.get("/")
    assert page1.status_code == 200
    rows = page1.context["due_rows"]
    assert len(rows) == views.DUE_PAGE_SIZE
    assert rows[0]["item"].due == min(i.due for i in many_due)  # the most urgent first
    assert [g.line for g in page1.context["due_groups"]] == ["行政执法监督", "人民调解"]
    last = client.get("/?due_page=3")
    assert len(last.context["due_rows"]) == len(many_due) - 2 * views.DUE_PAGE_SIZE
    one_line = client.get("/?due_line=人民调解")
    assert [r["item"].line for r in one_line.context["due_rows"]] == ["人民调解"]


def test_the_head_sees_counts_per_line_not_rows(client, many_due, bureau_leader):
    client.force_login(bureau_leader)
    resp = client.get("/")
    assert resp.context["due_rows"] is None
    html = resp.content.decode()
    assert "行政执法监督" in html and ">45<" in html
    assert "行政执法监督记录1" not in html
