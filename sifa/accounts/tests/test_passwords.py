"""Password policy and the county's password expiry."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from sifa.accounts import passwords
from sifa.accounts.models import User
from sifa.core.models import CountyProfile, PasswordChange

OLD = "pw-test-123"
GOOD = "Qiaodong#Tiaojie7"


def refusals(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def someone(username="zhangsan"):
    return User(username=username, display_name="张三")


class TestPolicy:
    @pytest.mark.parametrize("password", ["zhangsan1", "shifa2022", "Sifa-demo-2022"])
    def test_reported_passwords_are_refused(self, password):
        assert refusals(password, someone())

    def test_zhangsan1_is_short_simple_and_the_user_name(self):
        messages = refusals("zhangsan1", someone())
        assert passwords.MSG_TOO_SHORT.format(n=10) in messages
        assert passwords.MSG_TOO_SIMPLE in messages
        assert passwords.MSG_CONTAINS_USERNAME in messages

    def test_shifa2022_is_short_simple_and_common(self):
        messages = refusals("shifa2022", someone("lisi"))
        assert passwords.MSG_TOO_SHORT.format(n=10) in messages
        assert passwords.MSG_COMMON in messages

    def test_demo_password_is_refused_although_long_and_mixed(self):
        assert refusals("Sifa-demo-2022", someone("lisi")) == [passwords.MSG_DEMO]

    def test_configured_demo_password_is_refused(self, monkeypatch):
        monkeypatch.setenv("SIFA_DEMO_PASSWORD", "Anlan-Yanshi-88")
        assert refusals("Anlan-Yanshi-88", someone("lisi")) == [passwords.MSG_DEMO]

    def test_ten_characters_of_three_classes_pass(self):
        assert refusals("Tiaojie2023", someone("lisi")) == []
        assert refusals(GOOD, someone()) == []

    def test_nine_characters_are_too_short(self):
        assert refusals("Tiaojie23", someone("lisi")) == [passwords.MSG_TOO_SHORT.format(n=10)]

    def test_two_classes_are_too_simple(self):
        assert refusals("tiaojiegongzuo", someone("lisi")) == [passwords.MSG_TOO_SIMPLE]

    def test_common_word_with_digits_and_symbols_is_common(self):
        assert refusals("Password@2024", someone("lisi")) == [passwords.MSG_COMMON]
        assert refusals("Shifaju#2024", someone("lisi")) == [passwords.MSG_COMMON]

    def test_user_name_inside_is_refused(self):
        assert refusals("Zhangsan-2024x", someone()) == [passwords.MSG_CONTAINS_USERNAME]

    def test_similar_to_user_name_is_refused(self):
        messages = refusals("Zhangsxn-20", someone())
        assert messages == [passwords.MSG_SIMILAR.format(what="用户名")]

    def test_help_text_is_chinese(self):
        assert "至少 10 个字符" in passwords.HELP


@pytest.mark.django_db
class TestChangePage:
    def test_change_page_refuses_a_weak_password(self, client, township_clerk):
        client.force_login(township_clerk)
        response = client.post(
            "/password/",
            {"old_password": OLD, "new_password1": "shifa2022", "new_password2": "shifa2022"},
        )
        assert response.status_code == 200
        assert passwords.MSG_COMMON in response.content.decode()

    def test_change_page_takes_a_good_password_and_records_the_time(self, client, township_clerk):
        client.force_login(township_clerk)
        response = client.post(
            "/password/", {"old_password": OLD, "new_password1": GOOD, "new_password2": GOOD}
        )
        assert response.status_code == 302
        township_clerk.refresh_from_db()
        assert township_clerk.check_password(GOOD)
        changed = PasswordChange.objects.get(user=township_clerk).changed_at
        assert timezone.now() - changed < dt.timedelta(minutes=1)

    def test_admin_password_form_uses_the_policy(self, client, admin_user, township_clerk):
        from sifa.accounts.testing import login_verified

        login_verified(client, admin_user)  # past the administrators' two-factor step
        response = client.post(
            f"/admin/accounts/user/{township_clerk.pk}/password/",
            {"password1": "zhangsan1", "password2": "zhangsan1", "usable_password": "true"},
        )
        assert response.status_code == 200
        assert passwords.MSG_TOO_SHORT.format(n=10) in response.content.decode()


def age_password(user, days):
    PasswordChange.objects.update_or_create(
        user=user, defaults={"changed_at": timezone.now() - dt.timedelta(days=days)}
    )


def log_in(client, user, password=OLD):
    return client.post("/login/", {"username": user.username, "password": password})


@pytest.fixture
def expiry_90(county):
    profile = CountyProfile.objects.get(region=county)
    profile.password_max_age_days = 90
    profile.save()
    return profile


@pytest.mark.django_db
class TestExpiry:
    def test_no_expiry_without_a_county_setting(self, client, township_clerk):
        age_password(township_clerk, 1000)
        log_in(client, township_clerk)
        assert client.get("/").status_code == 200

    def test_fresh_password_is_not_expired(self, client, township_clerk, expiry_90):
        age_password(township_clerk, 89)
        log_in(client, township_clerk)
        assert client.get("/").status_code == 200

    def test_expired_password_goes_to_the_change_page(self, client, township_clerk, expiry_90):
        age_password(township_clerk, 90)
        response = log_in(client, township_clerk)
        assert response.status_code == 302
        page = client.get("/", follow=True)
        assert page.redirect_chain[-1][0] == "/password/"
        assert passwords.MSG_EXPIRED.format(days=90) in page.content.decode()
        assert client.get("/admin/").url == "/password/"

    def test_after_changing_it_the_session_goes_on(self, client, township_clerk, expiry_90):
        age_password(township_clerk, 200)
        log_in(client, township_clerk)
        client.post(
            "/password/", {"old_password": OLD, "new_password1": GOOD, "new_password2": GOOD}
        )
        assert client.get("/").status_code == 200
        client.logout()
        log_in(client, township_clerk, GOOD)
        assert client.get("/").status_code == 200

    def test_account_without_a_record_counts_from_date_joined(self, county, expiry_90):
        user = User.objects.create(username="old", role="viewer", region=county)
        User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - dt.timedelta(days=100))
        user.refresh_from_db()
        assert passwords.password_expired(user)


@pytest.mark.django_db
def test_demo_accounts_keep_the_demo_password_without_validation(county, township_a):
    """The demo writes its accounts by code: the published password still logs in."""
    from types import SimpleNamespace

    from sifa.core.demo.county import DEMO_PASSWORD_DEFAULT, TOWNSHIPS, build_accounts

    build_accounts(SimpleNamespace(county=county, townships=[township_a] * len(TOWNSHIPS)))
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD_DEFAULT)
    assert refusals(DEMO_PASSWORD_DEFAULT, User.objects.get(username="admin"))
