"""The files of the embedded SeaweedFS under one ARSHIF_HOME: where each lives, the lock that
lets one process start it while others wait, its JSON state and its log."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LOG_ROTATE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class WeedFiles:
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


@contextlib.contextmanager
def locked(files: WeedFiles) -> Iterator[None]:
    # Parallel tasks may all ask for the store at once: one starts it, the others wait.
    files.root.mkdir(parents=True, exist_ok=True)
    with open(files.lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def rotate_log(log: Path) -> None:
    with contextlib.suppress(OSError):
        if log.stat().st_size > _LOG_ROTATE_BYTES:
            os.replace(log, log.with_suffix(".log.1"))


def log_text(log: Path, since: int | None = None) -> str:
    try:
        with open(log, "rb") as handle:
            if since:
                handle.seek(since)
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def log_tail(log: Path, since: int | None = None, lines: int = 25) -> str:
    return "\n".join(log_text(log, since).splitlines()[-lines:])
