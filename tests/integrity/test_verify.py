"""``arshif verify`` on a real archive: the demo network's day 1 run through the DAG into a
bucket of its own (SeaweedFS), with a re-extraction beside it. The archive passes; then each
kind of damage is made with a raw S3 client on the same endpoint (the store is write-once, so
a changed object is deleted and put again), found and reported with its kind and key and a
non-zero exit, and undone before the next test. The last test stages day 2 for one site
without archiving it (a run that died after crawling), then completes it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from arshif_cli import arshif, stderr_on_a_terminal

from arshif import layout
from arshif.demo import DAY_DATES

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
BUCKET = "arshif-verify"
RUN1, RUN2 = "20261128T000000Z", "20261129T000000Z"
SITES = ("masr-today", "levant-post", "gulf-wire")



@pytest.fixture(scope="module")
def archive(s3_endpoint, demo_day1, copy_demo_archive, demo_server):
    """Day 1 through the DAG (the session's, tests/demo_archive.py, copied), and a re-extraction
    of one site (a text object, a known writer)."""
    env, home = copy_demo_archive(demo_day1, BUCKET)
    runs = demo_day1.runs
    arshif(env, "reextract", "--site", "masr-today", "--run", RUN1)
    from storage.s3 import ObjectStore

    return {"env": env, "home": home, "store": ObjectStore(s3_endpoint, BUCKET), "run": runs[1]}


def verify(archive, *args: str, env: dict | None = None) -> tuple[int, dict, str]:
    result = arshif(env or archive["env"], "verify", "--json", *args, check=False)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return result.returncode, json.loads(result.stdout), result.stderr


def found(report: dict, kind: str) -> dict[str, dict]:
    return {p["key"]: p for p in report["problems"] if p["kind"] == kind}


def rewrite(store, key: str, data: bytes, **put) -> None:
    """Replaces an object behind arshif's back: the store is write-once, so delete, then put."""
    store.client.delete_object(Bucket=store.bucket, Key=key)
    store.client.put_object(Bucket=store.bucket, Key=key, Body=data, **put)


def restore(store, key: str, data: bytes) -> None:
    store.client.delete_object(Bucket=store.bucket, Key=key)
    store.put_once(key, data)


def test_a_clean_archive_passes(archive):
    code, report, stderr = verify(archive)
    assert code == 0 and report["clean"] is True, report["problems"]
    assert report["counts"] == {"corrupt": 0, "missing": 0, "incomplete": 0, "drift": 0, "extra": 0}
    checked = report["checked"]
    assert checked["manifests"] == 3 and checked["objects"] == 9  # WARC, CDXJ, captures per site
    assert checked["by_stored_checksum"] == 9  # SeaweedFS returned every ChecksumSHA256
    assert checked["texts"] == 1 and checked["reports"] >= 1 and checked["staged"] == 3
    assert checked["captures"] > 90
    # The run ledger: one entry per site, the head the run report printed and `ledger head` prints.
    assert checked["ledger_entries"] == 3 and report["ledger"]["intact"] is True
    head = json.loads(arshif(archive["env"], "ledger", "head", "--json").stdout)
    assert report["ledger"]["head"]["sha256"] == head["sha256"] and head["position"] == 3
    assert f"ledger head: position 3, sha256 {head['sha256']}" in archive["run"].stdout
    # Not a terminal: progress as plain log lines on stderr, the JSON alone on stdout.
    assert "verify: reading manifests (3)…" in stderr and "\r" not in stderr

    deep = arshif(archive["env"], "verify", "--deep")
    assert deep.returncode == 0
    assert "result: CLEAN" in deep.stdout and "9 read in full" in deep.stdout


def test_on_a_terminal_progress_is_one_line_rewritten(archive):
    status, stdout, terminal = stderr_on_a_terminal([str(BIN / "arshif"), "verify"], archive["env"], 300)
    assert status == 0, terminal
    assert "\r\x1b[Kverify: reading manifests: 3/3 done" in terminal
    assert "\n" not in terminal and terminal.endswith("\r\x1b[K")  # erased before the report
    assert "result: CLEAN" in stdout


def test_a_flipped_byte_in_a_warc_is_corrupt(archive):
    store = archive["store"]
    key = layout.warc_key(RUN1, "levant-post")
    original = store.get(key)
    flipped = bytearray(original)
    flipped[len(flipped) // 2] ^= 0x01
    try:
        # Put again with no checksum at all: the fast check finds none recorded and reads it in full.
        rewrite(store, key, bytes(flipped))
        code, report, _ = verify(archive)
        assert code == 1 and report["clean"] is False
        assert set(found(report, "corrupt")) == {key}
        problem = found(report, "corrupt")[key]
        assert problem["reason"] == "sha256" and problem["run_key"] == RUN1 and problem["site"] == "levant-post"
        assert problem["expected"]["manifest"] == layout.manifest_key(RUN1, "levant-post")
        assert problem["actual"]["source"] == "bytes read"
        assert report["counts"]["corrupt"] == 1 and sum(report["counts"].values()) == 1

        # Bytes changed under an unchanged record (the stale sha256 kept as metadata, as bit rot
        # would leave it): only reading every byte can tell. --deep does.
        rewrite(store, key, bytes(flipped), Metadata={"sha256": hashlib.sha256(original).hexdigest()})
        code, report, _ = verify(archive, "--deep")
        assert code == 1 and set(found(report, "corrupt")) == {key}
        assert found(report, "corrupt")[key]["actual"]["sha256"] == hashlib.sha256(flipped).hexdigest()
        code, report, _ = verify(archive, "--deep", "--site", "masr-today")
        assert code == 0, report["problems"]  # the filter leaves the damaged site out
    finally:
        restore(store, key, original)
    assert verify(archive)[0] == 0


def test_a_deleted_object_is_missing(archive):
    store = archive["store"]
    key = layout.captures_key(RUN1, "gulf-wire")
    original = store.get(key)
    store.client.delete_object(Bucket=store.bucket, Key=key)
    try:
        code, report, _ = verify(archive)
        assert code == 1
        # Reported once, as missing: the catalog positions into it are not drift on top.
        assert [(p["kind"], p["key"]) for p in report["problems"]] == [("missing", key)]
        assert report["problems"][0]["expected"]["size"] == len(original)
        human = arshif(archive["env"], "verify", check=False)
        assert human.returncode == 1
        assert "MISSING: named by a manifest, not in the bucket (1)" in human.stdout
        assert key in human.stdout and "what to do:" in human.stdout
        assert human.stdout.rstrip().endswith("result: NOT CLEAN: 1 missing")
    finally:
        store.put_once(key, original)
    assert verify(archive)[0] == 0


def test_an_extra_object_is_reported(archive):
    store = archive["store"]
    stray = f"warc/2026/11/28/masr-today/arshif-masr-today-{RUN1}-00007.warc.gz"
    note = f"runs/{RUN1}/notes.txt"
    unrecorded = layout.text_key(RUN1, "gulf-wire", "by-hand")
    for key in (stray, note, unrecorded):
        store.put_once(key, b"not part of the archive\n")
    try:
        code, report, _ = verify(archive)
        assert code == 1
        assert set(found(report, "extra")) == {stray, note}
        assert found(report, "extra")[stray]["reason"] == "unaccounted"
        # A text object of a committed run that the catalog does not record is drift, not extra.
        assert set(found(report, "drift")) == {unrecorded}
        assert found(report, "drift")[unrecorded]["reason"] == "text-not-in-catalog"
        # Filters: another site's objects are left out; the run's own (under runs/<run>/) are not.
        code, report, _ = verify(archive, "--run", RUN1, "--site", "levant-post")
        assert code == 1 and [p["key"] for p in report["problems"]] == [note]
    finally:
        for key in (stray, note, unrecorded):
            store.client.delete_object(Bucket=store.bucket, Key=key)
    assert verify(archive)[0] == 0


def test_catalog_drift_is_reported(archive, tmp_path):
    """A copy of the catalog, damaged: a manifest not applied, a position beyond its object,
    a position on the wrong record (found by --deep), captures of a run the bucket lacks."""
    copy = tmp_path / "catalog.sqlite"
    source = sqlite3.connect(Path(archive["home"]) / "catalog.sqlite")
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("DELETE FROM manifests WHERE key = ?", (layout.manifest_key(RUN1, "gulf-wire"),))
    rows = target.execute("SELECT record_id, warc_offset FROM captures WHERE site = 'masr-today' "
                          "ORDER BY warc_offset").fetchall()
    target.execute("UPDATE captures SET warc_offset = warc_offset + 100000000 WHERE record_id = ?", (rows[2][0],))
    target.execute("UPDATE captures SET warc_offset = ? WHERE record_id = ?", (rows[5][1], rows[4][0]))
    target.execute("UPDATE captures SET run_key = '20261127T000000Z' WHERE record_id = ?", (rows[8][0],))
    target.commit()
    target.close()
    env = {**archive["env"], "ARSHIF_INDEX_URL": f"sqlite:///{copy}"}
    code, report, _ = verify(archive, "--deep", env=env)
    assert code == 1
    drift = {(p["reason"], p["key"]) for p in report["problems"]}
    warc = layout.warc_key(RUN1, "masr-today")
    assert drift == {
        ("not-applied", layout.manifest_key(RUN1, "gulf-wire")),
        ("out-of-bounds", warc),
        ("record-mismatch", warc),
        ("manifest-gone", layout.manifest_key("20261127T000000Z", "masr-today")),
        ("count", layout.manifest_key(RUN1, "masr-today")),  # one capture moved to the other run
    }
    assert {p["kind"] for p in report["problems"]} == {"drift"}
    mismatch = next(p for p in report["problems"] if p["reason"] == "record-mismatch")
    assert mismatch["records"] == [rows[4][0]]
    # The bucket alone is fine.
    assert verify(archive, "--no-catalog", env=env)[0] == 0


def test_verify_says_when_it_cannot_check(archive):
    env = {**archive["env"], "ARSHIF_BUCKET": "arshif-verify-no-such-bucket"}
    result = arshif(env, "verify", check=False)
    assert result.returncode == 2 and "arshif-verify-no-such-bucket" in result.stderr
    down = arshif({**archive["env"], "ARSHIF_S3_ENDPOINT": "http://127.0.0.1:9"}, "verify", check=False)
    assert down.returncode == 2 and "does not answer" in down.stderr and "ARSHIF_S3_ENDPOINT" in down.stderr
    bad = arshif(archive["env"], "verify", "--run", "yesterday", check=False)
    assert bad.returncode == 2 and "run key" in bad.stderr
    assert "--deep" in arshif(archive["env"], "verify", "--help").stdout


def test_a_run_without_manifest_is_incomplete_until_completed(archive, tmp_path):
    """Day 2 staged for masr-today by the crawl subprocess, and never archived: the run that
    crawled it died. verify says so and how to complete it; once completed, all is clean."""
    env = archive["env"]
    arshif(env, "demo", "day", "2")
    sites = tmp_path / "sites.yaml"
    sites.write_text(arshif(env, "demo", "sites").stdout)
    staged = subprocess.run([sys.executable, "-m", "arshif.crawl.run", "--sites", str(sites), "--site", "masr-today",
                             "--run-key", RUN2], env=env, capture_output=True, text=True, timeout=300)
    assert staged.returncode == 0, staged.stderr[-2000:]

    code, report, _ = verify(archive)
    assert code == 1
    marker = layout.staging_success(RUN2, "masr-today")
    assert [(p["kind"], p["key"]) for p in report["problems"]] == [("incomplete", marker)]
    problem = report["problems"][0]
    assert problem["reason"] == "staged" and problem["run_key"] == RUN2 and problem["site"] == "masr-today"
    assert problem["action"] == "arshif run --date 2026-11-29"
    human = arshif(env, "verify", check=False)
    assert human.returncode == 1 and "INCOMPLETE RUNS" in human.stdout and "invisible" in human.stdout
    # Day 1 alone is still clean.
    assert verify(archive, "--run", "2026-11-28")[0] == 0

    arshif(env, "run", "--demo", "--date", DAY_DATES[2].isoformat())
    code, report, _ = verify(archive)
    assert code == 0, report["problems"]
    assert report["checked"]["manifests"] == 6
    # Day 2's revisits point into day 1's WARCs: checked by HEAD beyond the filter's listing.
    code, report, _ = verify(archive, "--run", RUN2, "--deep")
    assert code == 0 and report["checked"]["manifests"] == 3, report["problems"]
