"""API tokens expire, can be revoked (command and admin), and each use is recorded."""

import datetime as dt
import logging

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sifa.accounts.testing import login_verified
from sifa.api import tokens
from sifa.api.models import TokenUse

URL = "/api/core/activity/"


def api(key, **extra) -> APIClient:
    client = APIClient(**extra)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def age(token, days):
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=days))
    token.refresh_from_db()


def test_it_is_the_configured_authentication(settings):
    classes = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert classes[0] == "sifa.api.tokens.ExpiringTokenAuthentication"
    assert issubclass(
        tokens.ExpiringTokenAuthentication,
        __import__("rest_framework.authentication").authentication.TokenAuthentication,
    )
    assert settings.SIFA_API_TOKEN_DAYS == 30


@pytest.mark.django_db
class TestExpiry:
    def test_get_or_create_token_works(self, section_clerk):
        token, _ = Token.objects.get_or_create(user=section_clerk)
        assert api(token.key).get(URL).status_code == 200

    def test_token_of_29_days_works(self, section_clerk):
        token = Token.objects.create(user=section_clerk)
        age(token, 29)
        assert api(token.key).get(URL).status_code == 200

    def test_token_of_30_days_is_refused_in_chinese(self, section_clerk, caplog):
        token = Token.objects.create(user=section_clerk)
        age(token, 30)
        with caplog.at_level(logging.WARNING, logger="sifa.security"):
            response = api(token.key).get(URL)
        assert response.status_code == 401
        assert response.json()["errors"][0]["message"] == tokens.MSG_EXPIRED.format(days=30)
        assert "refused" in caplog.text and token.key not in caplog.text

    def test_lifetime_follows_the_setting(self, section_clerk, settings):
        settings.SIFA_API_TOKEN_DAYS = 7
        token = Token.objects.create(user=section_clerk)
        age(token, 8)
        assert api(token.key).get(URL).json()["errors"][0]["message"] == tokens.MSG_EXPIRED.format(
            days=7
        )

    def test_unknown_token_is_refused_and_logged(self, db, caplog):
        with caplog.at_level(logging.WARNING, logger="sifa.security"):
            response = api("0" * 40, REMOTE_ADDR="10.9.8.7").get(URL)
        assert response.status_code == 401
        assert response.json()["errors"][0]["message"] == tokens.MSG_INVALID
        assert "10.9.8.7" in caplog.text

    def test_malformed_header_is_refused_in_chinese(self, db):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token")
        assert client.get(URL).json()["errors"][0]["message"] == tokens.MSG_BAD_HEADER

    def test_inactive_account(self, section_clerk):
        token = Token.objects.create(user=section_clerk)
        section_clerk.is_active = False
        section_clerk.save()
        assert api(token.key).get(URL).json()["errors"][0]["message"] == tokens.MSG_INACTIVE


@pytest.mark.django_db
class TestUseRecorded:
    def test_first_use_records_time_and_address(self, section_clerk):
        token = Token.objects.create(user=section_clerk)
        api(token.key, REMOTE_ADDR="10.1.2.3").get(URL)
        use = TokenUse.objects.get(token=token)
        assert use.last_used_from == "10.1.2.3"
        assert timezone.now() - use.last_used_at < dt.timedelta(minutes=1)

    def test_client_address_behind_the_proxy(self, section_clerk, settings):
        settings.SIFA_TRUSTED_PROXIES = ["127.0.0.1"]
        token = Token.objects.create(user=section_clerk)
        api(token.key, HTTP_X_FORWARDED_FOR="203.0.113.5").get(URL)
        assert TokenUse.objects.get(token=token).last_used_from == "203.0.113.5"

    def test_written_at_most_once_a_minute(self, section_clerk, django_assert_num_queries):
        token = Token.objects.create(user=section_clerk)
        client = api(token.key, REMOTE_ADDR="10.1.2.3")
        client.get(URL)
        first = TokenUse.objects.get(token=token).last_used_at
        client.get(URL)
        assert TokenUse.objects.get(token=token).last_used_at == first
        TokenUse.objects.filter(token=token).update(last_used_at=first - dt.timedelta(minutes=2))
        client.get(URL)
        assert TokenUse.objects.get(token=token).last_used_at > first

    def test_new_address_is_recorded_at_once(self, section_clerk):
        token = Token.objects.create(user=section_clerk)
        api(token.key, REMOTE_ADDR="10.1.2.3").get(URL)
        api(token.key, REMOTE_ADDR="10.1.2.4").get(URL)
        assert TokenUse.objects.get(token=token).last_used_from == "10.1.2.4"


@pytest.mark.django_db
class TestCommand:
    def test_create_prints_the_key_and_replaces_the_old_one(self, section_clerk, capsys):
        old = Token.objects.create(user=section_clerk)
        call_command("token", "create", section_clerk.username)
        key = capsys.readouterr().out.strip()
        assert Token.objects.get(user=section_clerk).key == key != old.key
        assert api(old.key).get(URL).status_code == 401
        assert api(key).get(URL).status_code == 200

    def test_revoke(self, section_clerk, capsys):
        token = Token.objects.create(user=section_clerk)
        call_command("token", "revoke", section_clerk.username)
        assert "已撤销" in capsys.readouterr().out
        assert not Token.objects.filter(user=section_clerk).exists()
        assert api(token.key).get(URL).json()["errors"][0]["message"] == tokens.MSG_INVALID

    def test_revoke_without_token_and_unknown_user(self, section_clerk):
        with pytest.raises(CommandError, match="没有令牌"):
            call_command("token", "revoke", section_clerk.username)
        with pytest.raises(CommandError, match="没有账号"):
            call_command("token", "create", "nobody")

    def test_list(self, section_clerk, capsys):
        token = Token.objects.create(user=section_clerk)
        call_command("token", "list")
        out = capsys.readouterr().out
        assert section_clerk.username in out and "有效" in out and "从未使用" in out
        assert token.key not in out


@pytest.mark.django_db
class TestAdmin:
    def test_list_shows_state_and_use_without_the_key(self, client, admin_user, section_clerk):
        token = Token.objects.create(user=section_clerk)
        api(token.key, REMOTE_ADDR="10.1.2.3").get(URL)
        login_verified(client, admin_user)  # administrators pass the two-factor step
        page = client.get("/admin/api/apitoken/").content.decode()
        assert section_clerk.username in page and "10.1.2.3" in page and "有效" in page
        assert token.key not in page

    def test_add_issues_a_token_shown_once(self, client, admin_user, section_clerk):
        login_verified(client, admin_user)  # administrators pass the two-factor step
        response = client.post("/admin/api/apitoken/add/", {"user": section_clerk.pk}, follow=True)
        key = Token.objects.get(user=section_clerk).key
        assert key in response.content.decode()
        assert api(key).get(URL).status_code == 200

    def test_revoke_action(self, client, admin_user, section_clerk):
        token = Token.objects.create(user=section_clerk)
        login_verified(client, admin_user)  # administrators pass the two-factor step
        client.post(
            "/admin/api/apitoken/",
            {"action": "revoke_selected", "_selected_action": [section_clerk.pk]},
        )
        assert not Token.objects.filter(pk=token.pk).exists()

    def test_only_the_administrator(self, client, bureau_leader, section_clerk):
        client.force_login(bureau_leader)
        response = client.get("/admin/api/apitoken/")
        assert response.status_code == 302 and response["Location"] == "/"
        client.post("/admin/api/apitoken/add/", {"user": section_clerk.pk})
        assert not Token.objects.filter(user=section_clerk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "security", "auditor"])
def test_administrators_get_no_token_and_cannot_use_one(make_user, role):
    """A token would sign an administrator in past the two-factor step (三员分立)."""
    from django.core.exceptions import PermissionDenied

    user = make_user(role)
    with pytest.raises(PermissionDenied):
        tokens.issue(user)
    with pytest.raises(CommandError, match="管理员账号不能使用数据接口令牌"):
        call_command("token", "create", user.username)
    token = Token.objects.create(user=user)  # one made before the rule, or by hand
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    resp = client.get("/api/core/activity/")
    assert resp.status_code == 401
    assert resp.json()["errors"][0]["message"] == tokens.MSG_ADMINISTRATOR
