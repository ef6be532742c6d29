"""三员分立: what the system administrator, the security administrator and the security auditor
each can and cannot do, through the admin screens and the business pages."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sifa.accounts.admin_security import MSG_RELEASED
from sifa.accounts.models import MSG_ADMIN_SEPARATED, User
from sifa.accounts.testing import login_verified
from sifa.auditchain.chain import verify

D = dt.date(2022, 5, 10)


@pytest.fixture
def sysadmin(make_user):
    return make_user("admin")


@pytest.fixture
def security(make_user):
    return make_user("security")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor")


@pytest.fixture
def login_rows(db):
    attempt = AccessAttempt.objects.create(
        username="office9",
        ip_address="10.0.0.9",
        user_agent="x",
        path_info="/login/",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="*/*",
    )
    log = AccessLog.objects.create(
        username="office9", ip_address="10.0.0.9", user_agent="x", path_info="/login/"
    )
    failure = AccessFailureLog.objects.create(
        username="office9", ip_address="10.0.0.9", user_agent="x", path_info="/login/"
    )
    return attempt, log, failure


def _client(client, user):
    login_verified(client, user)
    return client


# --- the model rule ---------------------------------------------------------------------------
@pytest.mark.django_db
class TestOneRolePerAccount:
    @pytest.mark.parametrize("role", ["admin", "security", "auditor"])
    def test_administrator_cannot_hold_business_rights(self, county, role):
        for extra in ({"lines": ["correction"]}, {"can_view_sealed": True}):
            user = User(username=f"x{role}", role=role, region=county, **extra)
            with pytest.raises(ValidationError) as exc:
                user.full_clean()
            assert MSG_ADMIN_SEPARATED in exc.value.messages

    def test_database_refuses_a_sealed_grant_to_an_administrator(self, security):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=security.pk).update(can_view_sealed=True)

    def test_database_refuses_a_superuser(self, security):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=security.pk).update(is_superuser=True)

    def test_saving_never_makes_a_superuser(self, county):
        user = User(username="root", role="admin", region=county, is_superuser=True)
        user.save()
        assert not user.is_superuser and user.is_staff

    def test_createsuperuser_makes_one_of_the_three(self, db):
        user = User.objects.create_superuser("anquan2", password="x-Long-pass-1", role="security")
        assert (user.role, user.is_superuser, user.is_staff) == ("security", False, True)
        with pytest.raises(ValueError):
            User.objects.create_superuser("boss", password="x-Long-pass-1", role="leader")


# --- the admin screens ------------------------------------------------------------------------
SCREENS = {
    "users": "/admin/accounts/user/",
    "regions": "/admin/core/region/",
    "county": "/admin/core/countyprofile/",
    "catalogue": "/admin/core/activitytype/",
    "audit": "/admin/auditlog/logentry/",
    "attempts": "/admin/axes/accessattempt/",
    "logins": "/admin/axes/accesslog/",
    "failures": "/admin/axes/accessfailurelog/",
    "activities": "/admin/core/activity/",
    "subjects": "/admin/correction/subject/",
}
CAN_VIEW = {
    "admin": {"users", "regions", "county", "catalogue"},
    "security": {"users", "attempts"},
    "auditor": {"users", "audit", "attempts", "logins", "failures"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "security", "auditor"])
def test_screens_each_administrator_opens(client, make_user, login_rows, role):
    _client(client, make_user(role))
    opened = {name for name, url in SCREENS.items() if client.get(url).status_code == 200}
    assert opened == CAN_VIEW[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "security", "auditor"])
@pytest.mark.parametrize("path", ["/dashboard/", "/reports/", "/data/import/", "/api/"])
def test_no_administrator_opens_a_business_page(client, make_user, role, path):
    _client(client, make_user(role))
    response = client.get(path)
    assert response.status_code == 403
    assert "管理员账号不能查阅或录入业务数据" in response.content.decode()


@pytest.mark.django_db
def test_business_pages_stay_open_to_business_roles(client, bureau_leader):
    client.force_login(bureau_leader)
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
class TestAccounts:
    def test_system_admin_creates_accounts_without_rights(self, client, sysadmin):
        _client(client, sysadmin)
        response = client.post(
            "/admin/accounts/user/add/",
            {
                "username": "xinren",
                "password1": "Xin-ren-2024!",
                "password2": "Xin-ren-2024!",
                "display_name": "新人",
                "role": "leader",  # not on the form: ignored
                "usable_password": "true",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        user = User.objects.get(username="xinren")
        assert user.role == "viewer" and user.display_name == "新人"

    def test_system_admin_cannot_grant_rights(self, client, sysadmin, township_clerk):
        _client(client, sysadmin)
        page = client.get(f"/admin/accounts/user/{township_clerk.pk}/change/").content.decode()
        assert 'name="display_name"' in page and 'name="role"' not in page
        assert 'name="can_view_sealed"' not in page

    def test_security_admin_grants_roles_and_sealed_access(
        self, client, security, make_user, county
    ):
        clerk = make_user("section", lines=["correction"])
        _client(client, security)
        page = client.get(f"/admin/accounts/user/{clerk.pk}/change/").content.decode()
        assert 'name="role"' in page and 'name="username"' not in page
        assert "password/" not in page  # no password reset link
        response = client.post(
            f"/admin/accounts/user/{clerk.pk}/change/",
            {
                "role": "section",
                "region": county.pk,
                "lines": ["correction"],
                "can_view_sealed": "on",
                "username": "renamed",  # read-only for the security administrator
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        clerk.refresh_from_db()
        assert clerk.can_view_sealed and clerk.username != "renamed"
        assert client.get(f"/admin/accounts/user/{clerk.pk}/password/").status_code == 403
        assert client.get("/admin/accounts/user/add/").status_code == 403

    def test_security_admin_cannot_change_own_rights(self, client, security):
        _client(client, security)
        assert client.get(f"/admin/accounts/user/{security.pk}/change/").status_code == 200
        client.post(f"/admin/accounts/user/{security.pk}/change/", {"role": "leader"})
        security.refresh_from_db()
        assert security.role == "security"

    def test_auditor_reads_accounts_and_changes_nothing(self, client, auditor, township_clerk):
        _client(client, auditor)
        url = f"/admin/accounts/user/{township_clerk.pk}/change/"
        assert client.get(url).status_code == 200
        client.post(url, {"role": "leader", "region": township_clerk.region_id})
        township_clerk.refresh_from_db()
        assert township_clerk.role == "office"

    def test_nobody_deletes_an_account(self, client, sysadmin, township_clerk):
        _client(client, sysadmin)
        url = f"/admin/accounts/user/{township_clerk.pk}/delete/"
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert User.objects.filter(pk=township_clerk.pk).exists()


@pytest.mark.django_db
class TestLoginRecordsAndAudit:
    @pytest.mark.parametrize("role", ["admin", "security", "auditor"])
    def test_nobody_deletes_or_changes_login_records(self, client, make_user, login_rows, role):
        _client(client, make_user(role))
        for obj in login_rows:
            opts = obj._meta
            base = f"/admin/{opts.app_label}/{opts.model_name}/"
            client.post(f"{base}{obj.pk}/delete/", {"post": "yes"})
            client.post(
                base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
            )
            client.post(f"{base}{obj.pk}/change/", {"username": "someone-else"})
            obj.refresh_from_db()
            assert obj.username == "office9"

    @pytest.mark.parametrize("role", ["admin", "security", "auditor"])
    def test_nobody_deletes_or_changes_audit_rows(self, client, make_user, make_activity, role):
        act = make_activity("lecture", make_user("leader").region, D)
        entry = LogEntry.objects.get_for_object(act).first()
        _client(client, make_user(role))
        base = "/admin/auditlog/logentry/"
        client.post(f"{base}{entry.pk}/delete/", {"post": "yes"})
        client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk]})
        client.post(f"{base}{entry.pk}/change/", {"object_repr": "篡改"})
        entry.refresh_from_db()
        assert entry.object_repr != "篡改"
        assert verify().broken is None

    def test_security_admin_releases_a_lock_with_an_audit_row(self, client, security, login_rows):
        attempt = login_rows[0]
        _client(client, security)
        response = client.post(
            "/admin/axes/accessattempt/",
            {"action": "release_locks", "_selected_action": [attempt.pk]},
            follow=True,
        )
        assert MSG_RELEASED.format(n=1) in response.content.decode()
        attempt.refresh_from_db()  # kept, no longer counting
        assert attempt.failures_since_start == 0
        entry = LogEntry.objects.filter(actor=security).get()
        assert entry.additional_data["what"] == "解除登录锁定"
        assert entry.changes == {"failures_since_start": ["5", "0"]}
        assert verify().broken is None

    def test_auditor_cannot_release_a_lock(self, client, auditor, login_rows):
        attempt = login_rows[0]
        _client(client, auditor)
        client.post(
            "/admin/axes/accessattempt/",
            {"action": "release_locks", "_selected_action": [attempt.pk]},
        )
        attempt.refresh_from_db()
        assert attempt.failures_since_start == 5

    def test_auditor_reads_the_audit_log(self, client, auditor, make_activity, county):
        act = make_activity("lecture", county, D, title="查这条")
        entry = LogEntry.objects.get_for_object(act).first()
        _client(client, auditor)
        assert client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 200
        assert "查这条" in client.get("/admin/auditlog/logentry/").content.decode()
