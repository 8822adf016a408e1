"""The bucket's key layout: the name of every object arshif writes to the bucket. Deterministic,
so a retried step finds what it already wrote. Local folders under ``ARSHIF_HOME`` are
``arshif/home.py``'s.

See docs/architecture.md ("Objects in the bucket") for the whole layout.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

# Every name part of a key: site names, run keys, attempts, tags, takedown ids. Never a URL or
# any other string from a page: a key built from one could climb out of its prefix ("../") or
# carry what the page chose.
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def part(value: str) -> str:
    """``value`` if it is safe as one segment of an object key; ValueError otherwise."""
    if not isinstance(value, str) or not _PART.match(value) or ".." in value:
        raise ValueError(f"{value!r} cannot be part of an object key (letters, digits, '.', '_', '-' only)")
    return value


def run_key(logical: datetime | date) -> str:
    """A run's name: its logical date as ``YYYYMMDDTHHMMSSZ``."""
    if not isinstance(logical, datetime):
        logical = datetime(logical.year, logical.month, logical.day, tzinfo=UTC)
    return logical.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def run_day_path(key: str) -> str:
    """``YYYY/MM/DD`` of a run key, the date partition of archived objects."""
    part(key)
    return f"{key[0:4]}/{key[4:6]}/{key[6:8]}"


# The files of one site's crawl: written by the spider's output (spiders/output.py) in the crawl's
# work folder, and staged under ``staging_attempt_prefix`` with the same names (arshif/crawl/).
WARC_NAME = "capture-00000.warc.gz"
ITEMS_NAME = "items.jsonl"
STATS_NAME = "stats.json"
FRONTIER_NAME = "frontier.json"  # what the crawl knew and re-checked (arshif.frontier)


def staging_prefix(key: str, site: str) -> str:
    return f"staging/{part(key)}/{part(site)}/"


def staging_attempt_prefix(key: str, site: str, attempt: str) -> str:
    return f"{staging_prefix(key, site)}{part(attempt)}/"


def staging_success(key: str, site: str) -> str:
    return f"{staging_prefix(key, site)}_SUCCESS.json"


def verdicts_key(key: str, site: str) -> str:
    return f"{staging_prefix(key, site)}verdicts.jsonl"


def archive_stem(key: str, site: str) -> str:
    return f"arshif-{part(site)}-{part(key)}"


def warc_key(key: str, site: str, seq: int = 0) -> str:
    return f"warc/{run_day_path(key)}/{site}/{archive_stem(key, site)}-{seq:05d}.warc.gz"


def cdxj_key(key: str, site: str, seq: int = 0) -> str:
    return f"cdxj/{run_day_path(key)}/{site}/{archive_stem(key, site)}-{seq:05d}.cdxj"


def captures_key(key: str, site: str) -> str:
    return f"captures/{run_day_path(key)}/{site}/{archive_stem(key, site)}.jsonl"


def manifest_key(key: str, site: str) -> str:
    return f"runs/{part(key)}/{part(site)}/manifest.json"


def manifests_prefix() -> str:
    return "runs/"


def report_key(key: str, stamp: str) -> str:
    return f"runs/{part(key)}/report-{part(stamp)}.json"


def site_chrome_prefix(site: str) -> str:
    return f"models/chrome/{part(site)}/"


def site_chrome_key(site: str, version: int) -> str:
    return f"{site_chrome_prefix(site)}v{version:06d}.json"


def text_key(key: str, site: str, tag: str) -> str:
    """A re-extraction's texts, beside the run's captures: one object per extractor and model."""
    return f"text/{run_day_path(key)}/{site}/{archive_stem(key, site)}--{part(tag)}.jsonl"


def takedowns_prefix() -> str:
    return "takedowns/"


def takedown_key(takedown_id: str) -> str:
    """The takedown's record: who asked, when, why, and which captures it withdrew."""
    return f"{takedowns_prefix()}{part(takedown_id)}.json"


def purge_key(takedown_id: str) -> str:
    """The deletion record of a purge: every object it rewrote or deleted, before and after."""
    return f"{takedowns_prefix()}{part(takedown_id)}.purge.json"


def purge_holding_key(takedown_id: str, key: str) -> str:
    """Where a purge keeps an object's new bytes while it replaces the object (crash safety)."""
    return f"{takedowns_prefix()}{part(takedown_id)}.pending/{key}"
