"""Counties, a city and a province in one installation: every role is confined to its own
region (one rule, `core.access.scope`, behind every door), and a city or provincial account gets
its counties' figures rolled up and no records."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.core import access, registry
from sifa.core.lines import Line
from sifa.core.models import Activity, CountyProfile, Region, RegionLevel
from sifa.workspace.links import page_url

D = dt.date(2022, 5, 10)
SECOND = "610998000000"


@pytest.fixture
def second_county(county) -> Region:
    """A second county of the same city (测试市), with one township and one village."""
    city = Region.objects.get(code="610900000000")
    other = Region.objects.create(code=SECOND, name="邻县", level=RegionLevel.COUNTY, parent=city)
    CountyProfile.objects.create(
        region=other,
        county_name="邻",
        city_name="测试",
        province_short="陕",
        party_congress="十五届二次",
        county_slogan="山水邻县",
    )
    town = Region.objects.create(
        code="610998100000", name="丙镇", level=RegionLevel.TOWNSHIP, parent=other
    )
    Region.objects.create(code="610998100201", name="丙1村", level=RegionLevel.VILLAGE, parent=town)
    return other


@pytest.fixture
def lectures(make_activity, village_a, second_county):
    """Two lectures in the first county and one in the second."""
    first = [make_activity("lecture", village_a, D), make_activity("lecture", village_a, D)]
    second = make_activity("lecture", Region.objects.get(code="610998100201"), D)
    return first, second


@pytest.fixture
def second_clerk(make_user, second_county):
    return make_user("section", region=second_county, lines=Line.values)


@pytest.fixture
def second_leader(make_user, second_county):
    return make_user("leader", region=second_county)


@pytest.fixture
def city_viewer(make_user, county):
    return make_user("viewer", region=Region.objects.get(code="610900000000"))


@pytest.fixture
def city_leader(make_user, county):
    """A leader account of the city bureau: figures of its counties, no records."""
    return make_user("leader", region=Region.objects.get(code="610900000000"))


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
class TestCountyScope:
    def test_selectors_confine_county_staff_to_their_county(
        self, lectures, second_clerk, second_leader, section_clerk, bureau_leader
    ):
        first, second = lectures
        for user in (second_clerk, second_leader):
            assert list(access.scope(user, Activity.objects.all())) == [second]
            assert list(registry.visible(user, Activity.objects.all())) == [second]
            with pytest.raises(Http404):
                access.get_visible_or_404(user, Activity.objects.all(), pk=first[0].pk)
        for user in (section_clerk, bureau_leader):
            assert set(access.scope(user, Activity.objects.all())) == set(first)

    def test_api_lists_and_opens_only_own_county(self, lectures, second_clerk):
        first, second = lectures
        client = api(second_clerk)
        rows = client.get("/api/core/activity/").json()["results"]
        assert [r["id"] for r in rows] == [second.pk]
        assert client.get(f"/api/core/activity/{first[0].pk}/").status_code == 404
        asked = client.get("/api/core/activity/", {"region": "610999000000"}).json()
        assert all(r["id"] == second.pk for r in asked.get("results", []))

    def test_api_figures_of_another_county_are_own_county(self, lectures, second_clerk):
        body = api(second_clerk).get("/api/figures/", {"year": "2022", "region": "610999000000"})
        assert body.status_code == 200
        assert body.json()["figures"]["publicity.lectures"]["value"] == 1

    def test_drilldown_shows_only_own_county(self, client, lectures, second_leader):
        first, second = lectures
        client.force_login(second_leader)
        url = reverse("reports:drilldown", args=["publicity.lectures"])
        resp = client.get(url, {"year": "2022", "region": "610999000000"})
        assert resp.status_code == 200
        html = resp.content.decode()
        assert int(re.search(r'id="count">(\d+)<', html).group(1)) == 1
        assert "丙1村" in html and "甲1村" not in html

    def test_record_page_of_another_county_is_404(self, client, lectures, second_clerk):
        first, second = lectures
        client.force_login(second_clerk)
        rt = registry.get(Activity)
        assert client.get(page_url(rt, "detail", first[0].pk)).status_code == 404
        assert client.get(page_url(rt, "detail", second.pk)).status_code == 200
        assert client.get(page_url(rt, "edit", first[0].pk)).status_code == 404

    def test_county_staff_cannot_write_in_another_county(self, lectures, second_clerk):
        first, second = lectures
        access.ensure_can_write(second_clerk, second)
        with pytest.raises(PermissionDenied, match="本辖区（邻县）"):
            access.ensure_can_write(second_clerk, first[0])

    def test_header_names_each_users_own_county(self, client, second_leader, bureau_leader):
        client.force_login(second_leader)
        assert "邻县司法局" in client.get("/").content.decode()
        client.force_login(bureau_leader)
        page = client.get("/").content.decode()
        assert "测试县司法局" in page and "邻县司法局" not in page

    def test_account_without_region_sees_nothing_with_several_counties(self, lectures, make_user):
        user = make_user("leader")
        user.region = None
        user.save()
        user = type(user).objects.get(pk=user.pk)
        assert not access.scope(user, Activity.objects.all()).exists()

    def test_account_without_region_in_one_county_install_sees_its_county(
        self, make_activity, village_a, make_user
    ):
        lecture = make_activity("lecture", village_a, D)
        user = make_user("leader")
        user.region = None
        user.save()
        user = type(user).objects.get(pk=user.pk)
        assert list(access.scope(user, Activity.objects.all())) == [lecture]


@pytest.mark.django_db
class TestCityRollUp:
    def test_city_accounts_see_no_records_and_write_nothing(
        self, lectures, city_viewer, city_leader
    ):
        first, _ = lectures
        for user in (city_viewer, city_leader):
            assert not access.scope(user, Activity.objects.all()).exists()
            assert not access.can_see_personal_data(user)
            assert access.writable_lines(user) == frozenset()
            with pytest.raises(PermissionDenied):
                access.ensure_can_write(user, first[0])

    def test_city_viewer_gets_the_roll_up_of_its_counties(self, lectures, city_viewer):
        body = api(city_viewer).get("/api/figures/", {"year": "2022"}).json()
        assert body["figures"]["publicity.lectures"]["value"] == 3
        one = api(city_viewer).get("/api/figures/", {"year": "2022", "region": SECOND}).json()
        assert one["figures"]["publicity.lectures"]["value"] == 1

    def test_a_county_viewer_cannot_ask_for_the_city(self, lectures, viewer):
        body = api(viewer).get("/api/figures/", {"year": "2022", "region": "610900000000"})
        assert body.json()["figures"]["publicity.lectures"]["value"] == 2

    def test_city_header_names_the_city_bureau(self, client, city_leader):
        client.force_login(city_leader)
        page = client.get("/").content.decode()
        assert "测试市司法局" in page

    @pytest.mark.parametrize("code,expected", [("610900000000", 3), ("610000000000", 3)])
    def test_figures_command_rolls_up_a_city_or_province(self, lectures, code, expected):
        out = StringIO()
        call_command("figures", year="2022", region=code, json=True, stdout=out)
        assert json.loads(out.getvalue())["figures"]["publicity.lectures"]["value"] == expected


@pytest.mark.django_db
class TestDashboardRollUp:
    @pytest.fixture
    def screenings(self, make_activity, village_a, second_county):
        from sifa.mediation.models import SCREENING_TYPE

        make_activity(SCREENING_TYPE, village_a, D)
        make_activity(SCREENING_TYPE, village_a, D)
        make_activity(SCREENING_TYPE, Region.objects.get(code="610998100201"), D)

    def _series(self, resp):
        data = resp.context["data"]["townships"]
        (row,) = [s for s in data["series"] if s["name"] == "矛盾纠纷排查"]
        return dict(zip(data["townships"], [c["value"] for c in row["data"]], strict=True))

    def test_city_dashboard_compares_its_counties(self, client, screenings, city_leader):
        client.force_login(city_leader)
        resp = client.get("/dashboard/", {"year": "2022"})
        assert resp.status_code == 200
        assert self._series(resp) == {"测试县": 2, "邻县": 1}

    def test_county_dashboard_shows_only_its_townships(self, client, screenings, second_leader):
        client.force_login(second_leader)
        resp = client.get("/dashboard/", {"year": "2022", "region": "610900000000"})
        assert self._series(resp) == {"丙镇": 1}
