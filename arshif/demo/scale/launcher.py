"""Start, find and stop a scaled demo server (one per port) and write its sites file.

The server is the demo's own (`python -m arshif.demo.server --sites N --articles M --port P`),
started and stopped as the default one is (arshif/demo/server_process.py). Its pid file and log
live under <ARSHIF_HOME>/demo-scaled/; `stop` only ends a server this home started. Nothing here
touches the default demo server (127.0.0.20–23:8765).
"""

from __future__ import annotations

from pathlib import Path

from arshif.demo import server_process
from arshif.demo.scale.sites import (
    CONTROL_HOST,
    DEFAULT_PORT,
    SERVER_NAME,
    scaled_sites,
    sites_yaml,
)
from arshif.demo.server_process import ControlAddress, DemoServerError

START_TIMEOUT = 600.0  # seconds: every article is written before the server listens
STOP_TIMEOUT = 10.0


class ScaledServerError(DemoServerError):
    """The scaled demo server could not be started or reached."""


def _control(port: int) -> ControlAddress:
    return ControlAddress(CONTROL_HOST, port, SERVER_NAME)


def status(port: int = DEFAULT_PORT) -> dict | None:
    """The status of the scaled demo server on `port`, or None when none answers."""
    return server_process.status(_control(port))


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
    if running and not stop(home, port):
        raise ScaledServerError(f"a scaled demo server of another scale answers on port {port} "
                                f"(pid {running['pid']}), not started from {home}")
    folder = _folder(home)
    log_path = folder / f"server-{port}.log"
    process = server_process.spawn(
        ["--sites", str(sites), "--articles", str(articles), "--port", str(port)], log_path)
    (folder / f"server-{port}.pid").write_text(f"{process.pid}\n")
    try:
        server_process.wait_until_answering(_control(port), process, log_path, START_TIMEOUT,
                                            "scaled demo server")
    except DemoServerError as error:
        raise ScaledServerError(str(error)) from None
    return process.pid, write_sites_file(home, sites, port)


def stop(home: Path, port: int = DEFAULT_PORT) -> bool:
    """Stops the scaled server this home started on `port`; True when one was stopped."""
    pid_path = _folder(home) / f"server-{port}.pid"
    return server_process.stop_from_pid_file(pid_path, scaled=True, timeout=STOP_TIMEOUT)
