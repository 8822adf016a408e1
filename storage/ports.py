"""Free loopback ports for SeaweedFS, whose gRPC listeners sit at each HTTP port + 10000."""

from __future__ import annotations

import random
import socket
from collections.abc import Iterable

GRPC_OFFSET = 10000
# Bases stay below 22768 so that base + 10000 stays below Linux's ephemeral range (32768+):
# an outgoing connection elsewhere on the machine can then never grab one of our ports.
_LOW, _HIGH = 10000, 22760
ROLES = ("master", "volume", "filer", "s3")


def all_ports(ports: dict[str, int]) -> list[int]:
    """Every TCP port SeaweedFS listens on for these HTTP ports (HTTP and gRPC)."""
    return [p for port in ports.values() for p in (port, port + GRPC_OFFSET)]


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing listens on host:port (binding as Go does, with SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def all_free(ports: Iterable[int]) -> bool:
    return all(port_free(p) for p in ports)


def pick_ports(attempts: int = 200) -> dict[str, int]:
    """Four consecutive free ports (master, volume, filer, s3) whose gRPC twins are free too."""
    rng = random.SystemRandom()
    for _ in range(attempts):
        base = rng.randrange(_LOW, _HIGH - len(ROLES))
        ports = {role: base + i for i, role in enumerate(ROLES)}
        if all_free(all_ports(ports)):
            return ports
    raise OSError(f"no free block of loopback ports found in {_LOW}-{_HIGH} (+{GRPC_OFFSET})")
