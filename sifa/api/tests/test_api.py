"""The REST API: same scoping, same rules, same history as the entry screens."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.api.tests.test_moves import errors
from sifa.core.models import Activity, ActivityType

D = dt.date(2022, 5, 10)
URL = "/api/core/activity/"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def lectures(make_activity, village_a, village_b):
    return make_activity("lecture", village_a, D), make_activity("lecture", village_b, D)


@pytest.mark.django_db
class TestRecordsApi:
    def test_token_required(self, lectures):
        assert APIClient().get(URL).status_code == 401

    def test_list_is_scoped(self, township_clerk, lectures):
        data = client_for(township_clerk).get(URL).json()
        assert [r["id"] for r in data["results"]] == [lectures[0].pk]

    def test_other_township_is_404(self, township_clerk, lectures):
        assert client_for(township_clerk).get(f"{URL}{lectures[1].pk}/").status_code == 404

    def test_filters_by_region_and_date(
        self, section_clerk, lectures, township_b, make_activity, village_b
    ):
        make_activity("lecture", village_b, dt.date(2021, 1, 1))
        client = client_for(section_clerk)
        rows = client.get(URL, {"region": township_b.code, "start": "2022-01-01"}).json()["results"]
        assert [r["id"] for r in rows] == [lectures[1].pk]
        bad = client.get(URL, {"region": "999999999999"})
        assert bad.status_code == 400 and "未知的区划代码" in errors(bad)["region"][0]

    def test_create_obeys_model_rules_and_keeps_history(self, section_clerk, village_a):
        from auditlog.models import LogEntry

        client = client_for(section_clerk)
        themed = ActivityType.objects.get(code="themed_campaign")
        bad = client.post(
            URL,
            {
                "type": themed.pk,
                "region": village_a.code,
                "date": "2022-05-01",
                "title": "无主题",
                "quantities": {},
            },
            format="json",
        )
        assert bad.status_code == 400
        assert errors(bad)["theme"] == ["“主题宣传活动”须填写活动主题。"]
        ok = client.post(
            URL,
            {
                "type": themed.pk,
                "region": village_a.code,
                "date": "2022-05-01",
                "title": "宪法周",
                "theme": "“12.4”国家宪法宣传周",
                "quantities": {"attendees": 80},
            },
            format="json",
        )
        assert ok.status_code == 201, ok.json()
        act = Activity.objects.get(pk=ok.json()["id"])
        assert LogEntry.objects.get_for_object(act).get().actor == section_clerk

    def test_township_clerk_cannot_write_elsewhere(self, township_clerk, village_b):
        lecture = ActivityType.objects.get(code="lecture")
        response = client_for(township_clerk).post(
            URL,
            {
                "type": lecture.pk,
                "region": village_b.code,
                "date": "2022-05-01",
                "title": "越界",
                "quantities": {},
            },
            format="json",
        )
        assert response.status_code == 403
        assert not Activity.objects.filter(title="越界").exists()

    def test_leader_reads_but_cannot_write(self, bureau_leader, lectures):
        client = client_for(bureau_leader)
        assert client.get(URL).status_code == 200
        assert (
            client.patch(f"{URL}{lectures[0].pk}/", {"title": "改"}, format="json").status_code
            == 403
        )

    def test_viewer_gets_no_records(self, viewer, lectures):
        assert client_for(viewer).get(URL).status_code == 403

    def test_delete_is_soft(self, section_clerk, lectures):
        assert client_for(section_clerk).delete(f"{URL}{lectures[0].pk}/").status_code == 204
        assert Activity.all_objects.filter(pk=lectures[0].pk, deleted_at__isnull=False).exists()


@pytest.mark.django_db
def test_schema_and_docs_are_self_hosted(client, section_clerk):
    client.force_login(section_clerk)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "jsdelivr" not in docs.lower()


@pytest.mark.django_db
class TestFiguresApi:
    def test_same_json_as_the_command(self, viewer, lectures):
        import io
        import json

        from django.core.management import call_command

        from sifa.core import access

        # A viewer is confined to their own county: the command for that county is the same.
        county = access.user_region(viewer)
        assert county is not None
        out = io.StringIO()
        call_command("figures", "--year", "2022", "--region", county.code, "--json", stdout=out)
        api = client_for(viewer).get("/api/figures/", {"year": "2022"})
        assert api.status_code == 200
        assert api.json() == json.loads(out.getvalue())
        assert api.json()["figures"]["publicity.lectures"]["value"] == 2

    def test_township_office_gets_its_township(self, township_clerk, township_a, lectures):
        data = client_for(township_clerk).get("/api/figures/", {"year": "2022"}).json()
        assert data["region"] == township_a.code
        assert data["figures"]["publicity.lectures"]["value"] == 1

    def test_bad_period_is_a_400_in_chinese(self, viewer, county):
        response = client_for(viewer).get(
            "/api/figures/", {"start": "2022-12-31", "end": "2022-01-01"}
        )
        assert response.status_code == 400
        assert "开始日期" in errors(response)["period"][0]
