"""Fault hooks for the reliability tests: named points in the pipeline where a process can be
made to die as if the machine lost power (SIGKILL: no cleanup, no ``finally``, no flush).

``ARSHIF_FAULT`` names the points, comma-separated, each optionally with a count::

    ARSHIF_FAULT="archive:after-warc"        # die at that point, the first time it is reached
    ARSHIF_FAULT="crawl:after-pages=5"       # die when the point's count reaches 5

With ``ARSHIF_FAULT_KILL_PID=<pid>`` the point kills that process instead (the tests' own
SeaweedFS, to take S3 away mid-upload) and the caller carries on. Unset, every hook is a no-op.

The points (docs/reliability.md, "Faults", says what each shows):

- ``crawl:after-pages=N`` — the crawl subprocess, after its N-th captured response
- ``staging:mid-upload`` — the crawl subprocess, after the first staged object is uploaded
- ``dedupe:mid`` — the dedupe task, after half of a site's captures are decided
- ``archive:after-warc`` — the archive task, after the WARC object, before the rest and the manifest
- ``archive:before-manifest`` — the archive task, after every object, before the manifest
- ``archive:before-ledger`` — the archive task, after the manifest, before its ledger entry
"""

from __future__ import annotations

import os
import signal

__all__ = ["POINTS", "fault_point"]

POINTS = ("crawl:after-pages", "staging:mid-upload", "dedupe:mid", "archive:after-warc",
          "archive:before-manifest", "archive:before-ledger")


def _armed() -> dict[str, int | None]:
    points: dict[str, int | None] = {}
    for part in os.environ.get("ARSHIF_FAULT", "").split(","):
        name, _, count = part.strip().partition("=")
        if name:
            points[name] = int(count) if count.strip() else None
    return points


def fault_point(name: str, count: int | None = None) -> None:
    """Dies here (SIGKILL) when ``ARSHIF_FAULT`` names this point and its count is reached."""
    if "ARSHIF_FAULT" not in os.environ:  # the common case, kept cheap: hooks sit in loops
        return
    armed = _armed()
    if name not in armed:
        return
    wanted = armed[name]
    if wanted is not None and (count is None or count < wanted):
        return
    victim = os.environ.get("ARSHIF_FAULT_KILL_PID", "").strip()
    if victim:
        # Once only: the caller lives on and would reach the point again.
        os.environ["ARSHIF_FAULT"] = ",".join(p for p in os.environ["ARSHIF_FAULT"].split(",")
                                              if p.strip().partition("=")[0] != name)
        try:
            os.kill(int(victim), signal.SIGKILL)
        except ProcessLookupError:
            pass
        return
    os.kill(os.getpid(), signal.SIGKILL)
