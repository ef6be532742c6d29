"""Lockout behind nginx: keyed on account and client address, the header believed from nginx only."""

import pytest
from django.test import override_settings

PASSWORD = "pw-test-123"
NGINX = "127.0.0.1"
CLIENT_A = "203.0.113.5"
CLIENT_B = "203.0.113.6"


def attempt(client, username, password, **meta):
    return client.post("/login/", {"username": username, "password": password}, **meta)


def via_proxy(address):
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": address}


@pytest.fixture
def behind_nginx(settings):
    settings.SIFA_TRUSTED_PROXIES = [NGINX]


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_nginx")
class TestBehindProxy:
    def test_five_failures_lock_client_a_not_client_b(self, client, township_clerk):
        user = township_clerk.username
        for _ in range(5):
            attempt(client, user, "wrong-pass", **via_proxy(CLIENT_A))
        locked = attempt(client, user, PASSWORD, **via_proxy(CLIENT_A))
        assert locked.status_code == 429
        other = attempt(client, user, PASSWORD, **via_proxy(CLIENT_B))
        assert other.status_code == 302

    def test_failures_on_one_account_do_not_lock_another(self, client, township_clerk, admin_user):
        for _ in range(5):
            attempt(client, township_clerk.username, "wrong-pass", **via_proxy(CLIENT_A))
        assert (
            attempt(client, admin_user.username, PASSWORD, **via_proxy(CLIENT_A)).status_code == 302
        )

    def test_lockout_is_recorded_with_the_client_address(self, client, township_clerk):
        from axes.models import AccessAttempt

        attempt(client, township_clerk.username, "wrong-pass", **via_proxy(CLIENT_A))
        assert AccessAttempt.objects.get().ip_address == CLIENT_A


@pytest.mark.django_db
@override_settings(SIFA_TRUSTED_PROXIES=["10.0.0.2"])
def test_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(client, township_clerk):
    user = township_clerk.username
    attacker = "198.51.100.7"
    for n in range(5):  # a new invented address each time: still one client
        attempt(
            client, user, "wrong-pass", REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )
    response = attempt(
        client, user, PASSWORD, REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR="192.0.2.200"
    )
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(SIFA_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored(client, township_clerk):
    from axes.models import AccessAttempt

    attempt(client, township_clerk.username, "wrong-pass", **via_proxy(CLIENT_A))
    assert AccessAttempt.objects.get().ip_address == NGINX
