"""Property: whatever workbook arrives, import answers with problems or writes it whole —
never an exception, never half a file."""

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sifa.core.models import Activity
from sifa.dataio.importer import import_workbook

HEADERS = ["所属区域", "活动类型", "日期", "名称", "主题", "参加人数（人）", "解答咨询（人次）"]
text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
cell = st.one_of(
    st.none(),
    text,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.booleans(),
    st.sampled_from(
        [
            "甲1村",
            "乙1村",
            "宣讲会",
            "普法宣传活动",
            "2022-03-01",
            "2022-02-30",
            "=1+1",
            "@SUM(A1)",
            "-3",
            "四十",
            "长" * 300,
        ]
    ),
)
header = st.one_of(st.sampled_from(HEADERS), text)
workbook = st.tuples(
    st.sampled_from(["活动", "活动", "未知表", "说明"]),
    st.lists(header, min_size=0, max_size=8),
    st.lists(st.lists(cell, min_size=0, max_size=8), min_size=0, max_size=6),
    st.booleans(),
)


def build(title, headers, rows, merge) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    if headers:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    if merge and ws.max_row >= 2:
        ws.merge_cells("A2:B2")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(spec=workbook)
def test_any_workbook_is_answered_without_error_and_all_or_nothing(spec, county, section_clerk):
    before = Activity.all_objects.count()
    result = import_workbook(build(*spec), user=section_clerk)
    after = Activity.all_objects.count()
    if result.problems:
        assert after == before
        assert all(p.message for p in result.problems)
    else:
        assert after == before + result.counts["created"]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=2000))
def test_any_bytes_are_refused_cleanly(data, county, section_clerk):
    result = import_workbook(data, user=section_clerk)
    assert not result.ok
