"""Fixtures shared by the whole test suite. Add yours below, each with a comment on why.

Tests use real services, never mocks: one SeaweedFS serves every test that needs S3.
"""

from __future__ import annotations

import os
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# pytest puts tests/ on sys.path, and there the folder tests/storage/ (likewise tests/spiders/)
# would be imported as a namespace package in place of the real ``storage``: the editable
# install's finder comes after the path search. The project root first makes the real one win.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from arshif.demo import ensure_running, set_day, status, stop  # noqa: E402
from arshif.demo.launcher import network_lock  # noqa: E402
from storage import seaweedfs  # noqa: E402
from storage.s3 import ObjectStore  # noqa: E402

TEST_BUCKET = "arshif-test"


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The S3 endpoint of the test session: ARSHIF_TEST_S3_ENDPOINT, else one SeaweedFS."""
    external = os.environ.get("ARSHIF_TEST_S3_ENDPOINT")
    if external:
        yield external
        return
    home = tmp_path_factory.mktemp("s3home")
    embedded = seaweedfs.start(home)
    try:
        yield embedded.endpoint_url
    finally:
        # The data is thrown away, so there is no point waiting for a clean (~16 s) shutdown.
        seaweedfs.stop(home, timeout=1)


@pytest.fixture(scope="session")
def _test_bucket(s3_endpoint: str) -> str:
    # One bucket for the whole session: SeaweedFS allocates volumes per bucket.
    ObjectStore(s3_endpoint, TEST_BUCKET).ensure_bucket()
    return TEST_BUCKET


@pytest.fixture
def store(s3_endpoint: str, _test_bucket: str, request: pytest.FixtureRequest) -> ObjectStore:
    """An ObjectStore on the test bucket, below a key prefix of its own for this test."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", request.node.name)[:60]
    return ObjectStore(s3_endpoint, _test_bucket, prefix=f"tests/{name}-{uuid.uuid4().hex[:8]}")


# One demo news network for the session: its addresses are fixed, so there can only be one.
@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The demo server, started for the session (or the one already running, reused).

    A server someone else runs (`make demo`, the e2e tests) is put back on the day it served;
    only a server this session started is stopped. The network has one current day for the
    whole machine, so two test sessions (or a session and `make demo`) must not drive it at
    once: the session holds the network's lock while it uses it; a second one waits for it.
    """
    home = tmp_path_factory.mktemp("demo-home")
    with network_lock():  # the `arshif` commands the tests start inherit it (ARSHIF_DEMO_LOCK_HELD)
        before = status()
        ensure_running(home, day=1)
        try:
            yield {**(status() or {}), "home": home}
        finally:
            if before:
                set_day(before["day"])
            stop(home)
