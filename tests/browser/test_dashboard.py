"""The bureau head's dashboard in a real browser: charts drawn, no console errors, a bar opens
the records behind it."""

import datetime as dt

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_dashboard_draws_and_drills_down(
    page, live_server, bureau_leader, make_activity, village_a, village_b
):
    for day in (dt.date(2022, 3, 1), dt.date(2022, 3, 9)):
        make_activity("publicity_event", village_a, day)
    make_activity("publicity_event", village_b, dt.date(2022, 4, 1))
    login(page, live_server, bureau_leader.username)
    page.goto(f"{live_server.url}/dashboard/?year=2022")
    for chart in ("chart-trend", "chart-townships"):
        page.wait_for_selector(f"#{chart}[data-drawn='1'] canvas")
    assert page.console_errors == []

    # click the March point of the 普法宣传活动 line: ECharts says where it is drawn
    x, y = page.evaluate("""() => {
        const el = document.getElementById('chart-trend');
        const chart = echarts.getInstanceByDom(el);
        const series = chart.getOption().series;
        const i = series.findIndex(s => s.name === '普法宣传活动');
        const [px, py] = chart.convertToPixel({seriesIndex: i}, [2, 2]);
        const box = el.getBoundingClientRect();
        return [box.left + px, box.top + py];
    }""")
    page.mouse.click(x, y)
    page.wait_for_url("**/reports/figures/publicity.events/**")
    assert "start=2022-03-01" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() == 2  # the two events of March, not April's
    assert "2022年3月9日" in rows.nth(1).inner_text()
    assert page.console_errors == []
