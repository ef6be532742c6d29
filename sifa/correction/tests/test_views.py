"""The subject list, the subject's file (its record page) and recording supervision on it."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sifa.core.idnumber import mask
from sifa.correction.models import SupervisionEvent, SupervisionKind
from sifa.correction.models.supervision import MSG_EVENT_IN_FUTURE
from sifa.correction.views import MSG_SEALED_BANNER, record_url

from .helpers import subject

D = dt.date
LIST = "/correction/subjects/"


def file_url(s):
    return reverse("correction:subject_detail", args=[s.pk])


def new_url(s):
    return reverse("correction:supervision_create", args=[s.pk])


def accesses(obj, user):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS, actor=user)


@pytest.fixture
def adult(township_a):
    return subject(township_a, name="成年甲", received=D(2022, 3, 5))


@pytest.fixture
def minor(township_a):
    return subject(township_a, name="未成年乙", birth=D(2005, 6, 1), received=D(2022, 3, 5))


class TestFilePage:
    def test_is_audited_and_masks_the_id_for_the_leader(self, client, bureau_leader, adult):
        client.force_login(bureau_leader)
        body = client.get(file_url(adult)).content.decode()
        assert "成年甲" in body and mask(adult.id_number) in body
        assert adult.id_number not in body
        assert accesses(adult, bureau_leader).count() == 1

    def test_shows_the_full_id_to_the_staff_who_supervise(self, client, township_clerk, adult):
        client.force_login(township_clerk)
        assert adult.id_number in client.get(file_url(adult)).content.decode()

    def test_sealed_file_answers_404_to_a_clerk_without_the_permission(
        self, client, make_user, minor
    ):
        client.force_login(make_user("section", lines=["correction"]))
        assert client.get(file_url(minor)).status_code == 404
        assert client.get(new_url(minor)).status_code == 404

    def test_sealed_file_shows_its_banner_to_the_executing_office(
        self, client, township_clerk, minor
    ):
        client.force_login(township_clerk)
        body = client.get(file_url(minor)).content.decode()
        assert MSG_SEALED_BANNER in body and "记录监督管理" in body
        assert accesses(minor, township_clerk).count() == 1

    def test_another_townships_file_answers_404(self, client, other_township_clerk, adult):
        client.force_login(other_township_clerk)
        assert client.get(file_url(adult)).status_code == 404
        assert client.get(new_url(adult)).status_code == 404

    def test_leader_reads_but_is_not_offered_to_record(self, client, bureau_leader, adult):
        client.force_login(bureau_leader)
        assert "记录监督管理" not in client.get(file_url(adult)).content.decode()
        assert client.get(new_url(adult)).status_code == 403

    def test_record_url_of_a_file_record_is_the_subjects_file(self, adult):
        event = SupervisionEvent(subject=adult, region=adult.region)
        assert record_url(event) == record_url(adult) == file_url(adult)


class TestList:
    def test_rows_open_the_file_and_a_sealed_minor_is_marked(
        self, client, township_clerk, adult, minor
    ):
        client.force_login(township_clerk)
        body = client.get(LIST).content.decode()
        assert f'href="{file_url(adult)}"' in body and f'href="{file_url(minor)}"' in body
        assert body.count('class="badge sealed"') == 1

    def test_leader_sees_masked_numbers_and_no_sealed_minor(
        self, client, bureau_leader, adult, minor
    ):
        client.force_login(bureau_leader)
        body = client.get(LIST).content.decode()
        assert mask(adult.id_number) in body and adult.id_number not in body
        assert "未成年乙" not in body

    def test_a_list_page_is_one_access_entry(self, client, township_clerk, adult, minor):
        client.force_login(township_clerk)
        client.get(LIST)
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk="").get()
        assert sorted(entry.additional_data["ids"]) == sorted([adult.pk, minor.pk])

    def test_search_by_name(self, client, township_clerk, adult, township_a):
        subject(township_a, name="另一人", received=D(2022, 3, 5))
        client.force_login(township_clerk)
        body = client.get(LIST, {"q": "成年甲"}).content.decode()
        assert "成年甲" in body and "另一人" not in body

    @pytest.mark.parametrize("who", ["viewer", "mediation"])
    def test_not_for_readers_without_the_line(self, client, make_user, viewer, who):
        user = viewer if who == "viewer" else make_user("section", lines=["mediation"])
        client.force_login(user)
        assert client.get(LIST).status_code == 404

    def test_menu_offers_the_list_to_the_office_only_where_it_may(self, rf, township_clerk, viewer):
        from django.apps import apps

        config = apps.get_app_config("correction")
        request = rf.get("/")
        request.user = township_clerk
        assert [i["url"] for i in config.menu_items(request)] == [LIST]
        request.user = viewer
        assert config.menu_items(request) == []


class TestRecordSupervision:
    def post(self, client, s, **data):
        return client.post(new_url(s), {"kind": "visit", "date": "2022-04-01", "note": "", **data})

    def test_executing_office_records_a_minors_supervision(self, client, township_clerk, minor):
        client.force_login(township_clerk)
        page = client.get(new_url(minor)).content.decode()
        assert MSG_SEALED_BANNER in page
        response = self.post(client, minor, kind=SupervisionKind.COUNSELLING, note="心理疏导")
        assert response.status_code == 302 and response["Location"] == file_url(minor)
        event = SupervisionEvent.objects.get(subject=minor)
        assert (event.kind, event.date, event.region_id) == (
            "counselling",
            D(2022, 4, 1),
            minor.region_id,
        )
        assert event.created_by == township_clerk

    def test_a_date_before_intake_is_refused_beside_the_field(self, client, township_clerk, adult):
        client.force_login(township_clerk)
        response = self.post(client, adult, date="2022-03-01")
        assert response.status_code == 200
        assert response.context["form"].errors["date"] == ["日期不能早于该社区矫正对象的接收日期。"]
        assert not SupervisionEvent.objects.exists()

    def test_a_future_date_is_refused(self, client, township_clerk, adult):
        client.force_login(township_clerk)
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        response = self.post(client, adult, date=tomorrow.isoformat())
        assert response.context["form"].errors["date"] == [MSG_EVENT_IN_FUTURE]
        assert not SupervisionEvent.objects.exists()

    def test_another_township_cannot_record(self, client, other_township_clerk, adult):
        client.force_login(other_township_clerk)
        assert self.post(client, adult).status_code == 404
        assert not SupervisionEvent.objects.exists()


def test_workbench_panel_counts_overdue_intakes(client, make_user, township_a):
    subject(township_a, judged=dt.date(2022, 3, 1))  # never received: long overdue
    client.force_login(make_user("section", lines=["correction"]))
    body = client.get("/").content.decode()
    assert "社区矫正期限提醒" in body and "逾期未报到接收：1 件" in body
