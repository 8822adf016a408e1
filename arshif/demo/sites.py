"""The three demo sites, their addresses and the demo calendar.

Addresses are fixed (127.0.0.21–23, port 8765) so that the URLs of day 2 are those of day 1 and an
archive built on one machine reads the same on another. 127.0.0.20 answers the control API.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from pathlib import Path

from arshif.demo.model import DEMO_HOST_PORT, DemoSite, Section

CONTROL_HOST = "127.0.0.20"
SERVER_NAME = "arshif-demo"  # what the control API's /status answers in "server"
# `make demo` runs days 1 and 2; day 3 is there for the tests of re-checks (see scenario.py).
DAY_DATES = {1: date(2026, 11, 28), 2: date(2026, 11, 29), 3: date(2026, 11, 30)}
DAYS = tuple(DAY_DATES)

MASR_TODAY = DemoSite(
    name="masr-today",
    title="مصر اليوم",
    host="127.0.0.21",
    encoding="utf-8",
    charset_in_header=True,
    timezone="Africa/Cairo",
    sections=(
        Section("politics", "سياسة", "politics", ("domestic", "diplomacy")),
        Section("world", "عرب وعالم", "politics", ("diplomacy",)),
        Section("economy", "اقتصاد", "economy", ("markets", "business")),
        Section("accidents", "حوادث", "society", ("accidents",)),
        Section("sports", "رياضة", "sports", ("match", "club")),
        Section("culture", "فن وثقافة", "culture"),
    ),
    members=Section("members", "مقالات المشتركين", "economy", ("business", "markets")),
    members_prefix="/members",
    section_format="/section/{slug}/",
    article_format="/news/{id}/",
    feed_path="/rss.xml",
    feed_kind="rss",
    sitemap_path="/sitemap-news.xml",
    article_pattern=r"/news/\d+/",
    gzip=True,
)

LEVANT_POST = DemoSite(
    name="levant-post",
    title="بريد المشرق",
    host="127.0.0.22",
    encoding="windows-1256",
    charset_in_header=False,  # as old Arabic sites do: only <meta http-equiv> names it
    timezone="Asia/Beirut",
    sections=(
        Section("lebanon", "لبنان", "politics", ("domestic",)),
        Section("arab-world", "عربي ودولي", "politics", ("diplomacy",)),
        Section("economy", "اقتصاد", "economy", ("markets", "business")),
        Section("regions", "مناطق", "society", ("services", "accidents")),
        Section("culture", "ثقافة وفنون", "culture"),
        Section("health", "صحة", "health"),
    ),
    members=Section("premium", "ملفات المشتركين", "politics", ("diplomacy", "domestic")),
    members_prefix="/premium",
    section_format="/category/{slug}/",
    article_format="/article/{id}.html",
    feed_path="/feed/",
    feed_kind="rss",
    sitemap_path="/news-sitemap.xml",
    article_pattern=r"/article/\d+\.html",
    gzip=False,  # an older site: plain bytes, no compression
)

GULF_WIRE = DemoSite(
    name="gulf-wire",
    title="خليج واير",
    host="127.0.0.23",
    encoding="utf-8",
    charset_in_header=True,
    timezone="Asia/Dubai",
    sections=(
        Section("world", "العالم", "politics", ("diplomacy",)),
        Section("business", "أعمال", "economy", ("business", "markets")),
        Section("uae", "الإمارات", "society", ("services",)),
        Section("sports", "رياضة", "sports", ("match", "club")),
        Section("technology", "تكنولوجيا", "technology"),
        Section("health", "صحة", "health"),
    ),
    members=Section("pro", "خليج واير برو", "technology"),
    members_prefix="/pro",
    section_format="/{slug}/",
    article_format="/story/{yyyy}/{mm}/{slug}-{id}",
    feed_path="/feeds/latest.atom",
    feed_kind="atom",
    sitemap_path="/sitemaps/news.xml",
    article_pattern=r"/story/\d{4}/\d{2}/[^/]+-\d+$",
    gzip=True,
)

DEMO_SITES: list[DemoSite] = [MASR_TODAY, LEVANT_POST, GULF_WIRE]
_BY_NAME = {site.name: site for site in DEMO_SITES}

__all__ = [
    "CONTROL_HOST",
    "DAYS",
    "DAY_DATES",
    "DEMO_HOST_PORT",
    "DEMO_SITES",
    "SERVER_NAME",
    "check_day",
    "day_of",
    "network_version",
    "site_named",
]


@cache
def network_version() -> str:
    """A digest of the demo package's files: a running server built from other files serves
    another network (other stories, other days) and must be replaced, not reused. The scaled
    network's folder (scale/) is left out: it changes nothing the default network serves."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.relative_to(root).parts[0] == "scale":
            continue
        if path.is_file() and path.suffix in (".py", ".txt", ".json", ".yaml", ".csv"):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def site_named(name: str) -> DemoSite:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no demo site {name!r} (known: {', '.join(_BY_NAME)})") from None


def day_of(logical: date) -> int:
    """The demo day a run's logical date sees: the last one on or before it (day 1 before all)."""
    return max((d for d, when in DAY_DATES.items() if when <= logical), default=1)


def check_day(day: int) -> int:
    if day not in DAY_DATES:
        raise ValueError(f"the demo has days {', '.join(map(str, DAYS))}, not {day!r}")
    return day
