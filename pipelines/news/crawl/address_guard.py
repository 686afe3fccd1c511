"""Refuse to fetch from private, loopback and link-local addresses (SSRF guard).

A sitemap or a redirect can point anywhere, including at services inside our own network
(cloud metadata at 169.254.169.254, an admin port on 127.0.0.1). Every URL is resolved and
each address checked before any connection is made. Hosts of sources marked ``local`` in the
registry (the demo site) are exempt. Limitation: the name is resolved again when connecting, so
a DNS answer that changes between the two lookups (DNS rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def refused_address(address: str) -> str | None:
    """Why ``address`` may not be fetched from, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("unspecified", ip.is_unspecified),
    ):
        if flag:
            return f"{kind} address {address}"
    return None


class AddressGuard:
    def __init__(self, local_netlocs: Iterable[str] = (), resolver: Resolver = resolve) -> None:
        # netloc = host[:port] of sources explicitly marked local in the registry.
        self.local_netlocs = frozenset(n.lower() for n in local_netlocs)
        self._resolver = resolver

    def refusal(self, url: str) -> str | None:
        """None if ``url`` may be fetched, else the reason it may not."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme or 'missing'!r} is not fetched"
        if not parts.hostname:
            return "URL has no host"
        if parts.netloc.lower() in self.local_netlocs:
            return None
        try:
            addresses = self._resolver(parts.hostname, parts.port or 443)
        except (OSError, UnicodeError) as error:
            return f"cannot resolve {parts.hostname}: {error}"
        for address in addresses:
            reason = refused_address(address)
            if reason:
                return f"refused: {parts.hostname} resolves to a {reason}"
        return None
