"""Fixtures of the demo network's tests: the real server on loopback and a plain HTTP client."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

Fetch = Callable[..., tuple[int, dict[str, str], bytes]]


@pytest.fixture(scope="session")
def fetch() -> Fetch:
    """GET (or HEAD) a URL with http.client: no proxy, no redirect following.

    The body comes back with gzip undone unless `raw` is set.
    """

    def get(url: str, headers: dict[str, str] | None = None, method: str = "GET", raw=False):
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, target, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            found = {k.lower(): v for k, v in response.getheaders()}
            if not raw and found.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, found, body
        finally:
            connection.close()

    return get
