"""Reading the bucket layout backwards: from an object's key, what wrote it and for which run
and site (arshif/layout.py builds the keys; docs/architecture.md "Objects in the bucket")."""

from __future__ import annotations

import re

ARCHIVE_PREFIXES = ("warc/", "cdxj/", "captures/", "text/", "runs/")
STAGING_PREFIX = "staging/"
RUN_KEY = re.compile(r"^\d{8}T\d{6}Z$")
_RUN = r"\d{8}T\d{6}Z"
ARCHIVED = re.compile(rf"^(?P<prefix>warc|cdxj|captures|text)/\d{{4}}/\d{{2}}/\d{{2}}/(?P<dir>[^/]+)/"
                      rf"arshif-(?P<site>[a-z0-9-]+?)-(?P<run>{_RUN})(?P<rest>[^/]*)$")
TEXT_REST = re.compile(r"^--[^/]+\.jsonl$")  # what follows the stem in a re-extraction's name
MANIFEST = re.compile(rf"^runs/(?P<run>{_RUN})/(?P<site>[^/]+)/manifest\.json$")
REPORT = re.compile(rf"^runs/(?P<run>{_RUN})/report-[^/]+\.json$")
STAGING = re.compile(r"^staging/(?P<run>[^/]+)/(?P<site>[^/]+)/(?P<rest>.+)$")
SUCCESS = "_SUCCESS.json"  # the marker a crawl writes last into its staging prefix


def owner(key: str) -> tuple[str | None, str | None]:
    """The run and site an object belongs to, as far as its name tells."""
    for pattern in (MANIFEST, STAGING, ARCHIVED):
        match = pattern.match(key)
        if match:
            return match["run"], match["site"]
    match = REPORT.match(key)
    if match:
        return match["run"], None
    # Names arshif does not write: the path still says which run or site they sit under.
    parts = key.split("/")
    if parts[0] == "runs" and len(parts) > 2:
        return parts[1], (parts[2] if len(parts) > 3 else None)
    if parts[0] in ("warc", "cdxj", "captures", "text") and len(parts) > 5:
        return None, parts[4]
    return None, None


def run_date(run_key: str) -> str:
    """``YYYY-MM-DD`` of a run key."""
    return f"{run_key[0:4]}-{run_key[4:6]}-{run_key[6:8]}"


def rerun_command(run_key: str) -> str:
    """What to run to complete (or redo) a run."""
    # `arshif run --date D` runs the logical date D at 00:00 UTC, which is how run keys are made.
    if run_key.endswith("T000000Z"):
        return f"arshif run --date {run_date(run_key)}"
    return f"run the daily_crawl DAG again for logical date {run_key}"
