"""Runs that never committed: a site staged (or a crawl started) under ``staging/`` with no
manifest for it. Its captures are invisible until ``arshif run --date D`` completes it."""

from __future__ import annotations

from collections import defaultdict

from arshif import layout
from arshif.integrity.layout_keys import STAGING, SUCCESS, rerun_command
from arshif.integrity.walk import Walk


def staged_runs(listed: dict[str, int]) -> dict[tuple[str, str], dict]:
    """(run, site) → ``{"success": staged in full, "attempts": {crawl attempt, …}}`` from the
    listed keys under ``staging/``."""
    staged: dict[tuple[str, str], dict] = defaultdict(lambda: {"success": False, "attempts": set()})
    for key in listed:
        match = STAGING.match(key)
        if not match:
            continue
        entry = staged[(match["run"], match["site"])]
        if match["rest"] == SUCCESS:
            entry["success"] = True
        elif "/" in match["rest"]:
            entry["attempts"].add(match["rest"].split("/", 1)[0])
    return staged


def check_incomplete(walk: Walk) -> None:
    """Every staged (run, site) without a manifest is ``incomplete``."""
    staged = staged_runs(walk.listed)
    walk.report.checked["staged"] = len(staged)
    for (run_key, site), entry in sorted(staged.items()):
        if (run_key, site) in walk.committed:
            continue
        command = rerun_command(run_key)
        if entry["success"]:
            walk.problem("incomplete", "staged", layout.staging_success(run_key, site),
                         f"run {run_key} {site}: crawled and staged, never committed (no "
                         f"{layout.manifest_key(run_key, site)}); invisible until "
                         f"`{command}` completes it", run_key=run_key, site=site, action=command)
        else:
            walk.problem("incomplete", "crawl-unfinished", layout.staging_prefix(run_key, site),
                         f"run {run_key} {site}: a crawl started ({len(entry['attempts'])} attempt(s)) "
                         f"but never staged its output; `{command}` crawls it again",
                         run_key=run_key, site=site, action=command)
