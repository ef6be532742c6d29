"""The workspace door of community correction: masked ID numbers, sealed minors' files
(hidden, 404, the banner, the number never shown in full), audited reads, the team rule, the
moves on their pages, and the file's records (classification, leave, assessments)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from sifa.core import registry
from sifa.core.idnumber import mask
from sifa.correction.models import (
    Assessment,
    Classification,
    Gender,
    LeaveRequest,
    Subject,
    SubjectStatus,
    TeamMember,
)
from sifa.workspace.links import list_url, page_url, record_url
from sifa.workspace.views import MSG_NO_MOVE

from .helpers import id_for, subject

pytestmark = pytest.mark.django_db

D = dt.date
SUBJECTS = registry.get(Subject)
LIST = list_url(SUBJECTS)
TEAM = "teammember"  # the team's formset prefix on the subject's form


def change_url(s):
    return record_url(s)


def move_url(s, move):
    return page_url(SUBJECTS, "move", s.pk, move)


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
    def test_file_records_found_by_the_subjects_name_sealed_minors_not(
        self, client, make_user, township_a, adult, minor
    ):
        """A supervision record is found by its subject's name; a sealed minor's are not found
        by a clerk without the grant, even by the minor's name."""
        from sifa.correction import services
        from sifa.correction.models import SupervisionEvent

        office = make_user("office", region=township_a)
        for s in (adult, minor):
            services.supervision_event_save(
                SupervisionEvent(subject=s, kind="visit", date=D(2022, 4, 1)), user=office
            )
        events = list_url(registry.get(SupervisionEvent))
        clerk = make_user("section", lines=["correction"])
        rows = login(client, clerk).get(events, {"q": adult.name}).context["rows"]
        assert len(rows) == 1
        assert client.get(events, {"q": minor.name}).context["rows"] == []

    def test_newest_correction_period_first_with_status_and_period_columns(
        self, client, make_user, township_a
    ):
        """The clerk's list reads newest period first (not by birth date) and shows each
        subject's state and period, not the team's names as if they were parties."""
        # born the other way round, so ordering by birth date would put them the other way
        older = subject(township_a, name="早期甲", birth=D(1990, 1, 1), judged=D(2021, 4, 1))
        newer = subject(township_a, name="近期乙", birth=D(1970, 1, 1), judged=D(2022, 8, 1))
        clerk = make_user("section", lines=["correction"])
        page = login(client, clerk).get(LIST).content.decode()
        assert page.index(newer.name) < page.index(older.name)
        for label in ("状态", "矫正期起", "矫正期止"):
            assert f">{label}</th>" in page
        assert ">当事人</th>" not in page

    def test_id_numbers_are_never_in_the_list_and_masked_for_the_leader(
        self, client, make_user, bureau_leader, adult
    ):
        clerk = make_user("section", lines=["correction"])
        body = login(client, clerk).get(LIST).content.decode()
        assert "成年甲" in body and adult.id_number not in body
        page = login(client, bureau_leader).get(change_url(adult)).content.decode()
        assert mask(adult.id_number) in page
        assert adult.id_number not in page

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
        (entry,) = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=clerk)
        assert entry.additional_data["ids"] == [adult.pk] and entry.remote_addr == "10.1.2.3"

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
        body = (
            login(client, township_clerk).get(page_url(SUBJECTS, "edit", minor.pk)).content.decode()
        )
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
            f"{TEAM}-TOTAL_FORMS": "0",
            f"{TEAM}-INITIAL_FORMS": "0",
            f"{TEAM}-MIN_NUM_FORMS": "0",
            f"{TEAM}-MAX_NUM_FORMS": "1000",
        }
        response = login(client, township_clerk).post(page_url(SUBJECTS, "edit", minor.pk), data)
        assert response.status_code == 302, response.context["form"].errors
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
            "region": township.pk,
            "correction_type": "probation",
            "judgment_effective_on": "2022-03-01",
            "period_start": "2022-03-01",
            "period_end": "2023-03-01",
            "note": "",
            f"{TEAM}-TOTAL_FORMS": str(len(team)),
            f"{TEAM}-INITIAL_FORMS": "0",
            f"{TEAM}-MIN_NUM_FORMS": "0",
            f"{TEAM}-MAX_NUM_FORMS": "1000",
        }
        for i, (name, g) in enumerate(team):
            data |= {
                f"{TEAM}-{i}-name": name,
                f"{TEAM}-{i}-gender": g,
                f"{TEAM}-{i}-role": "office_staff",
            }
        return data

    def test_female_subject_with_all_male_team_is_refused(self, client, make_user, township_a):
        clerk = make_user("section", lines=["correction"])
        response = login(client, clerk).post(
            page_url(SUBJECTS, "create"),
            self._post(township_a, Gender.FEMALE, [("钱七", Gender.MALE)]),
        )
        assert response.status_code == 200
        assert "矫正小组中应有女性成员" in response.content.decode()
        assert not Subject.objects.exists()

    def test_female_subject_with_a_woman_in_the_team_is_saved(self, client, make_user, township_a):
        clerk = make_user("section", lines=["correction"])
        response = login(client, clerk).post(
            page_url(SUBJECTS, "create"),
            self._post(township_a, Gender.FEMALE, [("钱七", Gender.MALE), ("孙八", Gender.FEMALE)]),
        )
        assert response.status_code == 302, response.context["form"].errors
        s = Subject.objects.get()
        assert s.status == SubjectStatus.PENDING and s.created_by == clerk
        assert TeamMember.objects.filter(subject=s).count() == 2
        # the team rows do not ask for a region: each member is in the subject's
        assert set(TeamMember.objects.values_list("region_id", flat=True)) == {township_a.pk}
        form = client.get(page_url(SUBJECTS, "edit", s.pk)).content.decode()
        assert f'name="{TEAM}-0-region"' not in form

    def test_receive_move_with_late_warning(self, client, make_user, township_a):
        clerk = make_user("section", lines=["correction"])
        s = subject(township_a, judged=D(2022, 3, 1))
        response = login(client, clerk).post(
            move_url(s, "receive"), {"on": "2022-03-20"}, follow=True
        )
        assert "晚于报到期限" in response.content.decode()
        s.refresh_from_db()
        assert s.status == SubjectStatus.ACTIVE and s.received_on == D(2022, 3, 20)

    def test_release_move_refused_before_intake_shows_the_message(
        self, client, make_user, township_a
    ):
        clerk = make_user("section", lines=["correction"])
        s = subject(township_a, judged=D(2022, 3, 1))
        assert "release" not in {
            m.name for m in SUBJECTS.moves_for(clerk, s)
        }  # not offered before intake
        response = login(client, clerk).post(
            move_url(s, "release"), {"on": "2024-03-01", "reason": "expired"}, follow=True
        )
        assert MSG_NO_MOVE in response.content.decode()
        s.refresh_from_db()
        assert s.status == SubjectStatus.PENDING

    def test_leader_cannot_move(self, client, bureau_leader, township_a):
        s = subject(township_a, judged=D(2022, 3, 1))
        response = login(client, bureau_leader).post(move_url(s, "receive"), {"on": "2022-03-05"})
        assert response.status_code == 403
        s.refresh_from_db()
        assert s.status == SubjectStatus.PENDING


class TestFileRecordScreens:
    def test_sealed_minors_records_hidden_and_404(self, client, make_user, township_a, minor):
        c = Classification.objects.create(
            subject=minor,
            region=township_a,
            level="normal",
            decided_on=D(2022, 3, 5),
            reason="入矫",
        )
        clerk = make_user("section", lines=["correction"])
        login(client, clerk)
        rt = registry.get(Classification)
        assert "未成年乙" not in client.get(list_url(rt)).content.decode()
        assert client.get(record_url(c)).status_code == 404
        assert client.get(page_url(rt, "edit", c.pk)).status_code == 404

    def test_leave_with_the_wrong_approver_gets_a_field_error(self, client, make_user, adult):
        clerk = make_user("section", lines=["correction"])
        data = {
            "region": adult.region_id,
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
        url = page_url(registry.get(LeaveRequest), "create")
        response = login(client, clerk).post(url, data)
        assert response.status_code == 200
        assert "外出10日，应由县司法局（县级社区矫正机构）审批" in response.content.decode()
        data["approver_level"] = "county"
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        assert LeaveRequest.objects.get().region_id == adult.region_id

    def test_assessment_list_filters_by_deadline_state(self, client, make_user, township_a):
        from sifa.correction import services

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
        rt = registry.get(Assessment)
        (due,) = [
            f for f in client.get(list_url(rt)).context["filters"] if f["name"].startswith("dl_")
        ]
        body = client.get(list_url(rt), {due["name"]: "overdue"}).content.decode()
        assert "超期甲" in body
        body = client.get(list_url(rt), {due["name"]: "ok"}).content.decode()
        assert "超期甲" not in body
        (one,) = Assessment.objects.all()
        states = [d["state_label"] for d in client.get(record_url(one)).context["deadlines"]]
        assert states == ["已超期"]
