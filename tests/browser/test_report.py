"""The bureau head previews the annual summary, drills from a figure to its records and
downloads the Word report, which opens back as a real .docx."""

import datetime as dt

import pytest

from .conftest import OUTPUT, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_previews_drills_and_downloads_word(
    page, live_server, bureau_leader, make_activity, village_a
):
    import docx

    for day in (dt.date(2022, 4, 1), dt.date(2022, 8, 8), dt.date(2022, 12, 31)):
        make_activity("publicity_event", village_a, day, consultations=10)
    make_activity("publicity_event", village_a, dt.date(2023, 1, 1))  # next year: not counted
    login(page, live_server, bureau_leader.username)
    page.goto(f"{live_server.url}/reports/preview/?year=2022")
    link = page.locator("a[href*='/reports/figures/publicity.events/']").first
    assert link.inner_text() == "3"
    link.click()
    page.wait_for_url("**/reports/figures/publicity.events/**")
    assert page.locator("table tbody tr").count() == 3

    page.goto(f"{live_server.url}/reports/preview/?year=2022")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载Word").click()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "2022年度工作总结.docx"
    info.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "2022年工作开展情况" in text
    assert "普法宣传活动3场次" in text
    assert page.console_errors == []
