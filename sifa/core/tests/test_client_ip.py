"""The client address behind a reverse proxy: believed only from a trusted proxy."""

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory, override_settings

from sifa.core import registry
from sifa.core.client_ip import client_ip, resolve
from sifa.core.models import Activity, ActivityType
from sifa.workspace.links import page_url

NGINX = "10.0.0.2"


@pytest.fixture
def behind_nginx(settings):
    settings.SIFA_TRUSTED_PROXIES = [NGINX]


@override_settings(SIFA_TRUSTED_PROXIES=[])
def test_no_trusted_proxy_means_remote_addr_only():
    assert resolve("127.0.0.1", "203.0.113.5") == "127.0.0.1"


@pytest.mark.usefixtures("behind_nginx")
class TestResolve:
    def test_forwarded_for_from_the_trusted_proxy(self):
        assert resolve(NGINX, "203.0.113.5") == "203.0.113.5"

    def test_spoofed_header_from_an_untrusted_address_is_ignored(self):
        assert resolve("198.51.100.7", "203.0.113.5") == "198.51.100.7"

    def test_client_written_entries_left_of_the_real_client_are_ignored(self):
        # nginx appends the address it saw: "what the client wrote, the client"
        assert resolve(NGINX, "1.2.3.4, 203.0.113.5") == "203.0.113.5"

    def test_malformed_entry_stops_at_the_proxy(self):
        assert resolve(NGINX, "not-an-address") == NGINX

    def test_ports_and_mapped_addresses(self):
        assert resolve(NGINX, "203.0.113.5:4711") == "203.0.113.5"
        assert resolve(NGINX, "[2001:db8::1]:443") == "2001:db8::1"
        assert resolve("::ffff:10.0.0.2", "203.0.113.5") == "203.0.113.5"

    def test_no_header(self):
        assert resolve(NGINX, None) == NGINX


@override_settings(SIFA_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_chain_of_trusted_proxies_given_as_a_network():
    assert resolve("10.0.0.2", "203.0.113.5, 10.0.0.9") == "203.0.113.5"


@override_settings(SIFA_TRUSTED_PROXIES=[NGINX])
def test_client_ip_of_a_request():
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "203.0.113.5"


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_nginx")
class TestRecordedAddress:
    def _add_activity(self, client, village_a, **extra):
        lecture = ActivityType.objects.get(code="lecture")
        response = client.post(
            page_url(registry.get(Activity), "create"),
            {
                "type": lecture.pk,
                "date": "2022-05-10",
                "region": village_a.pk,
                "title": "村民法治讲座",
                "quantities": '{"attendees": 40}',
                "theme": "",
                "note": "",
            },
            **extra,
        )
        assert response.status_code == 302, response.context["form"].errors
        act = Activity.objects.get(title="村民法治讲座")
        return LogEntry.objects.get_for_object(act).get()

    def test_audit_log_records_the_client_behind_the_proxy(self, client, township_clerk, village_a):
        client.force_login(township_clerk)
        entry = self._add_activity(
            client, village_a, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
        assert entry.remote_addr == "203.0.113.5"

    def test_audit_log_ignores_a_spoofed_header(self, client, township_clerk, village_a):
        client.force_login(township_clerk)
        entry = self._add_activity(
            client, village_a, REMOTE_ADDR="192.168.8.20", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
        assert entry.remote_addr == "192.168.8.20"


@override_settings(SIFA_TRUSTED_PROXIES=[NGINX])
def test_middleware_gives_every_later_reader_of_remote_addr_the_client():
    """Code that reads META["REMOTE_ADDR"] (exports, API read rows) sees the client too."""
    from django.http import HttpResponse

    from sifa.core.client_ip import ClientAddressMiddleware

    seen = {}

    def view(request):
        seen.update(addr=request.META["REMOTE_ADDR"], peer=request.META["SIFA_PEER_ADDR"])
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.5")
    ClientAddressMiddleware(view)(request)
    assert seen == {"addr": "203.0.113.5", "peer": NGINX}


def test_middleware_is_first_and_auditlog_uses_ours(settings):
    assert settings.MIDDLEWARE[0] == "sifa.core.client_ip.ClientAddressMiddleware"
    assert "auditlog.middleware.AuditlogMiddleware" not in settings.MIDDLEWARE
    assert settings.AXES_CLIENT_IP_CALLABLE == "sifa.core.client_ip.client_ip"
