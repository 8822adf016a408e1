"""The demo network's lock: one driver at a time on the machine; the commands a driver starts
(a test session's `arshif run --demo`) pass through, strangers wait."""

import os
import subprocess
import sys
import time

from arshif.demo.launcher import LOCK_HELD, network_lock

HOLD = """
import sys
from pathlib import Path
from arshif.demo.launcher import network_lock
with network_lock(Path(sys.argv[1])):
    print("in", flush=True)
"""


def test_children_of_the_holder_pass_and_strangers_wait(tmp_path, monkeypatch):
    lock = tmp_path / "network.lock"
    monkeypatch.delenv(LOCK_HELD, raising=False)  # this session may hold the real network's lock
    env = {k: v for k, v in os.environ.items() if k != LOCK_HELD}  # as a process that set nothing
    with network_lock(lock):
        child = subprocess.run([sys.executable, "-c", HOLD, str(lock)], env=env, capture_output=True,
                               text=True, timeout=60)
        assert child.stdout == "in\n" and "waiting" not in child.stderr
        # setsid -f: reparented away from us, like another user's `make demo`
        stranger = subprocess.Popen(["setsid", "-f", sys.executable, "-c", HOLD, str(lock)], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not _waiters(lock) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _waiters(lock), "the stranger is not waiting on the lock"
    out, err = stranger.communicate(timeout=60)
    assert out == "in\n" and "waiting for it" in err


def _waiters(lock) -> int:
    """Processes blocked on ``lock``'s file: /proc/locks shows them as "->" lines."""
    inode = f":{lock.stat().st_ino}"
    with open("/proc/locks") as fh:
        return sum(1 for line in fh if "->" in line and any(f.endswith(inode) for f in line.split()))
