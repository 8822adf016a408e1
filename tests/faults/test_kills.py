"""Kills and outages on a one-site mini network (gulf-wire of the demo network), days 1 and 2
through the DAG (`arshif run --sites`), each process killed with SIGKILL at a fault point
(arshif/faults.py), then the same date run again.

After each: nothing committed is lost, nothing is archived twice, `arshif verify` is clean, and
the catalog equals that of an undisturbed run of the same days (per capture: run, URL,
canonical URL, payload digest, kind, version, and which captures share a story cluster).
docs/reliability.md, "Faults", lists the cases.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from arshif_cli import archive_env, arshif
from faults_mini import SITE, one_site_file

from arshif.catalog import Catalog
from arshif.demo import DAY_DATES, set_day
from arshif.demo.launcher import clear_requests_log, requests_log
from storage import seaweedfs
from storage.s3 import ObjectStore

pytestmark = pytest.mark.slow
RUN_TIMEOUT = 600  # generous: one site, ~30 pages; a stuck run fails the test instead of hanging


def run_day(env: dict, sites: Path, day: int, fault: str | None = None, **extra: str):
    """`arshif run` of one demo day; with a fault it must fail (the process was killed)."""
    set_day(day)
    run_env = {**env, **extra}
    if fault:
        run_env["ARSHIF_FAULT"] = fault
    result = arshif(run_env, "run", "--sites", str(sites), "--date", DAY_DATES[day].isoformat(),
                    check=not fault, timeout=RUN_TIMEOUT)
    if fault:
        assert result.returncode == 1, (result.stdout[-2000:], result.stderr[-2000:])
    return result


def essentials(home: Path) -> Counter:
    """What must not differ from an undisturbed run: one entry per capture (a Counter, so that a
    capture archived twice shows), clusters as the set of articles they gather (ids may differ)."""
    catalog = Catalog(home / "catalog.sqlite")
    rows = [dict(r) for r in catalog.db.execute(
        "SELECT run_key, url, canonical_url, digest, kind, version, change, cluster FROM captures")]
    catalog.close()
    members: dict[str, set[str]] = {}
    for row in rows:
        if row["cluster"]:
            members.setdefault(row["cluster"], set()).add(row["canonical_url"])
    return Counter((r["run_key"], r["url"], r["canonical_url"], r["digest"], r["kind"], r["version"],
                    r["change"], tuple(sorted(members[r["cluster"]])) if r["cluster"] else None)
                   for r in rows)


def archived_keys(store: ObjectStore) -> set[str]:
    return {i.key for prefix in ("warc/", "cdxj/", "captures/") for i in store.list(prefix)} | {
        i.key for i in store.list("runs/") if i.key.endswith("/manifest.json")}


def assert_like_undisturbed(env: dict, home: Path, bucket: str, baseline: dict) -> None:
    verify = arshif(env, "verify", check=False, timeout=RUN_TIMEOUT)
    assert verify.returncode == 0, verify.stdout[-3000:] + verify.stderr[-2000:]
    got = essentials(home)
    assert got == baseline["essentials"], (
        f"missing: {baseline['essentials'] - got}\nextra: {got - baseline['essentials']}")
    store = ObjectStore(env["ARSHIF_S3_ENDPOINT"], bucket) if env.get("ARSHIF_S3_ENDPOINT") else None
    if store is not None:
        assert archived_keys(store) == baseline["keys"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    return one_site_file(tmp_path_factory.mktemp("faults-sites"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, s3_endpoint, demo_server, sites) -> dict:
    """Days 1 and 2, undisturbed, into a bucket of their own."""
    home = tmp_path_factory.mktemp("faults-baseline")
    env = archive_env(home, s3_endpoint, "faults-baseline")
    for day in (1, 2):
        run_day(env, sites, day)
    found = essentials(home)
    assert {key[0] for key in found} == {"20261128T000000Z", "20261129T000000Z"}
    assert sum(1 for key in found if key[6] == "new") >= 24 + 6
    return {"essentials": found, "keys": archived_keys(ObjectStore(s3_endpoint, "faults-baseline"))}


def fresh(tmp_path: Path, s3_endpoint: str, bucket: str) -> tuple[dict, Path]:
    home = tmp_path / "home"
    return archive_env(home, s3_endpoint, bucket), home


def test_crawl_killed_mid_crawl_then_dedupe_killed_mid_way(tmp_path, s3_endpoint, baseline, sites):
    """Day 1: the crawl subprocess dies after 5 pages (nothing staged: the next run crawls
    again). Day 2: the dedupe task dies half-way through the site's captures (the near-copy
    index has some of them already; no verdicts were written).

    Slow by nature: four DAG runs (two killed, two completing), and the module's undisturbed
    baseline (two more) in its setup; a kill can only be tested by running the process."""
    env, home = fresh(tmp_path, s3_endpoint, "faults-crawl-dedupe")
    store = ObjectStore(s3_endpoint, "faults-crawl-dedupe")
    run_day(env, sites, 1, fault="crawl:after-pages=5")
    assert not any(store.list("staging/")) and not store.exists(f"runs/20261128T000000Z/{SITE}/manifest.json")
    run_day(env, sites, 1)
    run_day(env, sites, 2, fault="dedupe:mid")
    assert store.exists(f"staging/20261129T000000Z/{SITE}/_SUCCESS.json")
    assert not store.exists(f"staging/20261129T000000Z/{SITE}/verdicts.jsonl")
    clear_requests_log()
    run_day(env, sites, 2)
    assert not requests_log(), "the staged crawl was fetched again"
    assert_like_undisturbed(env, home, "faults-crawl-dedupe", baseline)


def test_archive_killed_after_the_warc_and_before_the_manifest(tmp_path, s3_endpoint, baseline, sites):
    """Day 1: the archive task dies right after the WARC object; day 2: after every object but
    before the manifest. The run again rewrites the same objects (found as already there) and
    commits. Slow by nature: four DAG runs, two of them killed."""
    env, home = fresh(tmp_path, s3_endpoint, "faults-archive")
    store = ObjectStore(s3_endpoint, "faults-archive")
    run_day(env, sites, 1, fault="archive:after-warc")
    assert [i.key for i in store.list("warc/")] and not any(store.list("captures/"))
    assert not store.exists(f"runs/20261128T000000Z/{SITE}/manifest.json")
    incomplete = arshif(env, "verify", check=False)
    assert incomplete.returncode == 1 and "incomplete" in incomplete.stdout + incomplete.stderr
    run_day(env, sites, 1)
    run_day(env, sites, 2, fault="archive:before-manifest")
    assert [i.key for i in store.list("captures/2026/11/29/")]
    assert not store.exists(f"runs/20261129T000000Z/{SITE}/manifest.json")
    run_day(env, sites, 2)
    assert_like_undisturbed(env, home, "faults-archive", baseline)


@pytest.fixture
def own_store(tmp_path):
    """A SeaweedFS of this test's own under its ARSHIF_HOME (the one `arshif run` starts there),
    so that killing it leaves the session's store alone."""
    home = tmp_path / "home"
    embedded = seaweedfs.start(home)
    try:
        yield home, embedded
    finally:
        seaweedfs.stop(home, timeout=1)


def test_seaweedfs_killed_mid_upload_the_crawl_waits_in_the_spool(own_store, baseline, sites):
    """Day 2: SeaweedFS is killed after the crawl's WARC is staged and before the rest. Staging
    gives up after bounded retries, the crawl is kept in the spool, the run fails saying so and
    where; the next run (which starts SeaweedFS again) stages the spool without fetching
    anything, and archives the day. Slow by nature: four DAG runs, one waiting out the bounded
    retries of staging against a dead store."""
    home, embedded = own_store
    env = {**os.environ, "ARSHIF_HOME": str(home), "ARSHIF_BUCKET": "faults-s3",
           "ARSHIF_STAGE_ATTEMPTS": "2"}
    for name in ("ARSHIF_S3_ENDPOINT", "ARSHIF_INDEX_URL"):
        env.pop(name, None)
    run_day(env, sites, 1)
    failed = run_day(env, sites, 2, fault="staging:mid-upload", ARSHIF_FAULT_KILL_PID=str(embedded.pid))
    spooled = home / "spool" / "20261129T000000Z" / SITE
    assert (spooled / "spool.json").is_file() and (spooled / "capture-00000.warc.gz").is_file()
    message = f"S3 unavailable: {len(list(_captures(spooled)))} captures kept in {spooled}, the next run uploads them"
    assert message in failed.stdout, failed.stdout[-3000:]
    assert seaweedfs.status(home) is None  # it stayed down

    clear_requests_log()
    again = run_day(env, sites, 2)
    assert not requests_log(), "the spooled crawl was fetched again"
    assert not spooled.exists()
    assert "archived" in again.stdout
    endpoint = seaweedfs.status(home)["endpoint"]
    store = ObjectStore(endpoint, "faults-s3")
    attempts = {i.key.split("/")[3] for i in store.list(f"staging/20261129T000000Z/{SITE}/") if i.key.count("/") > 3}
    assert len(attempts) == 1  # the upload resumed under the attempt it had begun
    assert archived_keys(store) == baseline["keys"]
    assert_like_undisturbed({**env, "ARSHIF_S3_ENDPOINT": endpoint}, home, "faults-s3", baseline)


def _captures(folder: Path):
    for line in (folder / "items.jsonl").read_text(encoding="utf-8").splitlines():
        if '"type": "capture"' in line:
            yield line
