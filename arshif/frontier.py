"""The frontier: which known articles a crawl fetches again, and with which validators.

A new URL is always fetched. A known article is fetched again only when a re-check is due: on a
decaying schedule counted from its first capture (by default 1 h, 6 h, 1 day, 3 days and 7 days
after it, then never), or when a feed or sitemap says it was modified after its last check. A
re-check sends the validators of the last capture (``If-None-Match`` / ``If-Modified-Since``), so
a site that supports them answers 304 and costs no body. An article whose last re-check found
it gone (``removed``) is not re-checked.

Times here are the runs' logical times (their run keys), not fetch times, so that a run for a
given date decides the same whenever it is run (and the demo's simulated days behave like real
ones).

The crawl subprocess plans the frontier from the catalog before the crawl (:func:`plan_frontier`)
and hands it to the spider as a JSON file, which is staged with the crawl for the record.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from arshif.urls import canonical_url

DEFAULT_RECHECK = ("1h", "6h", "1d", "3d", "7d")
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """``"90m"``, ``"6h"``, ``"3d"``, ``"2w"`` → a timedelta; anything else is a ValueError."""
    match = _DURATION.match(str(text))
    if not match or int(match[1]) == 0:
        raise ValueError(f"{text!r} is not a duration: use a positive number and m, h, d or w (e.g. 6h, 3d)")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def run_time(run_key: str) -> datetime:
    """The logical time a run key names (``20261128T000000Z``)."""
    return datetime.strptime(run_key, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time from a feed or sitemap (a date alone is 00:00 UTC); None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RecheckSchedule:
    """Delays after an article's first capture at which it is fetched again."""

    delays: tuple[timedelta, ...]

    @classmethod
    def parse(cls, texts: list[str] | tuple[str, ...]) -> RecheckSchedule:
        delays = tuple(sorted(parse_duration(t) for t in texts))
        return cls(delays)

    def due(self, first_seen: datetime, last_checked: datetime, now: datetime) -> bool:
        """True when a scheduled check falls after the last check and not after ``now``."""
        return any(last_checked < first_seen + delay <= now for delay in self.delays)

    def next_check(self, first_seen: datetime, last_checked: datetime) -> datetime | None:
        later = [first_seen + d for d in self.delays if first_seen + d > last_checked]
        return min(later) if later else None


@dataclass
class KnownArticle:
    """What the archive knows of one article URL, as the spider needs it."""

    url: str  # the URL last fetched for it
    first_seen: str  # run key of its first capture
    last_checked: str  # run key of its last capture
    due: bool
    removed: bool = False
    withdrawn: bool = False  # taken down (arshif/takedown/): never fetched again
    etag: str | None = None
    last_modified: str | None = None
    next_check: str | None = None  # ISO time, for people reading the staged frontier

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def modified_since_check(self, modified: str | None) -> bool:
        """A listing's modification time later than this article's last check."""
        moment = parse_time(modified)
        return moment is not None and moment > run_time(self.last_checked)


@dataclass
class Frontier:
    """The known articles of one site at the start of one run, by canonical URL."""

    site: str
    run_key: str
    schedule: tuple[str, ...]
    known: dict[str, KnownArticle]
    aliases: dict[str, str] = field(default_factory=dict)  # an alias's canonical_url → its article
    # Feeds, sitemaps and section pages: their last validators, so that reading them again is a
    # conditional request (a 304 lists nothing new and costs no body).
    listings: dict[str, dict] = field(default_factory=dict)  # canonical_url → {etag, last_modified}

    def listing_headers(self, url: str) -> dict[str, str]:
        validators = self.listings.get(canonical_url(url)) or {}
        headers = {}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        return headers

    def lookup(self, url: str) -> KnownArticle | None:
        key = canonical_url(url)
        return self.known.get(key) or self.known.get(self.aliases.get(key, ""))

    def due_rechecks(self) -> list[KnownArticle]:
        return [a for a in self.known.values() if a.due]

    def to_json(self) -> dict:
        return {"site": self.site, "run_key": self.run_key, "schedule": list(self.schedule),
                "known": {url: asdict(article) for url, article in self.known.items()},
                "aliases": self.aliases, "listings": self.listings}

    @classmethod
    def from_json(cls, data: dict) -> Frontier:
        return cls(data["site"], data["run_key"], tuple(data["schedule"]),
                   {url: KnownArticle(**article) for url, article in data["known"].items()},
                   data.get("aliases", {}), data.get("listings", {}))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path | None) -> Frontier | None:
        if not path:
            return None
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def plan_frontier(catalog, site: str, run_key: str, schedule: list[str] | tuple[str, ...]) -> Frontier:
    """The site's known articles and which of them are due for a re-check in run ``run_key``.

    Runs at or after ``run_key`` are ignored, so running a date again plans what it planned.
    """
    parsed = RecheckSchedule.parse(schedule)
    now = run_time(run_key)
    known: dict[str, KnownArticle] = {}
    withdrawn = catalog.withdrawn()  # taken down: known, so never fetched as new, and never re-checked
    for row in catalog.article_frontier(site, before_run=run_key):
        first, last = run_time(row["first_run"]), run_time(row["last_run"])
        removed = row["last_kind"] == "removed"
        taken_down = row["canonical_url"] in withdrawn
        upcoming = parsed.next_check(first, last)
        known[row["canonical_url"]] = KnownArticle(
            url=row["last_url"], first_seen=row["first_run"], last_checked=row["last_run"],
            due=not removed and not taken_down and parsed.due(first, last, now), removed=removed,
            withdrawn=taken_down,
            etag=row["etag"], last_modified=row["last_modified"],
            next_check=(upcoming.strftime("%Y-%m-%dT%H:%M:%SZ")
                        if upcoming and not removed and not taken_down else None),
        )
    # A purged article has no capture left: its takedown alone keeps it from coming back as new.
    withdrawn_urls = catalog.withdrawn_urls(site)
    for article in set(withdrawn_urls.values()):
        known.setdefault(article, KnownArticle(url=article, first_seen="", last_checked="", due=False,
                                               withdrawn=True))
    aliases = {alias: article for alias, article in catalog.aliases(site).items() if article in known}
    aliases.update({url: article for url, article in withdrawn_urls.items() if url != article})
    return Frontier(site, run_key, tuple(schedule), known, aliases,
                    catalog.listing_validators(site, before_run=run_key))
