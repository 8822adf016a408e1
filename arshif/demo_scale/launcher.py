"""Start, find and stop a scaled demo server (one per port) and write its sites file.

Its pid file and log live under <ARSHIF_HOME>/demo-scaled/; `stop` only ends a server this home
started. Nothing here touches the default demo server (127.0.0.20–23:8765).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from arshif.demo_scale.server import SERVER_NAME
from arshif.demo_scale.sites import CONTROL_HOST, DEFAULT_PORT, scaled_sites, sites_yaml

START_TIMEOUT = 600.0  # seconds: every article is written before the server listens
STOP_TIMEOUT = 10.0


class ScaledServerError(RuntimeError):
    """The scaled demo server could not be started or reached."""


def status(port: int = DEFAULT_PORT) -> dict | None:
    """The status of the scaled demo server on `port`, or None when none answers."""
    connection = http.client.HTTPConnection(CONTROL_HOST, port, timeout=1.0)
    try:
        connection.request("GET", "/status")
        response = connection.getresponse()
        data = json.loads(response.read())
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    return data if isinstance(data, dict) and data.get("server") == SERVER_NAME else None


def _folder(home: Path) -> Path:
    folder = Path(home) / "demo-scaled"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_sites_file(home: Path, sites: int, port: int = DEFAULT_PORT) -> Path:
    path = _folder(home) / f"sites-{sites}-{port}.yaml"
    path.write_text(sites_yaml(scaled_sites(sites, port)), encoding="utf-8")
    return path


def start(home: Path, sites: int, articles: int, port: int = DEFAULT_PORT) -> tuple[int, Path]:
    """Starts (or reuses) a server of `sites` × `articles` on `port`; returns its pid and the
    sites file to crawl it with."""
    running = status(port)
    if running and (running["sites"], running["articles"]) == (sites, articles):
        return running["pid"], write_sites_file(home, sites, port)
    if running:
        if not stop(home, port):
            raise ScaledServerError(f"a scaled demo server of another scale answers on port {port} "
                                    f"(pid {running['pid']}), not started from {home}")
    folder = _folder(home)
    log_path = folder / f"server-{port}.log"
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "arshif.demo_scale.server", "--sites", str(sites),
             "--articles", str(articles), "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=root, env=env,
            start_new_session=True)
    (folder / f"server-{port}.pid").write_text(f"{process.pid}\n")
    deadline = time.monotonic() + START_TIMEOUT
    while status(port) is None:
        if process.poll() is not None:
            tail = log_path.read_text("utf-8", "replace").splitlines()[-10:]
            raise ScaledServerError(f"the scaled demo server exited ({process.returncode}):\n" + "\n".join(tail))
        if time.monotonic() > deadline:
            raise ScaledServerError(f"the scaled demo server did not answer within {START_TIMEOUT:.0f}s; "
                                    f"see {log_path}")
        time.sleep(0.1)
    return process.pid, write_sites_file(home, sites, port)


def _is_scaled_server(pid: int) -> bool:
    try:
        return b"arshif.demo_scale.server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def stop(home: Path, port: int = DEFAULT_PORT) -> bool:
    """Stops the scaled server this home started on `port`; True when one was stopped."""
    pid_path = _folder(home) / f"server-{port}.pid"
    try:
        pid = int(pid_path.read_text().strip())
    except (OSError, ValueError):
        return False
    pid_path.unlink(missing_ok=True)
    if not _is_scaled_server(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while _is_scaled_server(pid) and time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
        except ChildProcessError:
            pass
        time.sleep(0.05)
    if _is_scaled_server(pid):
        os.kill(pid, signal.SIGKILL)
    return True
