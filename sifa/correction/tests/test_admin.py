import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sifa.core.idnumber import mask
from sifa.correction.models import Gender, Subject, SubjectStatus, TeamMember

from .helpers import id_for, subject

D = dt.date


def change_url(s):
    return reverse("admin:correction_subject_change", args=[s.pk])


LIST = "/admin/correction/subject/"


@pytest.fixture
def adult(township_a):
    return subject(township_a, name="成年甲", received=D(2022, 3, 5))


@pytest.fixture
def minor(township_a):
    return subject(township_a, name="未成年乙", birth=D(2005, 6, 1), received=D(2022, 3, 5))


def login(client, user):
    client.force_login(user)
    return client


class TestList:
    def test_id_numbers_are_masked(self, client, make_user, adult):
        clerk = make_user("section", lines=["correction"])
        body = login(client, clerk).get(LIST).content.decode()
        assert mask(adult.id_number) in body
        assert adult.id_number not in body

    def test_sealed_minor_not_listed_without_permission(self, client, make_user, adult, minor):
        clerk = make_user("section", lines=["correction"])
        body = login(client, clerk).get(LIST).content.decode()
        assert "成年甲" in body and "未成年乙" not in body

    def test_sealed_minor_listed_with_permission(self, client, make_user, adult, minor):
        clerk = make_user("section", lines=["correction"], sealed=True)
        body = login(client, clerk).get(LIST).content.decode()
        assert "未成年乙" in body


class TestChangeView:
    def test_viewing_a_file_is_audited(self, client, make_user, adult):
        clerk = make_user("section", lines=["correction"])
        response = login(client, clerk).get(change_url(adult), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200
        entry = LogEntry.objects.get_for_object(adult).get(action=LogEntry.Action.ACCESS)
        assert entry.actor == clerk and entry.remote_addr == "10.1.2.3"

    @pytest.mark.parametrize("who", ["clerk", "leader", "other_office"])
    def test_sealed_file_answers_404(self, client, make_user, township_b, minor, who):
        user = {
            "clerk": lambda: make_user("section", lines=["correction"]),
            "leader": lambda: make_user("leader", sealed=True),
            "other_office": lambda: make_user("office", region=township_b, sealed=True),
        }[who]()
        assert login(client, user).get(change_url(minor)).status_code == 404
        assert (
            not LogEntry.objects.get_for_object(minor)
            .filter(action=LogEntry.Action.ACCESS)
            .exists()
        )

    def test_sealed_file_opens_with_permission(self, client, make_user, minor):
        clerk = make_user("section", lines=["correction"], sealed=True)
        assert login(client, clerk).get(change_url(minor)).status_code == 200

    def test_sealed_edit_form_shows_the_banner_and_never_the_full_id(
        self, client, township_clerk, minor
    ):
        body = login(client, township_clerk).get(change_url(minor)).content.decode()
        assert "已依法封存" in body
        assert minor.id_number not in body and mask(minor.id_number) in body

    def test_sealed_edit_form_left_empty_keeps_the_id_number(self, client, township_clerk, minor):
        before = minor.id_number
        data = {
            "name": "未成年乙",
            "gender": minor.gender,
            "id_number": "",
            "birth_date": minor.birth_date.isoformat(),
            "region": minor.region_id,
            "correction_type": minor.correction_type,
            "judgment_effective_on": minor.judgment_effective_on.isoformat(),
            "period_start": minor.period_start.isoformat(),
            "period_end": minor.period_end.isoformat(),
            "note": "更正备注",
            "teammember_set-TOTAL_FORMS": "0",
            "teammember_set-INITIAL_FORMS": "0",
            "teammember_set-MIN_NUM_FORMS": "0",
            "teammember_set-MAX_NUM_FORMS": "1000",
        }
        response = login(client, township_clerk).post(change_url(minor), data)
        assert response.status_code == 302, response.content.decode()
        minor.refresh_from_db()
        assert minor.note == "更正备注" and minor.id_number == before

    def test_executing_office_opens_its_minors_file(self, client, township_clerk, minor):
        assert login(client, township_clerk).get(change_url(minor)).status_code == 200

    def test_other_townships_file_answers_404(self, client, other_township_clerk, adult):
        assert login(client, other_township_clerk).get(change_url(adult)).status_code == 404

    def test_own_townships_file_opens(self, client, township_clerk, adult):
        assert login(client, township_clerk).get(change_url(adult)).status_code == 200


class TestEntry:
    def _post(self, township, gender, team):
        birth = D(1985, 2, 3)
        data = {
            "name": "赵六",
            "gender": gender,
            "id_number": id_for(birth, gender),
            "birth_date": "1985-02-03",
            "region": township.code,
            "correction_type": "probation",
            "judgment_effective_on": "2022-03-01",
            "period_start": "2022-03-01",
            "period_end": "2023-03-01",
            "note": "",
            "teammember_set-TOTAL_FORMS": str(len(team)),
            "teammember_set-INITIAL_FORMS": "0",
            "teammember_set-MIN_NUM_FORMS": "0",
            "teammember_set-MAX_NUM_FORMS": "1000",
        }
        for i, (name, g) in enumerate(team):
            data |= {
                f"teammember_set-{i}-name": name,
                f"teammember_set-{i}-gender": g,
                f"teammember_set-{i}-role": "office_staff",
            }
        return data

    def test_female_subject_with_all_male_team_is_refused(self, client, make_user, township_a):
        clerk = make_user("section", lines=["correction"])
        response = login(client, clerk).post(
            "/admin/correction/subject/add/",
            self._post(township_a, Gender.FEMALE, [("钱七", Gender.MALE)]),
        )
        assert response.status_code == 200
        assert "矫正小组中应有女性成员" in response.content.decode()
        assert not Subject.objects.exists()

    def test_female_subject_with_a_woman_in_the_team_is_saved(self, client, make_user, township_a):
        clerk = make_user("section", lines=["correction"])
        response = login(client, clerk).post(
            "/admin/correction/subject/add/",
            self._post(township_a, Gender.FEMALE, [("钱七", Gender.MALE), ("孙八", Gender.FEMALE)]),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        s = Subject.objects.get()
        assert s.status == SubjectStatus.PENDING and s.created_by == clerk
        assert TeamMember.objects.filter(subject=s).count() == 2

    def test_receive_move_with_late_warning(self, client, make_user, township_a):
        clerk = make_user("section", lines=["correction"])
        s = subject(township_a, judged=D(2022, 3, 1))
        url = reverse("admin:correction_subject_move", args=[s.pk, "receive"])
        response = login(client, clerk).post(url, {"on": "2022-03-20"}, follow=True)
        assert "晚于报到期限" in response.content.decode()
        s.refresh_from_db()
        assert s.status == SubjectStatus.ACTIVE and s.received_on == D(2022, 3, 20)

    def test_release_move_refused_before_intake_shows_the_message(
        self, client, make_user, township_a
    ):
        clerk = make_user("section", lines=["correction"])
        s = subject(township_a, judged=D(2022, 3, 1))
        url = reverse("admin:correction_subject_move", args=[s.pk, "release"])
        response = login(client, clerk).post(url, {"on": "2024-03-01", "reason": "expired"})
        assert response.status_code == 200
        assert "当前状态为“待接收”，不能办理“已解除”" in response.content.decode()
        s.refresh_from_db()
        assert s.status == SubjectStatus.PENDING

    def test_leader_cannot_move(self, client, bureau_leader, township_a):
        s = subject(township_a, judged=D(2022, 3, 1))
        url = reverse("admin:correction_subject_move", args=[s.pk, "receive"])
        assert login(client, bureau_leader).post(url, {"on": "2022-03-05"}).status_code == 403


class TestFileRecordScreens:
    def test_sealed_minors_records_hidden_and_404(self, client, make_user, township_a, minor):
        from sifa.correction.models import Classification

        c = Classification.objects.create(
            subject=minor,
            region=township_a,
            level="normal",
            decided_on=D(2022, 3, 5),
            reason="入矫",
        )
        clerk = make_user("section", lines=["correction"])
        login(client, clerk)
        assert "未成年乙" not in client.get("/admin/correction/classification/").content.decode()
        url = reverse("admin:correction_classification_change", args=[c.pk])
        assert client.get(url).status_code == 404

    def test_leave_with_the_wrong_approver_gets_a_field_error(self, client, make_user, adult):
        from sifa.correction.models import LeaveRequest

        clerk = make_user("section", lines=["correction"])
        data = {
            "subject": adult.pk,
            "applied_on": "2022-05-01",
            "leave_from": "2022-05-03",
            "leave_to": "2022-05-12",
            "destination": "西安市",
            "reason": "就医",
            "approver_level": "office",
            "decision": "approved",
            "decided_on": "2022-05-02",
        }
        response = login(client, clerk).post("/admin/correction/leaverequest/add/", data)
        assert response.status_code == 200
        assert "外出10日，应由县司法局（县级社区矫正机构）审批" in response.content.decode()
        data["approver_level"] = "county"
        assert client.post("/admin/correction/leaverequest/add/", data).status_code == 302
        assert LeaveRequest.objects.get().region_id == adult.region_id

    def test_assessment_list_filters_by_deadline_state(self, client, make_user, township_a):
        from sifa.correction import services
        from sifa.correction.models import Assessment

        clerk = make_user("section", lines=["correction"])
        services.assessment_save(
            Assessment(
                region=township_a,
                person_name="超期甲",
                commissioner="court",
                received_on=D(2022, 3, 1),
            ),
            user=clerk,
        )
        login(client, clerk)
        body = client.get("/admin/correction/assessment/?deadline=overdue").content.decode()
        assert "超期甲" in body and "已超期" in body
        body = client.get("/admin/correction/assessment/?deadline=ok").content.decode()
        assert "超期甲" not in body
