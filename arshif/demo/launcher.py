"""Start, find, drive and stop the demo server from other processes (CLI, pipeline, tests).

The addresses are fixed, so there is at most one demo server per machine: `ensure_running`
reuses whichever arshif demo server answers, even one another ARSHIF_HOME started, unless it
serves another version of the network (it was started from other files): then it is replaced.
`stop` only ever ends the server this home started (its pid file is under <home>/demo/).
"""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from arshif.demo import server_process
from arshif.demo.model import DEMO_HOST_PORT
from arshif.demo.server_process import ControlAddress, DemoServerError
from arshif.demo.sites import CONTROL_HOST, SERVER_NAME, check_day, network_version

__all__ = ["DemoServerError", "clear_requests_log", "ensure_running", "faults", "network_lock",
           "requests_log", "set_day", "set_faults", "status", "stop"]

# The network has one current day for the whole machine: whoever drives it (a demo run, a test
# session) holds this lock meanwhile; the processes it starts inherit it through LOCK_HELD.
NETWORK_LOCK = Path(tempfile.gettempdir()) / "arshif-demo-network.lock"
LOCK_HELD = "ARSHIF_DEMO_LOCK_HELD"
START_TIMEOUT = 20.0  # seconds; the server builds both days' pages before it listens
STOP_TIMEOUT = 10.0
CONTROL = ControlAddress(CONTROL_HOST, DEMO_HOST_PORT, SERVER_NAME)


@contextmanager
def network_lock(path: Path = NETWORK_LOCK) -> Iterator[None]:
    """Holds the demo network for this process and its children; waits while another holds it."""
    if os.environ.get(LOCK_HELD):
        yield
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if _held_by_an_ancestor(handle):  # e.g. a test session that started this command
                yield
                return
            print("arshif demo: another run or test session is using the demo network; waiting for it",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.environ[LOCK_HELD] = str(os.getpid())
        try:
            yield
        finally:
            os.environ.pop(LOCK_HELD, None)


def _held_by_an_ancestor(handle) -> bool:
    """Whether the process holding the lock on ``handle``'s file is this one's parent, grand-
    parent…: read from /proc/locks (Linux); False where that cannot be told."""
    inode = os.fstat(handle.fileno()).st_ino
    try:
        holders = {int(fields[4]) for fields in (line.split() for line in Path("/proc/locks").read_text().splitlines())
                   if len(fields) > 5 and fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode)}
    except (OSError, ValueError):
        return False
    pid = os.getppid()
    while pid > 1:
        if pid in holders:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
    return False


def _control(method: str, path: str, body: str | None = None, timeout: float = 2.0) -> Any:
    return server_process.control(CONTROL, method, path, body, timeout)


def status() -> dict | None:
    """The running demo server's status, or None when no arshif demo server answers."""
    return server_process.status(CONTROL)


def _paths(home: Path) -> tuple[Path, Path, Path]:
    folder = Path(home) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "server.pid", folder / "server.log", folder / "access.log"


def ensure_running(home: Path, day: int | None = None) -> None:
    """Make sure a demo server answers (starting one if none does), then switch to `day`."""
    if day is not None:
        check_day(day)
    running = status()
    if running is not None and running.get("version") != network_version():
        _replace_stale(running)
    if status() is None:
        if server_process.port_taken(CONTROL):
            raise DemoServerError(
                f"{CONTROL_HOST}:{DEMO_HOST_PORT} is taken by something that is not the arshif "
                "demo server; stop it and try again"
            )
        pid_path, out_path, access_path = _paths(home)
        process = server_process.spawn(["--day", str(day or 1), "--log", str(access_path)], out_path)
        pid_path.write_text(f"{process.pid}\n")
        try:
            server_process.wait_until_answering(CONTROL, process, out_path, START_TIMEOUT, "demo server")
        finally:
            if process.poll() is not None:  # failed, or another process's server answers
                pid_path.unlink(missing_ok=True)
    if day is not None:
        set_day(day)


def _replace_stale(running: dict) -> None:
    """Ends a demo server that serves another version of the network (stale code)."""
    pid = running.get("pid")
    if not isinstance(pid, int) or not server_process.is_server(pid, scaled=False):
        raise DemoServerError(
            f"the demo server on {CONTROL_HOST}:{DEMO_HOST_PORT} serves another version of the "
            f"network ({running.get('version')}, this arshif has {network_version()}) and cannot "
            "be stopped from here; stop it and try again")
    print(f"arshif demo: replacing the demo server (pid {pid}): it serves another version of the "
          "network", file=sys.stderr)
    server_process.terminate(pid, STOP_TIMEOUT, port_of=CONTROL)


def set_day(day: int) -> None:
    """Switch every demo site to `day`."""
    check_day(day)
    try:
        answer = _control("POST", "/day", str(day))
    except (OSError, http.client.HTTPException) as error:
        raise DemoServerError(f"no demo server answers ({error}); start it first") from error
    if answer.get("day") != day:
        raise DemoServerError(f"the demo server did not switch to day {day}: {answer}")


def requests_log() -> list[dict]:
    """Every request the demo sites received since the log was last cleared."""
    return _control("GET", "/requests", timeout=10.0)


def clear_requests_log() -> None:
    _control("POST", "/requests/clear", "")


def set_faults(rules: list[dict]) -> list[dict]:
    """Makes the demo sites misbehave (see arshif/demo/server.py, POST /faults); [] ends it."""
    return _control("POST", "/faults", json.dumps(rules))


def faults() -> list[dict]:
    """The demo sites' fault rules, each with how many matching requests it has ``left``."""
    return _control("GET", "/faults")


def stop(home: Path) -> bool:
    """Stop the demo server this home started, if it runs; True when one was stopped."""
    pid_path, _, _ = _paths(home)
    return server_process.stop_from_pid_file(pid_path, scaled=False, timeout=STOP_TIMEOUT)
