"""The dashboard: figures from records, links to the records behind them, bounded queries."""

import datetime as dt
import json
import re

import pytest

D = dt.date(2022, 5, 10)


@pytest.fixture
def events(make_activity, village_a, village_b):
    for day in (dt.date(2022, 1, 5), dt.date(2022, 1, 20), dt.date(2022, 3, 1)):
        make_activity("publicity_event", village_a, day)
    make_activity("publicity_event", village_b, dt.date(2022, 3, 2))
    make_activity("publicity_event", village_b, dt.date(2021, 12, 31))  # other year


def chart_data(response):
    raw = re.search(
        r'id="dashboard-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    ).group(1)
    return json.loads(raw)


@pytest.mark.django_db
class TestDashboard:
    def test_monthly_trend_counts_the_records(self, client, bureau_leader, events):
        client.force_login(bureau_leader)
        data = chart_data(client.get("/dashboard/?year=2022"))
        series = {s["name"]: s["data"] for s in data["trend"]["series"]}
        events_by_month = [p["value"] for p in series["普法宣传活动"]]
        assert events_by_month[:3] == [2, 0, 2] and sum(events_by_month) == 4

    def test_a_point_opens_the_records_behind_it(self, client, bureau_leader, events):
        client.force_login(bureau_leader)
        data = chart_data(client.get("/dashboard/?year=2022"))
        march = {s["name"]: s["data"] for s in data["trend"]["series"]}["普法宣传活动"][2]
        assert "start=2022-03-01" in march["url"] and "end=2022-03-31" in march["url"]
        drill = client.get(march["url"])
        assert drill.status_code == 200
        assert drill.context["total"] == march["value"] == 2

    def test_townships_bars(self, client, bureau_leader, events, township_a):
        client.force_login(bureau_leader)
        data = chart_data(client.get("/dashboard/?year=2022"))
        assert data["townships"]["townships"] == ["乙街道", "甲镇"]  # by code: 001 before 100

    def test_township_clerk_sees_only_the_township(self, client, township_clerk, events):
        client.force_login(township_clerk)
        data = chart_data(client.get("/dashboard/?year=2022&region=610999001000"))
        series = {s["name"]: s["data"] for s in data["trend"]["series"]}
        assert sum(p["value"] for p in series["普法宣传活动"]) == 3
        assert data["townships"]["townships"] == ["甲镇"]

    def test_viewer_is_sent_to_the_figures_page(self, client, viewer):
        # 上级查看 reads figures, not the records behind the charts
        client.force_login(viewer)
        assert client.get("/dashboard/")["Location"] == "/reports/numbers/"

    def test_query_count_does_not_grow_with_records(
        self, client, bureau_leader, make_activity, village_a, django_assert_max_num_queries
    ):
        client.force_login(bureau_leader)
        for i in range(3):
            make_activity("publicity_event", village_a, D + dt.timedelta(days=i))
        client.get("/dashboard/?year=2022")  # warm the registry
        with django_assert_max_num_queries(40) as few:
            client.get("/dashboard/?year=2022")
        for i in range(60):
            make_activity("publicity_event", village_a, D + dt.timedelta(days=i % 200))
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get("/dashboard/?year=2022")
