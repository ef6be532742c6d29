import datetime as dt

import pytest
from django.http import Http404

from sifa.core.lines import Line
from sifa.plans import selectors, services
from sifa.plans.models import PlanStatus

D = dt.date


class TestOverdue:
    def test_open_items_past_their_deadline(self, make_item, plans_clerk):
        today = D(2023, 7, 1)
        late = make_item(order=1, deadline=D(2023, 6, 30))
        late_started = make_item(order=2, deadline=D(2023, 3, 31))
        services.plan_item_start(late_started, on=D(2023, 2, 1))
        make_item(order=3, deadline=today)  # due today: not yet overdue
        make_item(order=4, deadline=None)  # no deadline
        done = make_item(order=5, deadline=D(2023, 5, 1))
        services.plan_item_start(done, on=D(2023, 2, 1))
        services.plan_item_complete(done, on=D(2023, 6, 1))
        cancelled = make_item(order=6, deadline=D(2023, 5, 1))
        services.plan_item_cancel(cancelled, on=D(2023, 4, 1))
        assert list(selectors.overdue_items(plans_clerk, today=today)) == [late_started, late]

    def test_scoped_to_the_reader(self, make_item, make_user, viewer, bureau_leader):
        make_item(deadline=D(2023, 1, 31))
        today = D(2023, 7, 1)
        assert selectors.overdue_items(bureau_leader, today=today).count() == 1
        assert selectors.overdue_items(viewer, today=today).count() == 0
        other = make_user("section", lines=[Line.MEDIATION])
        assert selectors.overdue_items(other, today=today).count() == 0


class TestYear:
    def test_items_in_report_order_without_cancelled(self, make_item, plans_clerk):
        b = make_item(order=2, heading="加强行政应诉工作", text="认真贯彻落实。")
        a = make_item(order=1, heading="全面落实工作责任", text="全面落实工作机制。")
        c = make_item(order=3, text="取消的事项。")
        make_item(year=2022, order=1)
        services.plan_item_cancel(c, on=D(2023, 2, 1))
        assert list(selectors.items_of_year(plans_clerk, 2023)) == [a, b]
        assert selectors.report_sentences(plans_clerk, 2023) == [
            "一是全面落实工作责任。全面落实工作机制。",
            "二是加强行政应诉工作。认真贯彻落实。",
        ]

    def test_item_without_heading(self, make_item, plans_clerk):
        make_item(text="做好年度考核工作。")
        assert selectors.report_sentences(plans_clerk, 2023) == ["一是做好年度考核工作。"]

    @pytest.mark.parametrize(
        ("n", "word"),
        [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")],
    )
    def test_chinese_ordinal(self, n, word):
        assert selectors.chinese_ordinal(n) == word

    def test_detail_is_404_outside_the_scope(self, make_item, make_user, plans_clerk):
        item = make_item()
        assert selectors.item_detail(plans_clerk, item.pk) == item
        with pytest.raises(Http404):
            selectors.item_detail(make_user("section", lines=[Line.MEDIATION]), item.pk)

    def test_progress_in_date_order(self, make_item, plans_clerk):
        item = make_item()
        second = services.plan_progress_add(item, date=D(2023, 5, 1), text="二")
        first = services.plan_progress_add(item, date=D(2023, 3, 1), text="一")
        assert list(selectors.progress_of(plans_clerk, item)) == [first, second]
        assert PlanStatus.NOT_STARTED == item.status


def test_overdue_count_on_a_given_day(make_item, township_a, township_b):
    from sifa.core.indicators import registry

    late = make_item(order=1, deadline=D(2023, 3, 31), region=township_a)
    closed_late = make_item(order=2, deadline=D(2023, 3, 31), region=township_b)
    services.plan_item_start(closed_late, on=D(2023, 2, 1))
    services.plan_item_complete(closed_late, on=D(2023, 5, 10))
    make_item(order=3, deadline=D(2023, 6, 30))
    overdue = registry()["plans.overdue"]
    start = D(2023, 1, 1)
    assert overdue.compute(start, D(2023, 3, 31)) == 0  # due that day: not yet late
    assert overdue.compute(start, D(2023, 4, 1)) == 2
    assert overdue.compute(start, D(2023, 5, 10)) == 1  # the second one was closed that day
    assert overdue.compute(start, D(2023, 4, 1), township_a) == 1
    assert late.status == PlanStatus.NOT_STARTED
