"""The demo archive, built once per test session and copied for each test module that uses it.

Building the demo network's days through the DAG is the slowest thing the suite does (each
`arshif run --demo` is a dag.test() child, a crawl subprocess per site and an extraction pool).
Eleven modules used to build days 1–2 (some then day 3) from scratch, identically; now the days
are built once, in order, into snapshots that are never changed afterwards:

- ``day1``: day 1 of the demo, in a home and bucket of its own;
- ``days12``: a copy of ``day1``, then day 2 on top;
- ``days123``: a copy of ``days12``, then day 3 on top;
- ``days12_hostile``: a copy of ``days12``, then one run of tests/serve/hostile_site.py.

Each snapshot keeps the facts of how it was built (each day's `arshif run` output and the demo
server's requests log during that run), so a test that asserts them sees what a build of its own
would have shown. A test module gets a copy (``copy_snapshot``): the ARSHIF_HOME folder copied
(the catalog, the Airflow database and logs) and every object put again into a bucket of the
module's own, with its checksum, metadata and content type, in the order it was first written
(``arshif reindex`` orders re-extractions by when they were written). Tests that change an
archive (takedown, purge, reindex, tampering, a later day) do so on their copy alone.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from arshif_cli import archive_env, arshif

# Keys of the golden buckets: names no test module uses for a bucket of its own.
GOLDEN_PREFIX = "arshif-golden-"


@dataclass(frozen=True)
class Snapshot:
    """A built archive that nobody changes: its home, its bucket, and how it was built."""

    home: Path
    bucket: str
    runs: dict[int, subprocess.CompletedProcess] = field(default_factory=dict)  # day → `arshif run`
    requests: dict[int, list[dict]] = field(default_factory=dict)  # day → the demo server's log
    extra: dict = field(default_factory=dict)  # e.g. the hostile site's article URL


def build_days(snapshot: Snapshot, days: tuple[int, ...], s3_endpoint: str) -> Snapshot:
    """`arshif run --demo` for each day in ``snapshot``'s archive (the caller holds the demo
    network), recording the run's output and the requests the demo sites received during it."""
    from arshif.demo import DAY_DATES
    from arshif.demo.launcher import clear_requests_log, requests_log

    env = archive_env(snapshot.home, s3_endpoint, snapshot.bucket)
    runs, requests = dict(snapshot.runs), dict(snapshot.requests)
    for day in days:
        clear_requests_log()
        runs[day] = arshif(env, "run", "--demo", "--date", DAY_DATES[day].isoformat())
        requests[day] = requests_log()
    return Snapshot(snapshot.home, snapshot.bucket, runs, requests, dict(snapshot.extra))


def copy_snapshot(snapshot: Snapshot, home: Path, s3_endpoint: str, bucket: str, *,
                  only_missing: bool = False) -> dict:
    """A copy of ``snapshot`` at ``home`` and in ``bucket`` (created; unless ``only_missing``, it
    must hold nothing of ``snapshot``'s yet); returns the copy's environment (archive_env)."""
    copy_home(snapshot.home, home)
    copy_bucket(s3_endpoint, snapshot.bucket, bucket, only_missing=only_missing)
    return archive_env(home, s3_endpoint, bucket)


def copy_home(source: Path, target: Path) -> None:
    """ARSHIF_HOME copied; paths of the old home written in Airflow's config point to the new.

    The catalog is closed between runs (no -wal file is left beside it), so a file copy is a
    consistent copy. An existing ``target`` keeps what the source does not have.
    """
    shutil.copytree(source, target, dirs_exist_ok=True, symlinks=True)
    config = target / "airflow" / "airflow.cfg"
    if config.exists():
        config.write_text(config.read_text(encoding="utf-8").replace(str(source), str(target)),
                          encoding="utf-8")


def copy_bucket(s3_endpoint: str, source: str, target: str, *, only_missing: bool = False) -> int:
    """Every object of bucket ``source`` put again into ``target``, in the order it was written:
    bytes, ChecksumSHA256, metadata and content type as stored. Returns how many were copied.

    A client-side copy rather than S3 CopyObject: the store's checksum (which `arshif verify`
    counts as "by stored checksum") is given again exactly as arshif gave it the first time.
    Objects first written in different seconds are written in different seconds again, so
    LastModified keeps the order of re-extractions (text/…, the only objects whose order
    `arshif reindex` reads from it). ``only_missing`` leaves keys ``target`` already has.
    """
    from storage.s3 import ObjectStore

    src, dst = ObjectStore(s3_endpoint, source), ObjectStore(s3_endpoint, target)
    dst.ensure_bucket()
    have = {info.key for info in dst.list("")} if only_missing else set()
    infos = sorted(src.list(""), key=lambda i: (i.last_modified.timestamp() if i.last_modified else 0.0, i.key))
    copied, last_text_second, last_copy_second = 0, None, None
    for info in infos:
        if info.key in have:
            continue
        text = info.key.startswith("text/")
        second = int(info.last_modified.timestamp()) if info.last_modified else None
        if text and last_text_second is not None and second != last_text_second:
            while int(time.time()) == last_copy_second:  # a later source second: a later copy second
                time.sleep(0.05)
        _copy_object(src, dst, info.key)
        if text:
            last_text_second, last_copy_second = second, int(time.time())
        copied += 1
    return copied


def _copy_object(src, dst, key: str) -> None:
    response = src.client.get_object(Bucket=src.bucket, Key=key, ChecksumMode="ENABLED")
    body = response["Body"].read()
    put = {"Bucket": dst.bucket, "Key": key, "Body": body, "Metadata": response.get("Metadata") or {}}
    if response.get("ContentType"):
        put["ContentType"] = response["ContentType"]
    if response.get("ChecksumSHA256"):
        put["ChecksumSHA256"] = response["ChecksumSHA256"]
    dst.client.put_object(**put)
