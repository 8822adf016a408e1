"""A site's crawl process, forked from a warm parent rather than started from nothing.

Each site is still crawled in a process of its own (a Twisted reactor cannot be restarted, and a
site that crashes or hangs must not take the others with it), with the same arguments, exit
status, log file and summary line as ``python -m arshif.crawl.run``. What changes is where the
process comes from: a fresh interpreter spends most of a small site's crawl importing Scrapy,
boto3 and the extractors (about 3 s of CPU), so the first crawl of a task process starts a
multiprocessing fork server with those modules loaded, and every crawl after it is a fork of
that server. Under ``arshif run`` every site's crawl task runs in one process, so the imports
are paid once per run instead of once per site.

The fork server keeps the environment it was started with, and modules read some settings
from the environment when they are imported, so a crawl whose environment differs from the
server's (other than what Airflow sets per task) runs as a fresh subprocess instead.

``ARSHIF_CRAWL_PROCESS``: ``warm`` (opt-in; worth it under ``arshif run``, whose tasks share one process), or
``fresh`` (the default: a new interpreter per crawl, as before). Where each task has a process
of its own (the scheduler's executors, Celery) a fork server would start once per task and save
nothing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
MODE_ENV = "ARSHIF_CRAWL_PROCESS"
# Loaded once by the fork server (the reactor is not among them: Scrapy installs it when the
# crawl starts, in the forked process).
_PRELOAD = ["arshif.crawl.warm_preload", "arshif.crawl.warm"]
_IGNORED_PREFIX = "AIRFLOW_CTX_"
_server_env: dict[str, str] | None = None  # the environment the fork server was started with


@dataclass
class CrawlExit:
    """What the crawl process left: its exit status and what it wrote on stdout."""

    returncode: int
    stdout: bytes


def _comparable(env: dict[str, str]) -> dict[str, str]:
    """The environment without what Airflow sets per task (its context, its supervisor's
    socket): nothing a crawl reads."""
    return {k: v for k, v in env.items()
            if not k.startswith(_IGNORED_PREFIX) and not (k.startswith("_") and "AIRFLOW" in k)}


def _warm_allowed(env: dict[str, str]) -> bool:
    mode = env.get(MODE_ENV, "fresh").strip().lower() or "fresh"
    if mode not in ("warm", "fresh"):
        raise ValueError(f"{MODE_ENV}={mode!r}: expected 'warm' or 'fresh'")
    if mode == "fresh" or _server_env is None:
        return mode != "fresh"
    before, now = _comparable(_server_env), _comparable(env)
    changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    if changed:
        log.warning("crawl in a fresh process: the environment changed since the fork server started (%s)",
                 ", ".join(changed))
    return not changed


def _fork_server(env: dict[str, str]) -> multiprocessing.context.BaseContext:
    global _server_env
    context = multiprocessing.get_context("forkserver")
    if _server_env is None:
        context.set_forkserver_preload(_PRELOAD)
        _server_env = dict(env)
    return context


def _crawl_in_child(argv: list[str], log_path: str, out_path: str, env: dict[str, str]) -> None:
    """Runs in the forked process: stdout and stderr go where the subprocess's would."""
    os.environ.clear()
    os.environ.update(env)
    with open(log_path, "ab") as log, open(out_path, "wb") as out:
        os.dup2(log.fileno(), 2)
        os.dup2(out.fileno(), 1)
    from arshif.crawl.run import main

    try:
        code = main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


def run_crawl(argv: list[str], log_file: Path, timeout_s: float, env: dict[str, str]) -> CrawlExit:
    """Runs ``arshif.crawl.run`` with ``argv`` in a process of its own, its stderr appended to
    ``log_file``; raises ``subprocess.TimeoutExpired`` (the process killed) after ``timeout_s``."""
    if not _warm_allowed(env):
        command = [sys.executable, "-m", "arshif.crawl.run", *argv]
        with log_file.open("ab") as log:
            proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=log, timeout=timeout_s, env=env)
        return CrawlExit(proc.returncode, proc.stdout)
    context = _fork_server(env)
    log_file.touch()  # there even when the process dies before it opens it
    with tempfile.NamedTemporaryFile(prefix="arshif-crawl-out-", delete=False) as out:
        out_path = Path(out.name)
    try:
        process = context.Process(target=_crawl_in_child, args=(argv, str(log_file), str(out_path), env),
                                  name="arshif-crawl")
        process.start()
        process.join(timeout_s)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(["arshif.crawl.run", *argv], timeout_s)
        return CrawlExit(process.exitcode, out_path.read_bytes())
    finally:
        out_path.unlink(missing_ok=True)
