"""Refuses requests to addresses a crawl must not reach, before any connection is made.

Private, loopback, link-local and other special ranges are refused unless the sites file
allows them (``allow_private_addresses``); arshif's own services (its S3 endpoint, the Airflow
API) are refused always, allowed or not. Redirects come back through ``process_request``, so
a redirect to such an address is refused too.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
PROTECTED_ENV = "ARSHIF_PROTECTED_ENDPOINTS"


class BlockedAddress(IgnoreRequest):
    """The destination is not one a crawl may reach."""


def is_special(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


@lru_cache(maxsize=4096)
def resolve(host: str) -> tuple[str, ...]:
    try:
        return (str(ipaddress.ip_address(host.strip("[]"))),)
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return tuple(sorted({info[4][0] for info in infos}))


class AddressPolicy:
    """The decision alone, testable without a crawler."""

    def __init__(self, allow: bool | list[str], protected: list[str]) -> None:
        self.allow_all = allow is True
        self.allowed_networks = []
        self.allowed_hosts: set[str] = set()
        for entry in allow if isinstance(allow, list) else []:
            try:
                self.allowed_networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.allowed_hosts.add(entry.lower())
        self.protected: set[tuple[str, int]] = set()
        for endpoint in protected:
            parts = urlsplit(endpoint if "//" in endpoint else f"//{endpoint}")
            if parts.hostname and parts.port:
                for ip in resolve(parts.hostname):
                    self.protected.add((ip, parts.port))

    def check(self, url: str) -> None:
        """Raise ``BlockedAddress`` with the reason, or return when the URL may be fetched."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            raise BlockedAddress(f"no host in {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = resolve(host)
        except OSError as exc:
            raise BlockedAddress(f"cannot resolve {host}: {exc}") from exc
        for ip in addresses:
            if (ip, port) in self.protected:
                raise BlockedAddress(f"{host}:{port} is one of arshif's own services; never crawled")
            address = ipaddress.ip_address(ip)
            if is_special(address) and not self._allowed(host, port, address):
                raise BlockedAddress(
                    f"{host} resolves to {ip}, a private or special address; "
                    "list it in allow_private_addresses to crawl it"
                )

    def _allowed(self, host: str, port: int, address: Address) -> bool:
        if self.allow_all:
            return True
        if host in self.allowed_hosts or f"{host}:{port}" in self.allowed_hosts:
            return True
        return any(address in network for network in self.allowed_networks)


class AddressGuardMiddleware:
    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler) -> AddressGuardMiddleware:
        allow = crawler.settings.get("ARSHIF_ALLOW_PRIVATE", False)
        protected = [e for e in os.environ.get(PROTECTED_ENV, "").split(",") if e.strip()]
        protected += crawler.settings.getlist("ARSHIF_PROTECTED_ENDPOINTS")
        return cls(AddressPolicy(allow, protected))

    def process_request(self, request: Request) -> None:
        self.policy.check(request.url)
