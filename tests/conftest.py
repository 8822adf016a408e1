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

from demo_archive import Snapshot, build_days, copy_snapshot  # noqa: E402  (tests/ is on sys.path)

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


# The demo archive, built once per session (tests/demo_archive.py): each day builds on a copy of
# the day before, so that every snapshot stays as it was built. Modules take a copy of one.
@pytest.fixture(scope="session")
def demo_day1(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str, demo_server: dict) -> Snapshot:
    """Day 1 of the demo through the DAG (never changed: copy it with ``copy_demo_archive``)."""
    first = Snapshot(tmp_path_factory.mktemp("golden-day1"), "arshif-golden-day1")
    return build_days(first, (1,), s3_endpoint)


@pytest.fixture(scope="session")
def demo_days12(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str, demo_day1: Snapshot) -> Snapshot:
    """Days 1 and 2 of the demo: day 2 run on a copy of ``demo_day1``."""
    return _day_on_top(tmp_path_factory, s3_endpoint, demo_day1, 2, "days12")


@pytest.fixture(scope="session")
def demo_days123(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str, demo_days12: Snapshot) -> Snapshot:
    """Days 1, 2 and 3 of the demo: day 3 run on a copy of ``demo_days12``."""
    return _day_on_top(tmp_path_factory, s3_endpoint, demo_days12, 3, "days123")


def _day_on_top(tmp_path_factory, s3_endpoint: str, base: Snapshot, day: int, name: str) -> Snapshot:
    home, bucket = tmp_path_factory.mktemp(f"golden-{name}"), f"arshif-golden-{name}"
    copy_snapshot(base, home, s3_endpoint, bucket)
    return build_days(Snapshot(home, bucket, base.runs, base.requests), (day,), s3_endpoint)


@pytest.fixture(scope="session")
def demo_days12_hostile(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str,
                        demo_days12: Snapshot) -> Snapshot:
    """Days 1 and 2, then day 3's date crawled from tests/serve/hostile_site.py (a page with a
    malicious title and script): the archive of the serve and UI tests. ``extra["hostile"]`` is
    that page's URL."""
    from arshif_cli import run_hostile_day

    if str(ROOT / "tests" / "serve") not in sys.path:  # as tests/ui/test_ui.py imports it
        sys.path.insert(0, str(ROOT / "tests" / "serve"))
    from hostile_site import HostileSite

    home, bucket = tmp_path_factory.mktemp("golden-hostile"), "arshif-golden-hostile"
    env = copy_snapshot(demo_days12, home, s3_endpoint, bucket)
    with HostileSite() as site:
        run_hostile_day(env, home, site)
    return Snapshot(home, bucket, demo_days12.runs, demo_days12.requests, {"hostile": site.article})


@pytest.fixture(scope="session")
def copy_demo_archive(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str):
    """``copy(snapshot, bucket) -> (env, home)``: a copy of a session's demo archive for one
    module, in a new home and in ``bucket`` (a bucket of the module's own), to change at will."""

    def copy(snapshot: Snapshot, bucket: str) -> tuple[dict, Path]:
        home = tmp_path_factory.mktemp(bucket.removeprefix("arshif-") + "-home")
        return copy_snapshot(snapshot, home, s3_endpoint, bucket), home

    return copy
