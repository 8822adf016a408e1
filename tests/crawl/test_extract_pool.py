"""Extraction workers: article pages are sent to them during the crawl, and what they extract is
what the crawl process would have extracted; a worker that dies costs time, not pages."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from arshif.config import load_sites
from arshif.crawl.extract_pass import extract_crawl
from arshif.crawl.extract_pool import extraction_workers
from arshif.layout import ITEMS_NAME, WARC_NAME
from bench.crawl import SITE, sites_yaml
from storage.s3 import ObjectStore

ROOT = Path(__file__).resolve().parents[2]
PAGES = 24
RUN_KEY = "20261128T000000Z"


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def bench_origin():
    port = _free_port("127.0.0.31")
    server = subprocess.Popen([sys.executable, "-m", "bench.crawl_server", "--pages", str(PAGES),
                               "--page-kb", "40", "--host", "127.0.0.31", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert line.startswith("ready "), f"the bench server did not start: {line!r}"
        yield line.split()[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


CRAWL_WITH_WORKERS = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from arshif.crawl.extract_pool import extraction_workers
    from arshif.crawl.run import crawl
    sites, out = sys.argv[1], Path(sys.argv[2])
    with extraction_workers(2) as pool:
        stats = crawl(sites, "bench-news", "20261128T000000Z", out)
        sent = len(pool.pending)
    print(json.dumps({"articles": stats["arshif/articles"], "sent": sent}))
""")


@pytest.fixture(scope="module")
def crawled(bench_origin, tmp_path_factory) -> tuple[Path, Path, dict]:
    folder = tmp_path_factory.mktemp("pool-crawl")
    sites = folder / "sites.yaml"
    sites.write_text(sites_yaml(bench_origin, 4), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CRAWL_WITH_WORKERS, str(sites), str(folder / "crawl")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    return sites, folder / "crawl", json.loads(done.stdout.strip().splitlines()[-1])


def _articles(items_path: Path) -> dict[str, dict]:
    items = [json.loads(line) for line in items_path.read_text(encoding="utf-8").splitlines()]
    return {i["url"]: {k: v for k, v in i["article"].items()} for i in items if i.get("article")}


def _copy(crawl: Path, to: Path) -> Path:
    shutil.copytree(crawl, to)
    return to


def _store(store: ObjectStore, name: str) -> ObjectStore:
    # Each extraction learns the site's chrome from nothing: a store of its own.
    return ObjectStore(store.endpoint_url, store.bucket, prefix=f"{store.prefix}{name}")


def _submit_all(pool, folder: Path, site) -> None:
    for line in (folder / ITEMS_NAME).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item.get("role") == "article":
            pool.submit(item["response"]["record_id"], item, folder / WARC_NAME, site)


def _extract(crawled, store, to: Path, pool=None, before=None) -> dict[str, dict]:
    """Extracts a copy of the crawl (after submitting every page to ``pool``, if given, and
    calling ``before(pool)``); returns its articles by URL."""
    sites, folder, _ = crawled
    site = load_sites(str(sites)).site(SITE)
    copy = _copy(folder, to)
    if pool is not None:
        _submit_all(pool, copy, site)
        if before:
            before(pool)
    extract_crawl(_store(store, to.name), site, RUN_KEY, copy / ITEMS_NAME, copy / WARC_NAME)
    return _articles(copy / ITEMS_NAME)


def test_every_article_page_goes_to_the_workers_during_the_crawl(crawled):
    _sites, _folder, report = crawled
    assert report["articles"] == PAGES
    assert report["sent"] == PAGES


def test_workers_extract_what_the_crawl_process_would(crawled, store, tmp_path):
    expected = _extract(crawled, store, tmp_path / "inline")
    with extraction_workers(2) as pool:
        pooled = _extract(crawled, store, tmp_path / "pooled", pool)
        assert not pool.pending  # every result was taken, none extracted again
        assert pool.worker_cpu_s > 0
    assert len(expected) == PAGES and all(a["text"] for a in expected.values())
    assert pooled == expected


def _kill_workers(pool) -> None:
    for pid in list(pool.executor._processes):  # as the OOM killer would
        os.kill(pid, signal.SIGKILL)


def test_a_dead_worker_costs_time_not_pages(crawled, store, tmp_path):
    expected = _extract(crawled, store, tmp_path / "inline")
    with extraction_workers(2) as pool:
        pooled = _extract(crawled, store, tmp_path / "pooled", pool, before=_kill_workers)
    assert pooled == expected


KILLED_CRAWL = textwrap.dedent("""
    import os, signal, time
    from arshif.crawl.extract_pool import extraction_workers
    if __name__ == "__main__":
        with extraction_workers(2) as pool:
            for future in [pool.executor.submit(time.sleep, 0.2) for _ in range(4)]:
                future.result()
            print(" ".join(str(pid) for pid in pool.executor._processes), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # as a task timeout or the OOM killer would
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_crawl_leaves_no_worker_behind(tmp_path):
    script = tmp_path / "killed_crawl.py"
    script.write_text(KILLED_CRAWL, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    workers = [int(pid) for pid in done.stdout.split()]
    assert workers
    for _ in range(100):  # each worker looks for its crawl process every second
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_the_number_of_workers_is_checked(monkeypatch):
    monkeypatch.setenv("ARSHIF_EXTRACT_WORKERS", "many")
    with pytest.raises(ValueError, match="ARSHIF_EXTRACT_WORKERS='many'"):
        with extraction_workers():
            pass
    monkeypatch.setenv("ARSHIF_EXTRACT_WORKERS", "0")
    with extraction_workers() as pool:
        assert pool is None
