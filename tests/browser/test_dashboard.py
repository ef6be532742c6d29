"""The bureau head's dashboard in a real browser: charts drawn, no console errors, a point
opens the records behind it."""

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
    # The browser asks for reduced motion (conftest), so the charts do not animate; data-ready
    # is set by ECharts' "finished" event, after the first complete render.
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    for chart in ("chart-trend", "chart-townships"):
        page.wait_for_selector(f"#{chart}[data-ready='1'] canvas")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart')].every(el => el.dataset.ready === '1')"
    )
    assert page.console_errors == []

    # the March point of the 普法宣传活动 line: ECharts says where it drew it, and that a click
    # there lands on that series
    trend = page.locator("#chart-trend")
    trend.scroll_into_view_if_needed()
    point = trend.evaluate("""el => {
        const chart = echarts.getInstanceByDom(el);
        const series = chart.getOption().series;
        const i = series.findIndex(s => s.name === '普法宣传活动');
        const [x, y] = chart.convertToPixel({seriesIndex: i}, [2, 2]);
        // ECharts' pixels start at its canvas; Playwright's position at the container's box
        const box = el.getBoundingClientRect();
        const canvas = el.querySelector('canvas').getBoundingClientRect();
        return {
            x: canvas.left - box.left + x,
            y: canvas.top - box.top + y,
            onSeries: chart.containPixel({seriesIndex: i}, [x, y]),
            url: series[i].data[2].url,
        };
    }""")
    assert point["onSeries"], point
    assert "start=2022-03-01" in point["url"], point
    # A real click at that pixel: it goes through ECharts' hit test and the page's click
    # handler, so the test fails if either stops opening the records.
    trend.click(position={"x": point["x"], "y": point["y"]})
    page.wait_for_url("**/reports/figures/publicity.events/**")
    assert "start=2022-03-01" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() == 2  # the two events of March, not April's
    assert "2022年3月9日" in rows.nth(1).inner_text()
    assert page.console_errors == []
