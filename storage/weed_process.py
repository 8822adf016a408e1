"""The ``weed`` process of the embedded SeaweedFS: is a pid still ours, stop it, clean up after
it. A pid is ours while it is a live ``weed`` serving our data folder (not a zombie, not a
reused pid)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from storage.errors import StorageError
from storage.ports import all_free, all_ports

# Our own children, so that we can reap them when they exit (a zombie still "exists").
children: dict[int, subprocess.Popen[bytes]] = {}


def terminate(pid: int, data_dir: Path, grace: float) -> None:
    # The session leader's pid is also its process group id (start_new_session=True).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    if wait_gone(pid, data_dir, grace):
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    if not wait_gone(pid, data_dir, 10.0):
        raise StorageError(f"SeaweedFS (pid {pid}) survived SIGKILL")


def wait_gone(pid: int, data_dir: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while is_ours(pid, data_dir):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def is_ours(pid: int, data_dir: Path) -> bool:
    """True when pid is a live ``weed`` serving this data dir (not a zombie, not a reused pid)."""
    child = children.get(pid)
    if child is not None:
        # Our own child: waitpid is the truth (and reaps it). A killed Go process shows its
        # main thread as a zombie while its other threads still hold the listening sockets.
        if child.poll() is None:
            return True
        del children[pid]
        return False
    proc = Path(f"/proc/{pid}")
    if not Path("/proc/self").exists():  # no procfs (macOS): trust the pid
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        stat = (proc / "stat").read_text()
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    if stat.rsplit(")", 1)[-1].split()[0] == "Z":
        # Another parent's zombie: gone once its last thread has exited.
        try:
            return len(list((proc / "task").iterdir())) > 1
        except OSError:
            return False
    return f"-dir={data_dir}".encode() in cmdline


def remove_sockets(ports: dict[str, int]) -> None:
    # weed leaves /tmp/seaweedfs-<role>[-grpc]-<port>.sock behind when killed; with ports
    # picked at random they would pile up. Only the files named for our ports are touched.
    if not ports:
        return
    for port in all_ports(ports):
        for sock in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
            with contextlib.suppress(OSError):
                sock.unlink()


def wait_ports_free(ports: dict[str, int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not all_free(all_ports(ports)):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True
