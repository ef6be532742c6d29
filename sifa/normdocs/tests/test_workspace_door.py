"""The workspace door of normative documents: the deadline filter and its explanation, the
review's steps in order, cleanup rounds with their items through the service, read-only leaders."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.normdocs import models as m
from sifa.normdocs import services
from sifa.workspace.links import list_url, page_url, record_url
from sifa.workspace.views import MSG_NO_MOVE

pytestmark = pytest.mark.django_db

D = dt.date
REVIEWS = registry.get(m.LegalityReview)
ROUNDS = registry.get(m.CleanupRound)


@pytest.fixture
def overdue(county):
    return m.LegalityReview.objects.create(
        region=county,
        title="逾期未备案的办法",
        drafting_agency="县民政局",
        submitted_on=D(2022, 1, 5),
        reviewed_on=D(2022, 1, 10),
        opinion="lawful",
        published_on=D(2022, 2, 1),
        filing_due=D(2022, 3, 3),
    )


def test_list_flags_overdue_and_filters_by_deadline_state(client, overdue, county, section_clerk):
    m.LegalityReview.objects.create(
        region=county,
        title="尚在讨论的办法",
        drafting_agency="县教育局",
        submitted_on=D(2022, 1, 5),
    )
    client.force_login(section_clerk)
    url = list_url(REVIEWS)
    assert "逾期未备案的办法" in client.get(url).content.decode()
    body = client.get(url, {"dl_filing_due": "overdue"}).content.decode()
    assert "逾期未备案的办法" in body and "尚在讨论的办法" not in body
    body = client.get(url, {"dl_filing_due": "ok"}).content.decode()
    assert "逾期未备案的办法" not in body


def review_form(county, **extra):
    data = {
        "region": county.pk,
        "title": "某办法",
        "drafting_agency": "县民政局",
        "number": "",
        "submitted_on": "2022-03-01",
        "opinion": "",
        "note": "",
    }
    data.update(extra)
    return data


def test_a_document_not_reviewed_cannot_be_published(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(page_url(REVIEWS, "create"), review_form(county))
    assert response.status_code == 302, response.context["form"].errors
    obj = m.LegalityReview.objects.get()
    offered = {
        mv["name"] for mv in [{"name": x.name} for x in REVIEWS.moves_for(section_clerk, obj)]
    }
    assert "publish" not in offered
    response = client.post(
        page_url(REVIEWS, "move", obj.pk, "publish"), {"on": "2022-03-10"}, follow=True
    )
    assert MSG_NO_MOVE in response.content.decode()
    obj.refresh_from_db()
    assert obj.published_on is None


def test_steps_compute_status_and_deadline(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(
        page_url(REVIEWS, "create"), review_form(county, submitted_on="2022-08-01")
    )
    assert response.status_code == 302, response.context["form"].errors
    obj = m.LegalityReview.objects.get()
    done = client.post(
        page_url(REVIEWS, "move", obj.pk, "complete"), {"on": "2022-08-10", "opinion": "lawful"}
    )
    assert done.status_code == 302, done.context["form"].errors
    published = client.post(page_url(REVIEWS, "move", obj.pk, "publish"), {"on": "2022-09-01"})
    assert published.status_code == 302, published.context["form"].errors
    obj = m.LegalityReview.objects.get()
    assert obj.status == m.ReviewStatus.PUBLISHED and obj.filing_due == D(2022, 10, 8)


def test_township_clerk_gets_404_on_a_county_document(client, overdue, township_clerk):
    client.force_login(township_clerk)
    assert client.get(record_url(overdue)).status_code in (403, 404)


def test_cleanup_round_with_inline_items(client, county, section_clerk):
    client.force_login(section_clerk)
    prefix = "items"
    response = client.post(
        page_url(ROUNDS, "create"),
        {
            "region": county.pk,
            "title": "2022年度清理",
            "started_on": "2022-09-01",
            "concluded_on": "2022-11-20",
            "note": "",
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-kind": "document",
            f"{prefix}-0-title": "某文件",
            f"{prefix}-0-number": "",
            f"{prefix}-0-recommendation": "lapse",
            f"{prefix}-0-reason": "",
            f"{prefix}-1-kind": "agreement",
            f"{prefix}-1-title": "某协议",
            f"{prefix}-1-number": "",
            f"{prefix}-1-recommendation": "retain",
            f"{prefix}-1-reason": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    round_ = m.CleanupRound.objects.get()
    assert round_.items.count() == 2
    assert set(round_.items.values_list("region_id", flat=True)) == {county.pk}
    assert round_.concluded_on == D(2022, 11, 20)  # concluded after its items were saved


def test_cleanup_round_without_items_is_not_concluded(client, county, section_clerk):
    client.force_login(section_clerk)
    response = client.post(
        page_url(ROUNDS, "create"),
        {
            "region": county.pk,
            "title": "空清理",
            "started_on": "2022-09-01",
            "concluded_on": "2022-11-20",
            "note": "",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )
    assert "未能办结：" + services.MSG_ROUND_EMPTY in response.content.decode()
    assert m.CleanupRound.objects.get().concluded_on is None


def test_leader_sees_the_items_read_only(client, county, bureau_leader):
    round_ = m.CleanupRound.objects.create(region=county, title="清理", started_on=D(2022, 9, 1))
    m.CleanupItem.objects.create(
        round=round_, region=county, title="某规范性文件", recommendation="retain"
    )
    client.force_login(bureau_leader)
    response = client.get(record_url(round_))
    assert response.status_code == 200
    assert "某规范性文件" in response.content.decode()
    assert not response.context["can_change"]
    assert client.get(page_url(ROUNDS, "edit", round_.pk)).status_code == 403


def test_detail_page_shows_deadline_state_and_how_it_was_computed(client, overdue, section_clerk):
    client.force_login(section_clerk)
    page = client.get(record_url(overdue))
    (due,) = page.context["deadlines"]
    assert due["state_label"] == "已超期"
    assert "届满日为2022年3月3日" in due["explain"]
