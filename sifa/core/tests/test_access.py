"""Scoping: one selector decides what each role sees; hidden answers 404 like missing."""

import datetime as dt

import pytest
from django.http import Http404

from sifa.core import access, registry
from sifa.core.models import Activity
from sifa.workspace.links import page_url

D = dt.date(2022, 5, 10)


@pytest.fixture
def two_lectures(make_activity, village_a, village_b):
    return make_activity("lecture", village_a, D), make_activity("lecture", village_b, D)


@pytest.mark.django_db
class TestScope:
    def test_township_clerk_sees_only_own_township(self, township_clerk, two_lectures):
        mine, theirs = two_lectures
        visible = access.scope(township_clerk, Activity.objects.all())
        assert list(visible) == [mine]
        with pytest.raises(Http404):
            access.get_visible_or_404(township_clerk, Activity.objects.all(), pk=theirs.pk)

    def test_hidden_and_missing_answer_alike(self, township_clerk, two_lectures):
        _, theirs = two_lectures
        with pytest.raises(Http404) as hidden:
            access.get_visible_or_404(township_clerk, Activity.objects.all(), pk=theirs.pk)
        with pytest.raises(Http404) as missing:
            access.get_visible_or_404(township_clerk, Activity.objects.all(), pk=999999)
        assert str(hidden.value) == str(missing.value)

    def test_leader_sees_everything(self, bureau_leader, two_lectures):
        assert access.scope(bureau_leader, Activity.objects.all()).count() == 2

    @pytest.mark.parametrize("role", ["admin", "security", "auditor"])
    def test_administrators_see_no_business_records(self, make_user, role, two_lectures):
        """三员分立: none of the three administrators sees or writes business records."""
        user = make_user(role)
        assert not access.scope(user, Activity.objects.all()).exists()
        assert access.lines_of(user) == frozenset() and access.writable_lines(user) == frozenset()
        assert not access.can_see_personal_data(user)
        with pytest.raises(Http404):
            access.get_visible_or_404(user, Activity.objects.all(), pk=two_lectures[0].pk)

    def test_section_clerk_sees_only_their_lines(
        self, make_user, two_lectures, make_activity, county
    ):
        make_activity("party_lesson", county, D)
        publicity = make_user("section", lines=["rulelaw"])
        team = make_user("section", lines=["team"])
        assert access.scope(publicity, Activity.objects.all()).count() == 2
        assert [a.type.code for a in access.scope(team, Activity.objects.all())] == ["party_lesson"]

    def test_viewer_sees_no_records(self, viewer, two_lectures):
        assert not access.scope(viewer, Activity.objects.all()).exists()

    def test_scope_filters_one_indexed_column_without_join(self, township_clerk, two_lectures):
        sql = str(access.scope(township_clerk, Activity.objects.all()).query)
        assert '"region_id" >=' in sql and '"region_id" <=' in sql  # a range the index serves
        assert 'JOIN "core_region"' not in sql


@pytest.mark.django_db
class TestWriteRights:
    def test_office_cannot_write_outside_township(self, township_clerk, two_lectures):
        from django.core.exceptions import PermissionDenied

        mine, theirs = two_lectures
        access.ensure_can_write(township_clerk, mine)
        with pytest.raises(PermissionDenied, match="本辖区"):
            access.ensure_can_write(township_clerk, theirs)

    def test_leader_reads_only(self, bureau_leader, two_lectures):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            access.ensure_can_write(bureau_leader, two_lectures[0])


@pytest.mark.django_db
class TestRecordPages:
    """The workspace's pages apply the same scope: hidden answers 404 like missing."""

    def url(self, page, *args):
        return page_url(registry.get(Activity), page, *args)

    def test_other_township_record_is_404_by_url(self, client, township_clerk, two_lectures):
        _, theirs = two_lectures
        client.force_login(township_clerk)
        assert client.get(self.url("detail", theirs.pk)).status_code == 404
        assert client.get(self.url("edit", theirs.pk)).status_code == 404
        assert client.get(self.url("detail", 999999)).status_code == 404

    def test_own_record_opens(self, client, township_clerk, two_lectures):
        mine, _ = two_lectures
        client.force_login(township_clerk)
        assert client.get(self.url("detail", mine.pk)).status_code == 200
        assert client.get(self.url("edit", mine.pk)).status_code == 200

    def test_list_shows_only_scope(self, client, township_clerk, two_lectures):
        mine, theirs = two_lectures
        client.force_login(township_clerk)
        page = client.get(self.url("list")).content.decode()
        assert self.url("detail", mine.pk) in page
        assert self.url("detail", theirs.pk) not in page

    def test_leader_cannot_save(self, client, bureau_leader, two_lectures):
        mine, _ = two_lectures
        client.force_login(bureau_leader)
        response = client.post(self.url("edit", mine.pk), {"title": "改"})
        assert response.status_code == 403
        mine.refresh_from_db()
        assert mine.title != "改"
