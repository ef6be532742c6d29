"""The client's address, the same everywhere it is recorded (lockout, audit log, access rows).

Behind nginx every request arrives from the proxy's own address; the client's is in
X-Forwarded-For, which nginx appends to (`proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for;`). That header is believed only when the request comes from a
proxy listed in SIFA_TRUSTED_PROXIES (addresses or networks); anyone else could write it.
The list is read from the right: each hop is added by the one after it, so the first address
that is not a trusted proxy is the client. A malformed entry stops the walk at the proxy
that passed it on. With no trusted proxies (the default) the address is REMOTE_ADDR.
`ClientAddressMiddleware` writes the result back to REMOTE_ADDR for every later reader.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "SIFA_TRUSTED_PROXIES", ())))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1 and "." in value:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in net for net in networks)


def resolve(remote_addr: str | None, forwarded_for: str | None) -> str | None:
    """The client address for a connection from `remote_addr` carrying `forwarded_for`."""
    peer = _parse(remote_addr or "")
    if peer is None:
        return remote_addr or None
    networks = trusted_proxies()
    if not forwarded_for or not _trusted(peer, networks):
        return str(peer)
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _parse(hop)
        if address is None:
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_ip(request: HttpRequest) -> str | None:
    """The client address of `request` (cached on it); AXES_CLIENT_IP_CALLABLE points here."""
    cached = getattr(request, "_sifa_client_ip", None)
    if cached is not None:
        return cached
    meta = getattr(request, "META", {}) or {}
    address = resolve(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"))
    try:
        request._sifa_client_ip = address  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return address


class ClientAddressMiddleware:
    """First in MIDDLEWARE: resolves the address once and writes it to REMOTE_ADDR.

    Code that reads request.META["REMOTE_ADDR"] then sees the client, not the proxy; the
    connection's own address stays in META["SIFA_PEER_ADDR"].
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR")
        address = client_ip(request)
        request.META["SIFA_PEER_ADDR"] = peer
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class AuditlogMiddleware(_AuditlogMiddleware):
    """auditlog's middleware, but the address is `client_ip` (auditlog believes any header)."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:  # type: ignore[misc]  # set by auditlog.conf
            return None
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request) -> int | None:
        return None
