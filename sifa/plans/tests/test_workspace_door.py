"""The workspace door of the annual plan: items with their progress notes saved through the
services, rules on the fields, the steps, the deadline filter, the record page."""

import datetime as dt

import pytest

from sifa.core import registry
from sifa.core.audit import history
from sifa.plans import services
from sifa.plans.models import PlanItem, PlanProgress, PlanStatus
from sifa.workspace.links import list_url, page_url, record_url

pytestmark = pytest.mark.django_db

D = dt.date
RT = registry.get(PlanItem)


@pytest.fixture
def staff_client(client, plans_clerk):
    client.force_login(plans_clerk)
    return client


def item_form(county, **extra):
    data = {
        "year": "2023",
        "order": "1",
        "heading": "全面落实工作责任",
        "text": "全面落实。",
        "section_line": "rulelaw",
        "section_text": "",
        "deadline": "2023-12-31",
        "region": county.pk,
        "progress-TOTAL_FORMS": "1",
        "progress-INITIAL_FORMS": "0",
        "progress-MIN_NUM_FORMS": "0",
        "progress-MAX_NUM_FORMS": "1000",
        "progress-0-date": "2023-02-01",
        "progress-0-text": "召开部署会",
    }
    data.update(extra)
    return data


def test_item_and_progress_saved_through_services(staff_client, county, plans_clerk):
    form = staff_client.get(page_url(RT, "create")).content.decode()
    assert 'name="progress-0-region"' not in form  # a note is in its item's region
    response = staff_client.post(page_url(RT, "create"), item_form(county))
    assert response.status_code == 302, response.context["form"].errors
    item = PlanItem.objects.get()
    note = PlanProgress.objects.get()
    assert note.item == item and note.region_id == county.code
    assert note.created_by == plans_clerk
    assert history(note).count() == 1


def test_missing_section_is_an_error_on_the_field(staff_client, county):
    response = staff_client.post(page_url(RT, "create"), item_form(county, section_line=""))
    assert response.status_code == 200
    assert response.context["form"].errors["section_text"] == ["请选择责任条线或填写责任股室。"]
    assert not PlanItem.all_objects.exists()


def test_steps_move_along_the_pipeline(staff_client, make_item):
    item = make_item()
    today = dt.date.today().isoformat()
    staff_client.post(page_url(RT, "move", item.pk, "complete"), {"on": today})
    item.refresh_from_db()
    assert item.status == PlanStatus.NOT_STARTED  # refused: not started yet
    staff_client.post(page_url(RT, "move", item.pk, "start"), {"on": today})
    item.refresh_from_db()
    assert item.status == PlanStatus.IN_PROGRESS


def test_deadline_state_filter(staff_client, make_item):
    late = make_item(order=1, deadline=D(2020, 1, 31))
    make_item(order=2, deadline=dt.date.today() + dt.timedelta(days=365))
    done = make_item(order=3, deadline=D(2020, 1, 31))
    services.plan_item_start(done, on=D(2020, 1, 1))
    services.plan_item_complete(done, on=D(2020, 1, 20))
    names = [f["name"] for f in staff_client.get(list_url(RT)).context["filters"]]
    (due,) = [n for n in names if n.startswith("dl_")]
    page = staff_client.get(list_url(RT), {due: "overdue"})
    assert [r["url"] for r in page.context["rows"]] == [record_url(late)]
    states = [d["state_label"] for d in staff_client.get(record_url(late)).context["deadlines"]]
    assert states == ["已超期"]


def test_record_page_shows_progress_and_the_timeline(staff_client, make_item):
    item = make_item()
    services.plan_item_start(item, on=D(2023, 2, 1))
    services.plan_progress_add(item, date=D(2023, 2, 2), text="部署")
    change = staff_client.get(record_url(item))
    assert change.status_code == 200
    assert "部署" in change.content.decode()
    assert "推进中" in [e["label"] for e in change.context["events"]] or "推进中" in (
        change.content.decode()
    )
