"""The embedded SeaweedFS launcher: start, find, stop (up to SIGKILL), restart with data intact.

These tests start their own SeaweedFS (a few seconds each), so there are only a few.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from storage import seaweedfs
from storage.errors import StoreUnavailable
from storage.ports import GRPC_OFFSET, all_ports, pick_ports, port_free
from storage.s3 import ObjectStore


def test_lifecycle_stop_escalates_and_restart_keeps_ports_and_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    started = time.monotonic()
    first = seaweedfs.start(home)
    print(f"start: {time.monotonic() - started:.2f} s")
    assert not first.already_running
    assert first.endpoint_url == f"http://127.0.0.1:{first.ports['s3']}"

    status = seaweedfs.status(home)
    assert status is not None
    assert status["answering"]
    assert status["pid"] == first.pid
    assert status["data_dir"] == str(home / "seaweedfs" / "data")

    again = seaweedfs.start(home)
    assert again.already_running
    assert (again.pid, again.ports) == (first.pid, first.ports)

    store = ObjectStore(first.endpoint_url, "arshif")
    store.ensure_bucket()
    store.put_once("warc/kept.warc.gz", b"kept across restarts")

    # A stopped process cannot act on SIGTERM: stop must fall back to SIGKILL.
    os.kill(first.pid, signal.SIGSTOP)
    started = time.monotonic()
    assert seaweedfs.stop(home, timeout=1.0)
    print(f"stop with SIGKILL after 1 s: {time.monotonic() - started:.2f} s")
    assert not Path(f"/proc/{first.pid}").exists() or _is_zombie(first.pid)
    assert not (home / "seaweedfs" / "state.json").exists()
    assert seaweedfs.status(home) is None
    assert not seaweedfs.stop(home)
    assert all(port_free(port) for port in all_ports(first.ports))

    started = time.monotonic()
    second = seaweedfs.start(home)
    print(f"restart: {time.monotonic() - started:.2f} s")
    assert second.ports == first.ports
    assert second.pid != first.pid
    assert ObjectStore(second.endpoint_url, "arshif").get("warc/kept.warc.gz") == (
        b"kept across restarts"
    )
    assert seaweedfs.stop(home, timeout=1.0)

    # When a remembered port has been taken meanwhile, the store moves and keeps its data.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        squatter.bind(("127.0.0.1", first.ports["s3"]))
        squatter.listen()
        third = seaweedfs.start(home)
        try:
            assert third.ports != first.ports
            remembered = json.loads((home / "seaweedfs" / "ports.json").read_text())
            assert remembered["ports"] == third.ports
            store = ObjectStore(third.endpoint_url, "arshif")
            assert store.get("warc/kept.warc.gz") == b"kept across restarts"
        finally:
            seaweedfs.stop(home, timeout=1.0)


def test_start_that_times_out_names_the_log(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with pytest.raises(StoreUnavailable) as info:
        seaweedfs.start(home, timeout=0.3)
    message = str(info.value)
    assert "did not answer within" in message
    assert str(home / "seaweedfs" / "weed.log") in message
    assert "--- arshif" in message  # the log's last lines are quoted
    # The half-started process is not left behind.
    assert seaweedfs.status(home) is None
    assert not (home / "seaweedfs" / "state.json").exists()


def test_status_and_stop_when_nothing_ever_ran(tmp_path: Path) -> None:
    assert seaweedfs.status(tmp_path) is None
    assert seaweedfs.stop(tmp_path) is False


def test_weed_command_keeps_to_loopback_and_our_ports(tmp_path: Path) -> None:
    ports = pick_ports()
    assert len(set(all_ports(ports))) == 8
    assert all(port_free(port) for port in all_ports(ports))
    assert all(port + GRPC_OFFSET < 32768 for port in ports.values())
    command = " ".join(seaweedfs.weed_command("weed", tmp_path, ports))
    for flag in (
        "-ip.bind=127.0.0.1",
        f"-s3.port={ports['s3']}",
        f"-volume.port={ports['volume']}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",
    ):
        assert flag in command
    # SeaweedFS's defaults (8080 clashes with Airflow) are never used.
    assert not set(all_ports(ports)) & {8080, 8333, 8888, 9333, 18080, 18333, 18888, 19333}


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"
