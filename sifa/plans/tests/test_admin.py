import datetime as dt

import pytest
from django.urls import reverse

from sifa.core.audit import history
from sifa.plans import services
from sifa.plans.models import PlanItem, PlanProgress, PlanStatus

D = dt.date


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
    response = staff_client.post(reverse("admin:plans_planitem_add"), item_form(county))
    assert response.status_code == 302
    item = PlanItem.objects.get()
    note = PlanProgress.objects.get()
    assert note.item == item and note.region_id == county.code
    assert note.created_by == plans_clerk
    assert history(note).count() == 1


def test_missing_section_is_an_error_on_the_field(staff_client, county):
    response = staff_client.post(
        reverse("admin:plans_planitem_add"), item_form(county, section_line="")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["section_text"] == [
        "请选择责任条线或填写责任股室。"
    ]
    assert not PlanItem.all_objects.exists()


def test_actions_move_along_the_pipeline(staff_client, make_item):
    item = make_item()
    url = reverse("admin:plans_planitem_changelist")
    staff_client.post(url, {"action": "complete_items", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == PlanStatus.NOT_STARTED  # refused: not started yet
    staff_client.post(url, {"action": "start_items", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == PlanStatus.IN_PROGRESS


def test_deadline_state_filter(staff_client, make_item):
    late = make_item(order=1, deadline=D(2020, 1, 31))
    make_item(order=2, deadline=dt.date.today() + dt.timedelta(days=365))
    done = make_item(order=3, deadline=D(2020, 1, 31))
    services.plan_item_start(done, on=D(2020, 1, 1))
    services.plan_item_complete(done, on=D(2020, 1, 20))
    page = staff_client.get(
        reverse("admin:plans_planitem_changelist"), {"deadline_state": "overdue"}
    )
    assert list(page.context["cl"].result_list) == [late]
    assert "已超期" in page.content.decode()


def test_change_page_and_history_open(staff_client, make_item):
    item = make_item()
    services.plan_item_start(item, on=D(2023, 2, 1))
    services.plan_progress_add(item, date=D(2023, 2, 2), text="部署")
    change = staff_client.get(reverse("admin:plans_planitem_change", args=[item.pk]))
    assert change.status_code == 200
    assert "部署" in change.content.decode()
    log = staff_client.get(reverse("admin:plans_planitem_history", args=[item.pk]))
    assert log.status_code == 200
    assert "推进中" in log.content.decode()
