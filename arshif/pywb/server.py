"""Prepare and run pywb's ``wayback`` for one bucket, on a loopback port (``arshif replay``).

Everything sits in ``ARSHIF_HOME/replay/<bucket>/``: ``config.yaml``, ``indexes/merged.cdxj``
(+ ``sources.json``), ``wayback.log``. pywb lives in its own venv (``make pywb`` →
``.venv-pywb``, pinned by ``constraints/pywb.txt``): its pins conflict with Airflow's.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from arshif.home import PROJECT_ROOT
from arshif.pywb.merged_index import MergedIndex, update_merged_index
from arshif.pywb.pywb_config import (
    Access,
    archive_prefix,
    choose_access,
    pywb_env,
    write_config,
)

PYWB_VENV = PROJECT_ROOT / ".venv-pywb"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ReplayError(Exception):
    """pywb is missing, or did not start; the message says what to do."""


@dataclass(frozen=True)
class ReplaySetup:
    """A written pywb configuration for one bucket."""

    directory: Path
    collection: str
    index: MergedIndex
    access: str  # "http" or "s3": how pywb reads the WARCs
    archive: str  # pywb's archive_paths
    endpoint: str


@dataclass
class ReplayServer:
    """A running pywb; ``stop()`` ends it."""

    setup: ReplaySetup
    url: str  # http://host:port
    process: subprocess.Popen = field(repr=False)

    def replay_url(self, url: str, timestamp: str = "", modifier: str = "") -> str:
        """``/<collection>/<timestamp><modifier>/<url>`` (modifier: ``id_`` raw, ``mp_`` page only)."""
        stamp = f"{timestamp}{modifier}/" if timestamp or modifier else ""
        return f"{self.url}/{self.setup.collection}/{stamp}{url}"

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        _terminate(self.process, timeout)


def replay_dir(home: Path, bucket: str) -> Path:
    return Path(home) / "replay" / bucket


def find_wayback() -> str:
    """pywb's ``wayback``: ``ARSHIF_PYWB``, else ``.venv-pywb/bin/wayback``, else on PATH."""
    configured = os.environ.get("ARSHIF_PYWB", "").strip()
    candidates = [configured] if configured else [str(PYWB_VENV / "bin" / "wayback")]
    candidates.append(shutil.which("wayback") or "")
    for candidate in filter(None, candidates):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise ReplayError(
        f"pywb is not installed: run `make pywb` (it makes {PYWB_VENV} from constraints/pywb.txt), "
        "or set ARSHIF_PYWB to pywb's `wayback` program")


def prepare(store, directory: Path, access: Access = "auto") -> ReplaySetup:
    """Update the merged index from the bucket and write pywb's config for it."""
    index = update_merged_index(store, directory / "indexes")
    sample = next(iter_captures(index.path), None)
    chosen = choose_access(store.endpoint_url, store.bucket,
                           store.prefix + sample["filename"] if sample else None, access)
    archive = archive_prefix(store.endpoint_url, store.bucket, store.prefix, chosen)
    write_config(directory, store.bucket, index.path, archive)
    return ReplaySetup(directory, store.bucket, index, chosen, archive, store.endpoint_url)


def iter_captures(index: Path):
    """The merged index's captures as dicts: ``urlkey``, ``timestamp`` and the JSON fields."""
    with contextlib.suppress(FileNotFoundError), index.open("rb") as lines:
        for line in lines:
            urlkey, timestamp, fields = line.split(b" ", 2)
            yield {"urlkey": urlkey.decode(), "timestamp": timestamp.decode(), **json.loads(fields)}


def start(setup: ReplaySetup, host: str = "127.0.0.1", port: int = 0,
          timeout: float = START_TIMEOUT) -> ReplayServer:
    """Start pywb on host:port (0: a free port) and wait until it answers."""
    wayback = find_wayback()
    port = port or _free_port(host)
    log_path = setup.directory / "wayback.log"
    with log_path.open("ab") as log:
        # Never --live, --record or --proxy: replay answers from the archive only.
        process = subprocess.Popen(
            [wayback, "--port", str(port), "--bind", host],
            cwd=setup.directory, env=pywb_env(setup.directory, setup.endpoint, setup.access),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = ReplayServer(setup, f"http://{host}:{port}", process)
    deadline = time.monotonic() + timeout
    while not _answering(server.url):
        if process.poll() is not None or time.monotonic() >= deadline:
            server.stop()
            what = "exited" if process.returncode is not None else f"did not answer within {timeout:.0f} s"
            raise ReplayError(f"pywb {what} on {server.url}; its log is {log_path}:\n{_tail(log_path)}")
        time.sleep(0.2)
    return server


def _answering(url: str) -> bool:
    try:
        with _NO_PROXY.open(url + "/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answers, even if not with 200
    except OSError:
        return False


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _terminate(process: subprocess.Popen, timeout: float) -> None:
    # pywb runs in its own session (process group): end the group, then reap.
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
