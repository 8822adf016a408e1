"""One walk of the bucket: its scope (run, site), the listing, and what the manifests commit.

Each check (objects_check, extras_check, runs_check, catalog_check) reads this shared state and
adds its problems to the walk's report; verify.py runs them in order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from arshif import layout
from arshif.integrity.layout_keys import ARCHIVE_PREFIXES, STAGING_PREFIX, owner
from arshif.integrity.problems import Problem, Report
from arshif.integrity.progress import Progress


@dataclass
class Expected:
    """What a manifest commits for one object."""
    size: int
    sha256: str
    manifest: str
    run_key: str
    site: str


@dataclass
class Walk:
    store: Any  # storage.s3.ObjectStore
    report: Report
    progress: Progress
    deep: bool = False
    run_key: str | None = None
    site: str | None = None
    workers: int = 8
    listed: dict[str, int] = field(default_factory=dict)          # key → size, in scope
    prefixes: list[str] = field(default_factory=list)             # what the listing covered
    manifests: dict[str, dict | None] = field(default_factory=dict)     # key → manifest (None: unreadable)
    manifest_sha256: dict[str, str] = field(default_factory=dict)  # key → SHA-256 of its bytes now
    committed: dict[tuple[str, str], str] = field(default_factory=dict)  # (run, site) → manifest key
    expected: dict[str, Expected] = field(default_factory=dict)   # object key → what was committed
    missing: set[str] = field(default_factory=set)                # reported missing already
    takedowns: dict[str, str] = field(default_factory=dict)       # takedown id → its record's key
    accounted: set[str] = field(default_factory=set)              # takedown/purge objects read
    purged_captures: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    _heads: dict[str, int | None] = field(default_factory=dict)   # sizes found by HEAD, beyond the listing

    def problem(self, kind: str, reason: str, key: str, detail: str, **extra: Any) -> None:
        """Adds a problem; its run and site default to what the key's name tells."""
        run_key, site = owner(key)
        extra.setdefault("run_key", run_key)
        extra.setdefault("site", site)
        self.report.problems.append(Problem(kind, reason, key, detail, **extra))

    def in_scope(self, run_key: str | None, site: str | None) -> bool:
        # An object whose name tells no run (or no site) is in every run's (every site's) scope.
        return ((self.run_key is None or run_key is None or run_key == self.run_key)
                and (self.site is None or site is None or site == self.site))

    def key_in_scope(self, key: str) -> bool:
        return self.in_scope(*owner(key))

    def list_bucket(self) -> None:
        """Lists what the scope covers: with --run, only that day's partition (and site)."""
        if self.run_key:
            day = layout.run_day_path(self.run_key)
            below = f"{self.site}/" if self.site else ""
            self.prefixes = [f"{p}{day}/{below}" for p in ("warc/", "cdxj/", "captures/", "text/")]
            self.prefixes += [f"runs/{self.run_key}/", f"{STAGING_PREFIX}{self.run_key}/{below}"]
        else:
            self.prefixes = [*ARCHIVE_PREFIXES, STAGING_PREFIX]
        # Takedowns change what any run's objects must be: always read in full.
        self.prefixes.append(layout.takedowns_prefix())
        self.progress.start("listing the bucket")
        for prefix in self.prefixes:
            for info in self.store.list(prefix):
                if self.key_in_scope(info.key):
                    self.listed[info.key] = info.size
                self.progress.advance()
        self.progress.finish()
        self.report.checked["listed"] = len(self.listed)

    def size(self, key: str) -> int | None:
        """The object's size, None when absent: from the listing, else one HEAD (cached).
        Objects outside the listing are still asked for: a revisit points into an older run."""
        if key in self.listed:
            return self.listed[key]
        if self._covered(key) and self.key_in_scope(key):
            return None
        if key not in self._heads:
            info = self.store.head(key)
            self._heads[key] = info["size"] if info else None
        return self._heads[key]

    def _covered(self, key: str) -> bool:
        return any(key.startswith(p) for p in self.prefixes)
