"""The synthetic archive bench/retrieval.py queries: a year of daily runs over five sites.

Rows go in through the catalog's own write path (``Catalog.apply_manifest``, one "manifest" per
batch) and the search index's (``index_for(catalog).add``), on SQLite or PostgreSQL alike.
Article texts come from bench/search.py's ``Corpus`` (the demo's prose generator), article ``i``
of the corpus being URL ``i`` here, so that search queries drawn from the corpus find them.

Each article URL is first captured on a day of the year (URL order is time order) and then
re-checked on a decaying schedule (6 h, 1, 2, 4, … 128 days later), 1–9 captures in all. A
re-check is a 304 revisit (35%), an identical-payload revisit (30%), an unchanged text under a
new digest (23%), a changed text (a new version, 10%) or a removal (2%, which ends the series).
Besides the articles, each site's home and four section pages are captured every day: a few
URLs with a year of history (365 captures), the longest ``history`` a user can ask for.

Only the captures of the URLs the benchmark will query get their captures-object lines written
to the bucket (what ``get`` reads, by ranged GET); every other row names an object that is never
read. The catalog rows and the search index are complete.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from arshif import layout
from arshif.urls import canonical_url

SITES = ("masr-today", "gulf-wire", "levant-post", "maghreb-news", "sahel-daily")
SECTIONS = ("", "politics/", "economy/", "sport/", "culture/")
YEAR = timedelta(days=365)
START = datetime(2026, 1, 1, 6, tzinfo=UTC)
RECHECK_HOURS = (6, 24, 48, 96, 192, 384, 768, 1536, 3072)
SAMPLE_OBJECT = "captures/bench/retrieval-queried.jsonl"
BATCH = 5000  # catalog rows per manifest


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def article_url(i: int) -> str:
    site = SITES[i % len(SITES)]
    return f"https://{site}.example/article/{i}.html"


def listing_url(site: str, section: str) -> str:
    """A section page's URL, as the catalog keys it (``canonical_url``: no trailing slash)."""
    return canonical_url(f"https://{site}.example/{section}")


def capture_count(seed: int, i: int) -> int:
    return random.Random(seed * 7_000_003 + i).randint(1, 9)


def plan(seed: int, captures: int) -> tuple[int, int]:
    """(article URLs, captures of articles): listing pages take one day's worth per run."""
    listing = len(SITES) * len(SECTIONS) * 365
    wanted, urls, total = max(0, captures - listing), 0, 0
    while total < wanted:
        total += capture_count(seed, urls)
        urls += 1
    return urls, wanted


@dataclass
class Built:
    """What was written: counts, and the captures-object lines of the queried URLs."""

    captures: int = 0
    urls: int = 0
    versions: int = 0
    sample: bytearray = field(default_factory=bytearray)
    by_kind: dict[str, int] = field(default_factory=dict)


class Archive:
    """Generates the rows, deterministically from ``seed``."""

    def __init__(self, corpus, seed: int, captures: int, queried: set[str],
                 sample_object: str = SAMPLE_OBJECT) -> None:
        self.corpus, self.seed, self.captures = corpus, seed, captures
        self.urls, self.article_captures = plan(seed, captures)
        self.queried = queried
        self.sample_object = sample_object  # where the queried captures' lines are written
        self.span = YEAR - timedelta(days=1)

    def first_seen(self, i: int) -> datetime:
        return START + self.span * (i / max(1, self.urls)) + timedelta(minutes=i % 47)

    def _article(self, i: int, limit: int) -> Iterator[tuple[dict, dict | None, str]]:
        """(catalog row, extracted article or None, the version's text) of article ``i``'s captures."""
        rng = random.Random(self.seed * 7_000_003 + i)
        count = min(limit, rng.randint(1, 9))
        site, url = SITES[i % len(SITES)], article_url(i)
        first = self.first_seen(i)
        title, text = self.corpus.article(i)
        version, payload = 1, None
        for n in range(count):
            when = first if n == 0 else first + timedelta(hours=RECHECK_HOURS[n - 1] + rng.random())
            record_id = f"<urn:bench:{i}:{n}>"
            roll = rng.random() if n else 1.0
            if n == 0 or 0.78 <= roll < 0.98:
                kind, status = "response", 200
                change = "new" if n == 0 else "changed"
                if n:
                    version += 1
                    text = text + "\n\n" + self.corpus.paragraphs[(i * 7919 + version) % len(self.corpus.paragraphs)]
                payload = record_id
            elif roll < 0.35:
                kind, status, change = "revisit", 304, "identical"
            elif roll < 0.65:
                kind, status, change = "revisit", 200, "identical"
            elif roll < 0.78:
                kind, status, change = "unchanged", 200, "unchanged"
                payload = record_id
            else:
                kind, status, change = "removed", 404, "removed"
            row = self._row(record_id, url, site, when, status, kind, change,
                            None if kind == "removed" else version, payload, title, "article")
            row["text_fingerprint"] = None if kind == "removed" else f"sha1:{i}:{version}"
            row["cluster"] = f"c{i // 3}"
            article = ({"title": title, "text": text, "page_kind": "article", "date": stamp(first)[:10]}
                       if status == 200 else None)
            yield row, article, text
            if kind == "removed":
                break

    def _row(self, record_id: str, url: str, site: str, when: datetime, status: int, kind: str,
             change: str | None, version: int | None, payload: str | None, title: str | None,
             role: str) -> dict:
        key = layout.run_key(when.date())
        warc = layout.warc_key(key, site)
        offset = random.Random(record_id).randrange(0, 2**30)
        return {
            "record_id": record_id, "url": url, "canonical_url": url, "url_key": url, "site": site,
            "run_key": key, "role": role, "timestamp": stamp(when), "status": status, "kind": kind,
            "version": version, "change": change, "digest": f"sha1:{zlib.crc32((payload or record_id).encode()):08x}",
            "content_type": "text/html; charset=utf-8", "warc_file": warc, "warc_offset": offset,
            "warc_length": 30_000, "request_length": 400, "payload_record_id": payload or record_id,
            "payload_warc_file": warc, "payload_warc_offset": offset, "payload_warc_length": 30_000,
            "captures_object": layout.captures_key(key, site), "captures_offset": 0, "captures_length": 4000,
            "title": title, "page_kind": "article" if role == "article" else None,
        }

    def _listings(self) -> Iterator[tuple[dict, dict | None, str]]:
        for day in range(365):
            for s, site in enumerate(SITES):
                for section in SECTIONS:
                    when = START + timedelta(days=day, minutes=s * 5)
                    record_id = f"<urn:bench:{site}:{section or 'home'}:{day}>"
                    status = 304 if day % 3 == 2 else 200
                    row = self._row(record_id, listing_url(site, section), site, when, status,
                                    "revisit" if status == 304 else "response", None, None, None,
                                    f"{site} {section}", "section")
                    yield row, ({"title": f"{site} {section}", "text": "", "page_kind": "section"}
                                if status == 200 else None), ""

    def rows(self) -> Iterator[tuple[dict, dict | None, str]]:
        """Every capture: (catalog row, extracted article or None, the version's text)."""
        left = self.article_captures
        for i in range(self.urls):
            for item in self._article(i, left):
                left -= 1
                yield item
        yield from self._listings()


def _line(row: dict, article: dict | None) -> bytes:
    line = {**row, "article": article, "extraction_error": None, "hints": None,
            "revisit_profile": ("server-not-modified" if row["status"] == 304 else
                                "identical-payload-digest" if row["kind"] == "revisit" else None)}
    return (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def fill(catalog, archive: Archive, progress=None) -> Built:
    """Writes ``archive`` into ``catalog`` (rows and search index); returns what was written and
    the captures-object lines of the queried URLs (to put in the bucket)."""
    from arshif.search import Doc, index_for

    index = index_for(catalog)
    built = Built(urls=archive.urls + len(SITES) * len(SECTIONS))
    rows: list[dict] = []
    docs: dict[tuple[str, int], Any] = {}
    part = 0

    def flush() -> None:
        nonlocal part
        catalog.apply_manifest(f"bench/retrieval/{part:06d}", rows[0]["run_key"], "bench", rows)
        built.versions += index.add(list(docs.values()))
        built.captures += len(rows)
        rows.clear()
        docs.clear()
        part += 1
        if progress:
            progress(built.captures)

    open_version: dict[str, Doc] = {}
    for row, article, text in archive.rows():
        if row["canonical_url"] in archive.queried:
            line = _line(row, article)
            # A 304 revisit's text is its payload's (text_source): the line still exists.
            row.update(captures_object=archive.sample_object, captures_offset=len(built.sample),
                       captures_length=len(line))
            built.sample += line
        built.by_kind[row["kind"]] = built.by_kind.get(row["kind"], 0) + 1
        rows.append(row)
        url, version = row["canonical_url"], row["version"]
        if row["change"] in ("new", "changed") and article:
            doc = Doc(row["record_id"], url, url, row["site"], version, row["timestamp"], row["timestamp"],
                      article.get("date"), article["title"], text)
            docs[(url, version)] = open_version[url] = doc
        elif row["role"] == "article" and row["kind"] != "removed" and url in open_version:
            # A later capture of the same version extends how long it was archived.
            held = open_version[url]
            if (url, held.version) in docs:
                docs[(url, held.version)] = open_version[url] = _extended(held, row["timestamp"])
        if len(rows) >= BATCH and row["role"] == "article" and not _continues(archive, row):
            flush()
            open_version.clear()
    if rows:
        flush()
    return built


def _extended(doc, last_seen: str):
    from dataclasses import replace

    return replace(doc, last_seen=last_seen)


def _continues(archive: Archive, row: dict) -> bool:
    """Whether more captures of ``row``'s URL follow (a batch ends between URLs, so that a
    version's later captures are in the same batch as its first)."""
    i, n = (int(x) for x in row["record_id"].strip("<>").split(":")[2:4])
    return n + 1 < capture_count(archive.seed, i) and row["kind"] != "removed"
