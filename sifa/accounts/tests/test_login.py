"""Login: Argon2 hashes, lockout after 5 failures, no account enumeration, idle timeout."""

import pytest
from django.conf import settings

from sifa.accounts.forms import LoginForm

PASSWORD = "pw-test-123"


def test_production_hasher_is_argon2():
    from sifa.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_session_expires_after_30_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
class TestLogin:
    def test_good_password_logs_in(self, client, township_clerk):
        response = client.post(
            "/login/", {"username": township_clerk.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert client.get("/").status_code == 200

    def test_wrong_password_does_not_tell_whether_account_exists(self, client, township_clerk):
        known = client.post(
            "/login/", {"username": township_clerk.username, "password": "nope-nope"}
        )
        unknown = client.post("/login/", {"username": "nobody-here", "password": "nope-nope"})
        message = LoginForm.error_messages["invalid_login"]
        assert message in known.content.decode()
        assert message in unknown.content.decode()
        assert known.status_code == unknown.status_code == 200

    def test_locked_after_five_failures_even_with_right_password(self, client, township_clerk):
        for _ in range(5):
            client.post("/login/", {"username": township_clerk.username, "password": "wrong-pass"})
        response = client.post(
            "/login/", {"username": township_clerk.username, "password": PASSWORD}
        )
        assert response.status_code == 429
        assert "锁定" in response.content.decode()
        assert client.get("/").status_code == 302  # still not logged in

    def test_four_failures_do_not_lock(self, client, township_clerk):
        for _ in range(4):
            client.post("/login/", {"username": township_clerk.username, "password": "wrong-pass"})
        response = client.post(
            "/login/", {"username": township_clerk.username, "password": PASSWORD}
        )
        assert response.status_code == 302

    def test_login_page_is_chinese(self, client):
        page = client.get("/login/").content.decode()
        assert "用户名" in page and "密码" in page and "登录" in page

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
class TestHomePerRole:
    def test_township_clerk_home_names_township(self, client, township_clerk):
        client.force_login(township_clerk)
        page = client.get("/").content.decode()
        assert "司法所" in page and "甲镇" in page

    def test_viewer_home_has_no_record_links(self, client, viewer):
        client.force_login(viewer)
        page = client.get("/").content.decode()
        assert "上级查看" in page
        assert "/admin/" not in page

    def test_viewer_cannot_enter_admin(self, client, viewer):
        client.force_login(viewer)
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_office_account_needs_a_township(county):
    from django.core.exceptions import ValidationError

    from sifa.accounts.models import User

    user = User(username="x", role="office", region=county)
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert "司法所账号必须指定所在乡镇（街道）。" in exc.value.message_dict["region"]


@pytest.mark.django_db
def test_admin_manages_accounts(client, admin_user, township_clerk):
    from sifa.accounts.testing import login_verified

    login_verified(client, admin_user)
    assert client.get("/admin/accounts/user/").status_code == 200
    page = client.get(f"/admin/accounts/user/{township_clerk.pk}/change/")
    assert page.status_code == 200
    assert "负责业务条线" in page.content.decode()
    assert client.get("/admin/accounts/user/add/").status_code == 200


@pytest.mark.django_db
def test_only_admin_manages_accounts(client, bureau_leader):
    """A business account never sees the account list: the admin sends it home."""
    client.force_login(bureau_leader)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_not_found_page_is_chinese_and_says_nothing_about_existence(client, township_clerk):
    from sifa.core import registry
    from sifa.core.models import Activity
    from sifa.workspace.links import page_url

    client.force_login(township_clerk)
    response = client.get(page_url(registry.get(Activity), "detail", 999999))
    assert response.status_code == 404
    assert "不在您的账号可以查看的范围内" in response.content.decode()
