"""The crawl's local spool: a finished crawl that S3 could not take waits here, under
``ARSHIF_HOME/spool/<run key>/<site>/``, until a later crawl subprocess of the site stages it.

A spooled folder is the crawl's work folder as it was (WARC, capture log, stats, frontier) plus
``spool.json``: the staging attempt it was given (so the upload resumes under the same keys,
and objects already sent are found, not sent twice) and whether extraction already ran (it
writes a chrome model to S3, so it runs once). The spool is local to the worker that crawled.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from arshif.home import arshif_home

SPOOL_STATE = "spool.json"


def spool_root() -> Path:
    return arshif_home() / "spool"


def spool_dir(run_key: str, site: str) -> Path:
    return spool_root() / run_key / site


def keep(work: Path, run_key: str, site: str, state: dict) -> Path:
    """Moves the crawl's work folder into the spool (replacing an older spool of the same run)."""
    target = spool_dir(run_key, site)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(work), target)
    write_state(target, state)
    return target


def write_state(folder: Path, state: dict) -> None:
    tmp = folder / (SPOOL_STATE + ".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / SPOOL_STATE)


def read_state(folder: Path) -> dict:
    return json.loads((folder / SPOOL_STATE).read_text(encoding="utf-8"))


def pending(site: str) -> list[Path]:
    """The site's spooled crawls, oldest run first."""
    root = spool_root()
    if not root.is_dir():
        return []
    return sorted(d / site for d in root.iterdir() if (d / site / SPOOL_STATE).is_file())


def captures_in(folder: Path) -> int:
    """How many captures a crawl folder holds (lines of its capture log)."""
    from arshif.layout import ITEMS_NAME

    path = folder / ITEMS_NAME
    if not path.is_file():
        return 0
    with path.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if '"type": "capture"' in line)


def release(folder: Path) -> None:
    """Forgets a spooled crawl once it is staged (and its run folder when that was the last)."""
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.parent.rmdir()
    except OSError:
        pass
