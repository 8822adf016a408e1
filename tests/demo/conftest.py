"""Fixtures of the demo network's tests: the real server on loopback and a plain HTTP client."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from arshif.demo import ensure_running, set_day, status, stop

Fetch = Callable[..., tuple[int, dict[str, str], bytes]]


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The demo server, started for the session (or the one already running, reused).

    A server someone else runs (`make demo`, the e2e tests) is put back on the day it served;
    only a server this session started is stopped.
    """
    home = tmp_path_factory.mktemp("demo-home")
    before = status()
    ensure_running(home, day=1)
    try:
        yield status() or {}
    finally:
        if before:
            set_day(before["day"])
        stop(home)


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
