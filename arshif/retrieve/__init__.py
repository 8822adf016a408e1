"""Retrieve: every capture of a URL, the capture nearest a time, and its text, page or records.

Lookups go to the catalog; bytes come from the bucket by ranged GET, never from local copies.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from arshif.catalog import Catalog
from arshif.urls import canonical_url


class NoCapture(LookupError):
    """The archive holds no capture of the URL."""


class Withdrawn(NoCapture):
    """The article was taken down (``arshif takedown``): no access path shows its captures."""

    def __init__(self, url: str, takedown: dict) -> None:
        self.url, self.takedown = url, takedown
        purged = " and purged" if takedown.get("purged_at") else ""
        super().__init__(f"{url} was withdrawn from access{purged} by takedown {takedown['id']} "
                         f"on {takedown['decided_at']}; `arshif takedowns` lists takedowns")


class NothingToCompare(NoCapture):
    """The article's captures hold fewer than two texts to compare."""


class NoCluster(NoCapture):
    """The article has no text archived, so no story cluster."""


class BadTimestamp(ValueError):
    pass


WAYBACK = re.compile(r"^\d{14}$")


def parse_when(value: str) -> datetime:
    """What ``--at`` accepts: history's ISO timestamps, an ISO date (00:00 UTC), an ISO time
    (UTC unless it names a zone), or a 14-digit Wayback timestamp."""
    text = value.strip()
    if WAYBACK.match(text):
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError as exc:
        raise BadTimestamp(
            f"cannot read {value!r} as a time: use 2026-11-29, 2026-11-29T08:15:02Z, "
            "2026-11-29T10:15+02:00 or 20261129081502"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(UTC)


def stamp_time(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def capture_time(row: dict) -> datetime:
    return stamp_time(row["timestamp"])


def _open_article(catalog: Catalog, url: str) -> str:
    """The article ``url`` names (any alias); ``Withdrawn`` when a takedown withdrew it."""
    key = canonical_url(url)
    article = catalog.resolve(key)
    takedown = catalog.takedown_of(article, key)
    if takedown is not None:
        raise Withdrawn(url, takedown)
    return article


def history(catalog: Catalog, url: str) -> list[dict]:
    """Every capture of the article ``url`` names (any alias), oldest first.

    Raises ``Withdrawn`` for an article under a takedown, ``NoCapture`` for one never archived.
    """
    rows = catalog.captures_of(_open_article(catalog, url))
    if not rows:
        raise NoCapture(f"no capture of {url} in the archive")
    return rows


def _distance(timestamp: str, at: datetime) -> tuple[float, datetime]:
    """What "nearest, the earlier on a tie" orders by."""
    moment = stamp_time(timestamp)
    return abs((moment - at).total_seconds()), moment


def nearest(rows: list[dict], at: datetime | None) -> dict:
    """The capture nearest ``at`` on either side, the earlier on a tie; the newest without ``at``."""
    if at is None:
        return rows[-1]
    return min(rows, key=lambda r: _distance(r["timestamp"], at))


def nearest_capture(catalog: Catalog, url: str, at: datetime | None) -> dict:
    """``nearest(history(catalog, url), at)`` without reading every capture's row: the nearest
    timestamp from the index, then that one row (what ``get`` and /api/text need).

    ``min`` keeps the first of equal keys, and ``captures_of`` orders by timestamp then
    record id: so the first timestamp (in that order) at the least distance, then its first
    row by record id, is the very row ``nearest`` picks.
    """
    article = _open_article(catalog, url)
    if at is None:
        row = catalog.latest(article)  # captures_of's last row (timestamp, record id descending)
    else:
        times = catalog.capture_times(article)
        row = catalog.first_capture_at(article, min(times, key=lambda t: _distance(t, at))) if times else None
    if row is None:
        raise NoCapture(f"no capture of {url} in the archive")
    return row


def second_of(row: dict) -> str:
    """The capture's 14-digit Wayback timestamp: the second it names."""
    return capture_time(row).astimezone(UTC).strftime("%Y%m%d%H%M%S")


def nearest_memento(rows: list[dict], url: str, at: datetime | None, second: str | None = None) -> dict:
    """Replay's choice: the capture nearest ``at``; among captures at the same second, the one of
    ``url`` itself (an article's aliases can be captured in one second).

    A 14-digit ``second`` (a Wayback timestamp as asked) names a second: a capture in that very
    second wins over one a few milliseconds nearer in the second before (the timestamp dropped
    its fraction).
    """
    exact = [r for r in rows if second and second_of(r) == second]
    row = nearest(exact or rows, at)
    same = [r for r in rows if second_of(r) == second_of(row)]
    return next((r for r in same if r["url"] == url), row)


def guard_payload(catalog: Catalog, row: dict) -> None:
    """``Withdrawn`` when the bytes ``row`` stands for are a withdrawn article's: a revisit of
    another URL (identical bytes) refers to a capture of an article under a takedown."""
    other = row.get("payload_record_id")
    if other and other != row["record_id"]:
        source = catalog.capture(other)
        if source and source["canonical_url"] != row["canonical_url"]:
            takedown = catalog.takedown_of(source["canonical_url"])
            if takedown:
                raise Withdrawn(row["url"], takedown)


def text_source(catalog: Catalog, row: dict) -> dict:
    """The capture whose extracted article stands for ``row``: a 304 revisit has no body of its
    own, so its text is that of the capture it refers to."""
    if row["status"] == 304 and row.get("payload_record_id") not in (None, row["record_id"]):
        return catalog.capture(row["payload_record_id"]) or row
    return row


def newest_text_source(catalog: Catalog, source: dict) -> dict:
    """``source`` pointing at its newest re-extraction (``arshif reextract``), if it has one."""
    newer = catalog.latest_text(source["record_id"])
    if not newer:
        return source
    return {**source, "captures_object": newer["object"], "captures_offset": newer["offset"],
            "captures_length": newer["length"]}


class Choice(NamedTuple):
    """A capture chosen for a reader: ``row`` the capture, ``source`` the capture whose
    extracted article stands for it (itself, or the one a 304 revisit confirmed)."""

    row: dict
    source: dict


def choose_capture(catalog: Catalog, url: str, at: datetime | None, latest_extraction: bool = False) -> Choice:
    """What ``arshif get`` and /api/capture, /api/text answer with: the capture of the article
    ``url`` names (any alias) nearest ``at`` (the earlier on a tie; the newest without ``at``),
    and its text's source (``latest_extraction``: the newest re-extraction of it).

    Raises ``Withdrawn`` for an article under a takedown (or a capture whose bytes are a
    withdrawn article's), ``NoCapture`` for one never archived or purged.
    """
    row = nearest_capture(catalog, url, at)
    guard_payload(catalog, row)
    source = text_source(catalog, row)
    if latest_extraction:
        source = newest_text_source(catalog, source)
    return Choice(row, source)


def removal_note(row: dict) -> str | None:
    """What to tell someone who asked for a capture that records the article's removal."""
    if row["kind"] != "removed":
        return None
    return (f"{row['timestamp']}: a re-check found {row['url']} gone (HTTP {row['status']}); "
            f"the last text archived is version {row['version']}: see `arshif history` and use --at")


def public_fields(row: dict) -> dict:
    """A capture as ``history --json`` shows it."""
    return {
        "timestamp": row["timestamp"], "url": row["url"], "status": row["status"], "kind": row["kind"],
        "version": row["version"], "change": row["change"], "cluster": row.get("cluster"), "digest": row["digest"],
        "title": row["title"], "site": row["site"],
        "warc": {"file": row["warc_file"], "offset": row["warc_offset"], "length": row["warc_length"]},
    }


def capture_document(store, row: dict) -> dict:
    """The capture's line in its run's captures object (verdict, article, hints)."""
    raw = store.get_range(row["captures_object"], row["captures_offset"], row["captures_length"])
    return json.loads(raw)


def capture_json(store, row: dict, source: dict | None = None) -> dict:
    """The capture's fields and its article (``source``'s, for a 304 revisit: see text_source)."""
    document = capture_document(store, source or row)
    own = capture_document(store, row) if source is not None and source is not row else document
    article = document.get("article") or {}
    fields = {**public_fields(row), "article": article, "extraction_error": document.get("extraction_error")}
    if own.get("removed"):
        fields["removed"] = own["removed"]
    if own.get("revisit_profile"):
        fields["revisit_profile"] = own["revisit_profile"]
    return fields


def capture_article(store, row: dict) -> dict:
    """The article extracted from the capture (empty for a page without one)."""
    return capture_document(store, row).get("article") or {}


def capture_text(store, row: dict) -> str:
    article = capture_article(store, row)
    title, text = article.get("title") or "", article.get("text") or ""
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text.strip() + "\n"


def capture_records(store, row: dict) -> bytes:
    """The capture's records (response or revisit, then its request) exactly as stored."""
    return store.get_range(row["warc_file"], row["warc_offset"],
                           row["warc_length"] + (row.get("request_length") or 0))


def capture_html(store, row: dict) -> str:
    """The archived body (a revisit's from the record it refers to), decoded with the page's own
    charset, as a str."""
    from arshif.extract import decode_html

    raw = store.get_range(row["payload_warc_file"], row["payload_warc_offset"], row["payload_warc_length"])
    from warcio.archiveiterator import ArchiveIterator  # here: warcio costs ~90 ms to import

    from arshif.warc.payload import record_payload

    record = next(iter(ArchiveIterator(io.BytesIO(raw))))
    body, content_type = record_payload(record)  # inflated within a limit: no compression bomb
    text, _charset = decode_html(body, content_type)
    return text


def versions(rows: list[dict]) -> list[dict]:
    """The first capture of each version of an article, oldest first."""
    firsts: dict[int, dict] = {}
    for row in rows:
        if row["version"] is not None and row["version"] not in firsts:
            firsts[row["version"]] = row
    return [firsts[v] for v in sorted(firsts)]


def diff_pair(rows: list[dict], since: datetime | None, until: datetime | None) -> tuple[dict, dict]:
    """The two captures to compare: the ones nearest ``since`` and ``until`` (with text), or the
    first captures of the last two versions."""
    with_text = [r for r in rows if r["version"] is not None and r["kind"] != "removed"]
    if not with_text:
        raise NothingToCompare(f"no capture of {rows[0]['url']} has article text to compare")
    if since is None and until is None:
        firsts = versions(with_text)
        if len(firsts) < 2:
            raise NothingToCompare(f"{rows[0]['url']} has one version only (v{firsts[0]['version']}): nothing to compare")
        return firsts[-2], firsts[-1]
    old = nearest(with_text, since) if since else versions(with_text)[0]
    new = nearest(with_text, until) if until else with_text[-1]
    return old, new


class DiffChoice(NamedTuple):
    """The two captures ``diff`` compares and the captures their texts come from."""

    old: dict
    new: dict
    old_source: dict
    new_source: dict


def choose_diff(catalog: Catalog, url: str, since: datetime | None, until: datetime | None) -> DiffChoice:
    """What ``arshif diff`` and /api/diff compare (``diff_pair`` over the article's history);
    ``Withdrawn`` and ``NoCapture`` as ``choose_capture``, ``NoCapture`` when there is nothing to
    compare (``NothingToCompare``)."""
    old, new = diff_pair(history(catalog, url), since, until)
    for row in (old, new):
        guard_payload(catalog, row)
    return DiffChoice(old, new, text_source(catalog, old), text_source(catalog, new))


class StoryCluster(NamedTuple):
    name: str
    others: list[dict]  # the other articles of the story, never a withdrawn one


def story_cluster(catalog: Catalog, url: str) -> StoryCluster:
    """The story cluster of the article ``url`` names (``arshif cluster``, /api/cluster): its
    name and its other articles. ``Withdrawn`` and ``NoCapture`` as ``history``; ``NoCapture``
    (``NoCluster``) for an article without text."""
    key = history(catalog, url)[0]["canonical_url"]
    name = catalog.cluster_of(key)
    if name is None:
        raise NoCluster(f"no article text archived for {url}, so no story cluster")
    withdrawn = catalog.withdrawn()
    others = [m for m in catalog.cluster_members(name)
              if m["canonical_url"] != key and m["canonical_url"] not in withdrawn]
    return StoryCluster(name, others)


def capture_article_text(store, row: dict) -> str:
    return capture_article(store, row).get("text") or ""
