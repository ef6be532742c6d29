import datetime as dt

import pytest

from sifa.workbench.keyfigures import key_figures


@pytest.mark.django_db
class TestKeyFigures:
    def test_this_year_beside_the_same_date_last_year(self, make_user, make_activity, village_a):
        for day in (dt.date(2022, 1, 3), dt.date(2022, 6, 30), dt.date(2022, 7, 1)):
            make_activity("publicity_event", village_a, day)
        make_activity("publicity_event", village_a, dt.date(2021, 6, 30))
        make_activity("publicity_event", village_a, dt.date(2021, 7, 2))  # after the same date
        clerk = make_user("section", lines=["rulelaw"])
        rows = {r["label"]: r for r in key_figures(clerk, end=dt.date(2022, 6, 30))}
        events = rows["普法宣传活动"]
        assert (events["now"], events["before"], events["change"]) == ("2", "1", "+1场次（+100％）")
        assert "start=2022-01-01" in events["url"] and "end=2022-06-30" in events["url"]

    def test_only_the_readers_lines(self, make_user, county):
        clerk = make_user("section", lines=["notary"])
        assert [r["label"] for r in key_figures(clerk, end=dt.date(2022, 6, 30))] == ["办理公证"]

    def test_home_shows_the_panel(self, client, make_user, make_activity, village_a):
        make_activity("publicity_event", village_a, dt.date(2022, 3, 1))
        client.force_login(make_user("section", lines=["rulelaw"]))
        page = client.get("/").content.decode()
        assert "主要数字" in page and "与上年同期比" in page
