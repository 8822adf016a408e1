"""A demo server as another process sees it: ask its control address, spawn it, wait for it,
stop it. Shared by the default network's launcher (launcher.py) and a scaled network's
(scale/launcher.py); both run `python -m arshif.demo.server`, detached, logging to a file.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVER_MODULE = "arshif.demo.server"


class DemoServerError(RuntimeError):
    """The demo server could not be reached, started or driven."""


@dataclass(frozen=True)
class ControlAddress:
    """Where a demo server's control API answers, and the name its /status gives."""

    host: str
    port: int
    server_name: str


def control(address: ControlAddress, method: str, path: str, body: str | None = None,
            timeout: float = 2.0) -> Any:
    """The JSON a control call answers; DemoServerError on any status but 200."""
    # http.client, not urllib: a proxy from the environment must never see loopback calls
    connection = http.client.HTTPConnection(address.host, address.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "text/plain"})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise DemoServerError(f"{method} {path}: HTTP {response.status}: {data[:200]!r}")
    return json.loads(data)


def status(address: ControlAddress) -> dict | None:
    """The status of the server at `address`, or None when no such server answers there."""
    try:
        data = control(address, "GET", "/status", timeout=1.0)
    except (OSError, ValueError, http.client.HTTPException, DemoServerError):
        return None
    return data if isinstance(data, dict) and data.get("server") == address.server_name else None


def port_taken(address: ControlAddress) -> bool:
    try:
        with socket.create_connection((address.host, address.port), timeout=1.0):
            return True
    except OSError:
        return False


def spawn(arguments: list[str], log_path: Path) -> subprocess.Popen:
    """Starts `python -m arshif.demo.server ARGUMENTS`, detached (it outlives the command that
    started it), its output appended to `log_path`."""
    root = str(Path(__file__).resolve().parents[2])  # so that `-m arshif.demo.server` imports
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", SERVER_MODULE, *arguments],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=root, env=env,
            start_new_session=True)


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until_answering(address: ControlAddress, process: subprocess.Popen, log_path: Path,
                         timeout: float, what: str) -> None:
    """Returns once a server answers at `address` (the one `process` runs, or one another
    process started meanwhile); DemoServerError when `process` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while status(address) is None:
        if process.poll() is not None:
            if status(address) is not None:  # another process started one at the same moment
                return
            raise DemoServerError(f"the {what} exited (code {process.returncode}):\n{tail(log_path)}")
        if time.monotonic() > deadline:
            raise DemoServerError(f"the {what} did not answer within {timeout:.0f}s; "
                                  f"see {log_path}:\n{tail(log_path)}")
        time.sleep(0.05)


def is_server(pid: int, scaled: bool) -> bool:
    """Whether `pid` is still a demo server (a scaled one: started with --sites), and not a
    recycled pid."""
    if not Path("/proc/self").exists():
        return True  # no procfs to ask: trust the pid file
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return SERVER_MODULE.encode() in cmdline and (b"--sites" in cmdline) == scaled


def alive(pid: int) -> bool:
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)  # reaps it if it is our child
        if finished:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def terminate(pid: int, timeout: float, port_of: ControlAddress | None = None) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds; with `port_of`, also waits (no longer
    than that) for its control port to close."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while (alive(pid) or (port_of is not None and port_taken(port_of))) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)


def stop_from_pid_file(pid_path: Path, scaled: bool, timeout: float) -> bool:
    """Stops the server whose pid `pid_path` holds, if it is still one; True when one was."""
    try:
        pid = int(pid_path.read_text().strip())
    except (OSError, ValueError):
        return False
    pid_path.unlink(missing_ok=True)
    if not is_server(pid, scaled):
        return False
    terminate(pid, timeout)
    return True
