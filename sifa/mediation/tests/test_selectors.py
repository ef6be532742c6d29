"""Scoped reads: committee warnings (art. 9), open confirmation windows, 404 outside scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from sifa.core.errors import RuleViolation
from sifa.mediation import selectors, services
from sifa.mediation.models import CommitteeMember, MediationRoom

from .conftest import make_committee

D = dt.date
TODAY = D(2022, 6, 1)


class TestCommitteeWarnings:
    def test_a_committee_of_three_with_a_woman_and_a_chair_has_no_warning(self, committee_a):
        assert selectors.committee_warnings(committee_a, TODAY) == []

    def test_too_few_members_and_no_woman(self, village_a):
        committee = make_committee(village_a, members=(("甲", "M", "chair"), ("乙", "M", "member")))
        assert selectors.committee_warnings(committee, TODAY) == [
            selectors.WARN_TOO_FEW.format(n=2),
            selectors.WARN_NO_WOMAN,
        ]
        assert "少于三人" in selectors.WARN_TOO_FEW

    def test_too_many_members(self, village_a):
        members = [("主任", "F", "chair")] + [(f"委员{i}", "M", "member") for i in range(9)]
        committee = make_committee(village_a, members=members)
        assert selectors.committee_warnings(committee, TODAY) == [
            selectors.WARN_TOO_MANY.format(n=10)
        ]

    def test_nine_members_is_within_the_law(self, village_a):
        members = [("主任", "F", "chair")] + [(f"委员{i}", "M", "member") for i in range(8)]
        assert selectors.committee_warnings(make_committee(village_a, members=members), TODAY) == []

    def test_members_who_left_are_not_counted(self, committee_a):
        woman = committee_a.members.get(gender="F")
        woman.to_on = D(2022, 5, 31)
        services.member_save(woman, user=None)
        assert selectors.committee_warnings(committee_a, TODAY) == [
            selectors.WARN_TOO_FEW.format(n=2),
            selectors.WARN_NO_WOMAN,
        ]
        assert selectors.committee_warnings(committee_a, D(2022, 5, 31)) == []

    def test_chair_missing(self, village_a):
        committee = make_committee(
            village_a, members=(("甲", "M", "member"), ("乙", "F", "member"), ("丙", "M", "member"))
        )
        assert selectors.committee_warnings(committee, TODAY) == [selectors.WARN_CHAIR.format(n=0)]

    def test_term_over(self, committee_a):
        assert selectors.committee_warnings(committee_a, D(2024, 1, 1))[-1] == (
            "本届任期已于2023年12月31日届满，请及时换届。"
        )

    def test_selector_lists_only_committees_with_warnings_in_scope(
        self, committee_a, village_a, village_b, township_clerk
    ):
        lacking_a = make_committee(village_a, members=(("甲", "M", "chair"),), name="缺员委员会")
        make_committee(village_b, members=(), name="乙镇缺员委员会")
        found = selectors.committees_with_warnings(township_clerk, TODAY)
        assert [c for c, _ in found] == [lacking_a]

    def test_member_leaving_before_joining_is_refused(self, committee_a):
        member = CommitteeMember(
            committee=committee_a,
            name="丁",
            gender="F",
            from_on=D(2022, 1, 1),
            to_on=D(2021, 12, 31),
        )
        with pytest.raises(RuleViolation) as exc:
            services.member_save(member, user=None)
        assert exc.value.message_dict == {"to_on": ["离任日期不能早于任职日期。"]}


class TestConfirmationWindows:
    def test_open_windows_exclude_applied_expired_and_other_townships(
        self, committee_a, committee_b, make_case, make_closed, township_clerk
    ):
        open_a = make_closed(make_case(committee_a), D(2022, 5, 20))  # due 2022-06-20
        expired = make_closed(make_case(committee_a), D(2022, 4, 1))  # due 2022-05-05
        applied = make_closed(make_case(committee_a), D(2022, 5, 25))
        services.case_confirmation_apply(applied, on=D(2022, 5, 30), user=None)
        make_closed(make_case(committee_a), D(2022, 5, 25), succeeded=False)
        make_closed(make_case(committee_b), D(2022, 5, 20))  # township B
        assert list(selectors.open_confirmation_windows(township_clerk, TODAY)) == [open_a]
        overdue = selectors.confirmation_windows(township_clerk, "overdue", today=TODAY)
        assert list(overdue) == [expired]
        done = selectors.confirmation_windows(township_clerk, "done", today=TODAY)
        assert list(done) == [applied]


class TestScoping:
    def test_township_clerk_gets_404_for_another_townships_case(
        self, committee_a, committee_b, make_case, township_clerk
    ):
        mine = make_case(committee_a)
        theirs = make_case(committee_b)
        assert selectors.get_case(township_clerk, mine.pk) == mine
        with pytest.raises(Http404):
            selectors.get_case(township_clerk, theirs.pk)
        assert list(selectors.cases(township_clerk)) == [mine]

    def test_county_roles_see_every_township(
        self, committee_a, committee_b, make_case, mediation_clerk, bureau_leader
    ):
        make_case(committee_a)
        make_case(committee_b)
        assert selectors.cases(mediation_clerk).count() == 2
        assert selectors.cases(bureau_leader).count() == 2

    def test_viewer_and_other_lines_see_no_case(self, committee_a, make_case, viewer, make_user):
        case = make_case(committee_a)
        for user in (viewer, make_user("section", lines=["notary"])):
            assert not selectors.cases(user).exists()
            with pytest.raises(Http404):
                selectors.get_case(user, case.pk)

    def test_branded_rooms_in_operation(self, committee_a, village_a, township_clerk):
        def room(brand, opened, closed=None):
            return MediationRoom.objects.create(
                name=f"{brand or '普通'}调解室",
                brand_name=brand,
                region=village_a,
                opened_on=opened,
                closed_on=closed,
            )

        open_room = room("老杨", D(2020, 1, 1))
        room("", D(2020, 1, 1))
        room("和事佬", D(2020, 1, 1), D(2022, 6, 1))  # closed on the day: not in operation
        room("巾帼", D(2022, 6, 2))
        assert list(selectors.branded_rooms_on(township_clerk, TODAY)) == [open_room]
