"""Two-factor login: required for the three administrators, optional for everyone else."""

import re

import pytest
from auditlog.models import LogEntry
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.accounts.twofactor import BACKUP_CODES, MSG_WRONG_CODE
from sifa.auditchain.chain import verify

PASSWORD = "pw-test-123"


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def password_login(client, user, next_url="/"):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(next_url)


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="备用码", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    return device


@pytest.mark.django_db
class TestAdministratorsMustEnrol:
    @pytest.mark.parametrize("role", ["admin", "security", "auditor"])
    def test_password_alone_leads_to_enrolment_only(self, client, make_user, role):
        user = make_user(role)
        response = password_login(client, user, "/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-factor/enrol/")
        for path in ("/", "/admin/accounts/user/", "/account/two-factor/", "/admin/"):
            assert client.get(path)["Location"].startswith("/account/two-factor/enrol/")

    def test_enrolment_shows_qr_and_secret_then_backup_codes_once(self, client, admin_user):
        password_login(client, admin_user)
        page = client.get("/account/two-factor/enrol/").content.decode()
        assert "<svg" in page and "扫描" in page and "确认绑定" in page
        assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
            "http://www.w3.org", ""
        )  # inline, nothing fetched
        secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1)
        device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
        from base64 import b32encode

        assert secret.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
        # a wrong code is refused
        response = client.post("/account/two-factor/enrol/", {"code": "000000"})
        if code_for(device) == "000000":  # pragma: no cover - one chance in a million
            return
        assert MSG_WRONG_CODE in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        device.throttling_failure_count = 0  # the test does not wait out the throttle
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post("/account/two-factor/enrol/", {"code": code_for(device)})
        assert response["Location"] == "/account/two-factor/backup-codes/"
        page = client.get("/account/two-factor/backup-codes/").content.decode()
        codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
        assert len(codes) == BACKUP_CODES
        assert client.get("/account/two-factor/backup-codes/").status_code == 302  # once only
        assert client.get("/admin/accounts/user/").status_code == 200  # now verified
        assert LogEntry.objects.filter(additional_data__what="开启两步验证").exists()
        assert verify().broken is None

    def test_administrator_cannot_turn_it_off(self, client, admin_user):
        device = enrolled(admin_user)
        password_login(client, admin_user)
        client.post("/account/verify/", {"code": code_for(device)})
        page = client.get("/account/two-factor/").content.decode()
        assert "不能关闭" in page
        client.post("/account/two-factor/", {"code": "abcd2345"})
        assert TOTPDevice.objects.filter(user=admin_user).exists()


@pytest.mark.django_db
class TestCodeAtLogin:
    def test_wrong_code_is_refused(self, client, admin_user):
        device = enrolled(admin_user)
        response = password_login(client, admin_user, "/admin/")
        assert response["Location"].startswith("/account/verify/")
        wrong = "123456" if code_for(device) != "123456" else "654321"
        response = client.post("/account/verify/", {"code": wrong})
        assert MSG_WRONG_CODE in response.content.decode()
        assert client.get("/admin/")["Location"].startswith("/account/verify/")

    def test_right_totp_code_logs_in(self, client, admin_user):
        device = enrolled(admin_user)
        password_login(client, admin_user)
        response = client.post(
            "/account/verify/", {"code": code_for(device), "next": "/admin/accounts/user/"}
        )
        assert response["Location"] == "/admin/accounts/user/"
        assert client.get("/admin/accounts/user/").status_code == 200

    def test_backup_code_works_once(self, client, admin_user):
        enrolled(admin_user)
        password_login(client, admin_user)
        assert client.post("/account/verify/", {"code": "ABCD 2345"}).status_code == 302
        assert client.get("/admin/accounts/user/").status_code == 200
        client.post("/logout/")
        password_login(client, admin_user)
        response = client.post("/account/verify/", {"code": "abcd2345"})
        assert MSG_WRONG_CODE in response.content.decode()

    def test_wrong_codes_count_as_failed_logins(self, client, admin_user, settings):
        device = enrolled(admin_user)
        device.throttle_factor = 0
        password_login(client, admin_user)
        wrong = "123456" if code_for(device) != "123456" else "654321"
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
            response = client.post("/account/verify/", {"code": wrong})
        assert response.status_code in (403, 429)
        assert "锁定" in response.content.decode()
        # signed out, and the password no longer gets through either
        assert client.get("/")["Location"].startswith("/login/")
        response = client.post("/login/", {"username": admin_user.username, "password": PASSWORD})
        assert response.status_code in (403, 429)


@pytest.mark.django_db
class TestOptionalForOthers:
    def test_clerk_logs_in_without_two_factor(self, client, township_clerk):
        response = password_login(client, township_clerk)
        assert response.status_code == 200
        assert "两步验证" in response.content.decode()  # the link to turn it on

    def test_clerk_turns_it_on_then_needs_a_code_then_turns_it_off(self, client, township_clerk):
        password_login(client, township_clerk)
        page = client.get("/account/two-factor/").content.decode()
        assert "尚未开启" in page
        client.get("/account/two-factor/enrol/")
        device = TOTPDevice.objects.get(user=township_clerk)
        client.post("/account/two-factor/enrol/", {"code": code_for(device)})
        client.post("/logout/")
        response = password_login(client, township_clerk)
        assert response["Location"].startswith("/account/verify/")
        device.refresh_from_db()
        # the enrolment used this time step's code: the next one is due in the next step
        assert client.post("/account/verify/", {"code": code_for(device, 1)}).status_code == 302
        assert client.get("/").status_code == 200
        codes_left = StaticToken.objects.filter(device__user=township_clerk).first().token
        client.post("/account/two-factor/", {"code": codes_left})
        assert not TOTPDevice.objects.filter(user=township_clerk).exists()
        assert "尚未开启" in client.get("/account/two-factor/").content.decode()


@pytest.mark.django_db
def test_security_admin_resets_a_lost_device(client, make_user, township_clerk):
    from sifa.accounts.testing import login_verified

    enrolled(township_clerk)
    security = make_user("security")
    login_verified(client, security)
    client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [township_clerk.pk]},
    )
    assert not TOTPDevice.objects.filter(user=township_clerk).exists()
    assert LogEntry.objects.filter(actor=security, additional_data__what="重置两步验证").exists()


@pytest.mark.django_db
def test_totp_helper_matches_django_otp(make_user):
    device = TOTPDevice.objects.create(
        user=make_user("leader"), name="测试", key="3132333435363738393031323334353637383930"
    )
    assert device.verify_is_allowed()[0]
    assert len(code_for(device)) == 6
    assert device.verify_token(code_for(device))  # django-otp accepts the code it computes
