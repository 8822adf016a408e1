"""Extract, early: each article page goes to a pool of worker processes as soon as it is captured,
so that extraction (the costliest step, pure CPU) runs on every core while the crawl goes on.

The crawl subprocess opens the pool around its crawl and extract steps
(``with extraction_workers(): …``); the spider's ``ExtractionPipeline`` sends each article page's
WARC offset to it; the extract step (``arshif.crawl.extract_pass``) takes the results and only
learns the site's chrome and filters the texts. A page with no result (no pool, a worker that
died) is extracted there and then, in the crawl process: nothing is lost, only time.

``ARSHIF_EXTRACT_WORKERS``: how many workers (default: one per core); 0 extracts every page in
the crawl process after the crawl, as before the pool existed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from arshif.config import Site

log = logging.getLogger(__name__)
WORKERS_ENV = "ARSHIF_EXTRACT_WORKERS"
# Imported once by the fork server, so that each worker starts with them (and the language model) loaded.
_PRELOAD = ["arshif.crawl.extract_preload"]


def worker_count() -> int:
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        try:
            return max(0, int(configured))
        except ValueError:
            raise ValueError(f"{WORKERS_ENV}={configured!r}: expected a number of worker processes "
                             "(0 extracts in the crawl process)") from None
    return os.cpu_count() or 1


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a killed process stays a zombie until it is reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True


def _exit_with(crawl_pid: int) -> None:
    """Worker initializer: a worker outlives a crawl process that was killed (its task queue
    never closes), so each one watches the crawl process and ends when it is gone."""

    def watch() -> None:
        while _running(crawl_pid):
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="arshif-crawl-watch", daemon=True).start()


def _extract_in_worker(item: dict, warc_path: str, site: Site) -> tuple[Any, str | None, float]:
    from arshif.crawl.extract_page import extract_page

    started = time.process_time()
    article, error = extract_page(item, Path(warc_path), site)
    return article, error, time.process_time() - started


def _already_warm() -> bool:
    """Whether this process can fork its workers now: the extractor is already loaded (a crawl
    process forked from a warm parent, arshif/crawl/warm.py) and no other thread runs yet, so a
    forked worker starts with nothing to import and no lock held by another thread."""
    return all(name in sys.modules for name in _PRELOAD) and threading.active_count() == 1


class ExtractionPool:
    """Worker processes and the pages sent to them, by response record id."""

    def __init__(self, workers: int) -> None:
        warm = _already_warm()
        if warm:
            context = multiprocessing.get_context("fork")
        else:
            # Not fork: the crawl process runs Twisted's reactor and threads by the time pages come.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
        self.workers = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                            initializer=_exit_with, initargs=(os.getpid(),))
        if warm:  # with fork, the first task starts every worker: now, while no thread runs
            self.executor.submit(int).result()
        self.pending: dict[str, Future] = {}
        self.worker_cpu_s = 0.0  # CPU time the workers spent extracting, for the benchmarks

    def submit(self, record_id: str, item: dict, warc_path: Path, site: Site) -> None:
        self.pending[record_id] = self.executor.submit(_extract_in_worker, item, str(warc_path), site)

    def take(self, record_id: str) -> tuple[Any, str | None] | None:
        """The page's (article, error), or None when it was not sent or its worker failed."""
        future = self.pending.pop(record_id, None)
        if future is None:
            return None
        try:
            article, error, cpu = future.result()
        except Exception as exc:  # noqa: BLE001 - a dead worker costs a re-extraction, not the page
            log.warning("extraction worker failed for record %s (%r); extracting it in the crawl process",
                        record_id, exc)
            return None
        self.worker_cpu_s += cpu
        return article, error

    def close(self) -> None:
        for future in self.pending.values():
            future.cancel()
        self.executor.shutdown(wait=True, cancel_futures=True)


_active: ExtractionPool | None = None


def active() -> ExtractionPool | None:
    """The pool of this process's crawl, if one is open."""
    return _active


@contextmanager
def extraction_workers(workers: int | None = None) -> Iterator[ExtractionPool | None]:
    """Opens the pool for the crawl and extract steps run inside (none with 0 workers)."""
    global _active
    count = worker_count() if workers is None else workers
    if count <= 0:
        yield None
        return
    pool = ExtractionPool(count)
    _active = pool
    try:
        yield pool
    finally:
        _active = None
        pool.close()
