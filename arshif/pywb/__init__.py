"""Replay: pywb serves the archive straight from the bucket, looked up in arshif's CDXJ.

``merged_index`` builds the merged, sorted CDXJ from the bucket's per-WARC CDXJ objects (under
``ARSHIF_HOME``), ``pywb_config`` writes pywb's collection config for the bucket, ``server``
starts and stops pywb. See docs/architecture.md ("Replay").
"""

from arshif.pywb.merged_index import MergedIndex, update_merged_index
from arshif.pywb.server import (
    ReplayError,
    ReplayServer,
    ReplaySetup,
    find_wayback,
    iter_captures,
    prepare,
    replay_dir,
    start,
)

__all__ = [
    "MergedIndex",
    "ReplayError",
    "ReplayServer",
    "ReplaySetup",
    "find_wayback",
    "iter_captures",
    "prepare",
    "replay_dir",
    "start",
    "update_merged_index",
]
