"""What the figures were measured on: machine, Python and package versions."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("trafilatura", "lxml", "readability-lxml", "jusText", "htmldate", "py3langid")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def source_state(root: Path) -> str:
    """The commit measured, and whether the extractor or the gold set had uncommitted edits."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--", "arshif", "bench")
    return f"{commit}" + (" with uncommitted changes in arshif/ or bench/" if dirty else "")


def describe(root: Path) -> dict[str, Any]:
    from arshif.extract import EXTRACTOR

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 0
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": cpu_model(),
        "load_average_at_start": load,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "packages": versions,
        "extractor": EXTRACTOR,
        "source": source_state(root),
    }
