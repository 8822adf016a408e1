"""What changed in the archive: articles new, edited (a new version) or removed, in time order,
per site or for the whole archive; and the same as Atom feeds (``atom``).

Read from the catalog alone: a capture that started an article version is ``change`` new or
changed; a removal is a capture of ``kind`` removed (the page answered 404/410, or sent the
reader to the home page, after it was published). The size of an edit (words added and
removed) compares the two versions' texts as the search index keeps them (no read from the
bucket); without a search index it is unknown (None).
"""

from __future__ import annotations

import difflib
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from xml.etree import ElementTree

KINDS = ("new", "edited", "removed")
ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class Change:
    kind: str  # new | edited | removed
    at: str  # when the archive found it (the capture's time, catalog format)
    run: str  # the run that found it (its key: the run's logical date)
    site: str
    url: str
    canonical_url: str
    record_id: str
    version: int | None
    title: str
    words_added: int | None = None  # edited: words of the new version not in the old
    words_removed: int | None = None  # edited: words of the old version not in the new
    previous_at: str | None = None  # edited: the old version's first capture; removed: the last capture before
    status: int | None = None  # removed: what the page answered

    def to_dict(self) -> dict:
        return asdict(self)


def changes(catalog, site: str | None = None, since: str | date | None = None, kind: str | None = None,
            limit: int | None = None) -> list[Change]:
    """Every change since ``since``, oldest first; with ``limit``, the newest ``limit`` of them
    (still oldest first).

    ``since`` a date: the changes found by the runs of that logical day and later (a run's key
    is its logical date: ``arshif changes --since 2026-11-30`` is what the runs of the 30th
    found, whenever they ran). ``since`` a catalog timestamp (a str): the changes captured at
    or after that instant."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    clauses = ["role = 'article'", "((change IN ('new', 'changed') AND kind <> 'removed') OR kind = 'removed')"]
    params: list = []
    if site:
        clauses.append("site = ?")
        params.append(site)
    if isinstance(since, date) and not isinstance(since, datetime):
        from arshif.layout import run_key

        clauses.append("run_key >= ?")
        params.append(run_key(since))
    elif since:
        clauses.append("timestamp >= ?")
        params.append(since if isinstance(since, str) else _instant(since))
    rows = catalog.db.execute(
        "SELECT record_id, url, canonical_url, site, run_key, timestamp, version, change, kind, status, title, page_kind "
        f"FROM captures WHERE {' AND '.join(clauses)} ORDER BY timestamp DESC, record_id DESC", params).fetchall()
    found: list[Change] = []
    withdrawn = catalog.withdrawn()
    for row in rows:
        if row["canonical_url"] in withdrawn or (row["page_kind"] or "article") != "article":
            continue
        what = "removed" if row["kind"] == "removed" else ("edited" if row["change"] == "changed" else "new")
        if kind is not None and what != kind:
            continue
        found.append(Change(kind=what, at=row["timestamp"], run=row["run_key"], site=row["site"], url=row["url"],
                            canonical_url=row["canonical_url"], record_id=row["record_id"],
                            version=row["version"], title=row["title"] or "",
                            status=row["status"] if what == "removed" else None))
        if limit is not None and len(found) >= limit:
            break
    from arshif.search import index_for

    indexed = index_for(catalog).backend.has_index(catalog.db)
    for change in found:
        if change.kind == "edited":
            _measure_edit(catalog, change, indexed)
        elif change.kind == "removed":
            change.previous_at = _last_before(catalog, change.canonical_url, change.at)
            change.title = change.title or _last_title(catalog, change.canonical_url, change.at)
    return list(reversed(found))


def _instant(moment: datetime) -> str:
    """A time as the catalog writes timestamps (``2026-11-29T08:15:02.000000Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def since_value(value: str | None) -> str | date | None:
    """A ``--since`` as typed: a bare date (``2026-11-30``, ``20261130``) as that logical day,
    anything else (``2026-11-30T08:15Z``, ``20261130081502``) as an instant, in the catalog's
    timestamp form. Raises ValueError when it is neither."""
    import re

    from arshif.retrieve import BadTimestamp, parse_when

    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{8}", text):
        try:
            return datetime.strptime(text.replace("-", ""), "%Y%m%d").date()
        except ValueError:
            raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-30") from None
    try:
        return _instant(parse_when(text))
    except BadTimestamp as exc:
        raise ValueError(str(exc)) from None


def _body(catalog, canonical_url: str, version: int) -> str | None:
    row = catalog.db.execute("SELECT body FROM search_docs WHERE canonical_url = ? AND version = ?",
                             (canonical_url, version)).fetchone()
    return None if row is None else zlib.decompress(row[0]).decode("utf-8")


def _measure_edit(catalog, change: Change, indexed: bool) -> None:
    row = catalog.db.execute(
        "SELECT MIN(timestamp) FROM captures WHERE canonical_url = ? AND version = ? AND kind <> 'removed'",
        (change.canonical_url, (change.version or 1) - 1)).fetchone()
    change.previous_at = row[0] if row else None
    if not indexed:  # no search index in this catalog: the edit's size is unknown
        return
    old, new = _body(catalog, change.canonical_url, (change.version or 1) - 1), \
        _body(catalog, change.canonical_url, change.version or 1)
    if old is None or new is None:
        return
    a, b = old.split(), new.split()
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            removed += i2 - i1
            added += j2 - j1
    change.words_added, change.words_removed = added, removed


def _last_before(catalog, canonical_url: str, when: str) -> str | None:
    row = catalog.db.execute("SELECT MAX(timestamp) FROM captures WHERE canonical_url = ? AND timestamp < ? "
                             "AND kind <> 'removed'", (canonical_url, when)).fetchone()
    return row[0] if row else None


def _last_title(catalog, canonical_url: str, when: str) -> str:
    row = catalog.db.execute("SELECT title FROM captures WHERE canonical_url = ? AND timestamp < ? AND "
                             "title IS NOT NULL AND title <> '' ORDER BY timestamp DESC LIMIT 1",
                             (canonical_url, when)).fetchone()
    return row[0] if row else ""


# -- Atom ---------------------------------------------------------------------------------------
def _stamp14(timestamp: str) -> str:
    return "".join(ch for ch in timestamp if ch.isdigit())[:14]


def _rfc3339(timestamp: str) -> str:
    """A catalog timestamp (``2026-11-29T08:15:02.000000Z``) as Atom writes dates."""
    return datetime.strptime(_stamp14(timestamp), "%Y%m%d%H%M%S").replace(tzinfo=UTC).isoformat().replace(
        "+00:00", "Z")


def entry_link(change: Change, ui_origin: str, replay_origin: str) -> str:
    """Where an entry leads: an edit to its diff in the web UI, a removal to the last version
    before it in replay, a new article to its page in the web UI."""
    from urllib.parse import urlencode

    if change.kind == "removed" and change.previous_at:
        return f"{replay_origin}/web/{_stamp14(change.previous_at)}/{change.url}"
    params = {"url": change.canonical_url, "at": change.at}
    if change.kind == "edited":
        params["diff"] = "1"
    return f"{ui_origin}/#/article?{urlencode(params)}"


def summary(change: Change) -> str:
    if change.kind == "edited":
        size = ("" if change.words_added is None else
                f": {change.words_added} words added, {change.words_removed} removed")
        return f"edited, version {change.version}{size}"
    if change.kind == "removed":
        return f"removed (the page answered {change.status}; found by run {change.run})" + (
            f"; last archived {change.previous_at}" if change.previous_at else "")
    return "new article"


def atom(found: list[Change], title: str, feed_url: str, ui_origin: str, replay_origin: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of ``found``, newest first."""
    ElementTree.register_namespace("", ATOM)

    def sub(parent, name: str, text: str | None = None, **attrs) -> ElementTree.Element:
        node = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if text is not None:
            node.text = text
        return node

    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    sub(feed, "updated", _rfc3339(found[-1].at) if found else "1970-01-01T00:00:00Z")
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    author = sub(feed, "author")
    sub(author, "name", "arshif")
    for change in reversed(found):
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:arshif:{change.kind}:{change.record_id}")
        sub(entry, "title", f"[{change.site}] {change.title or change.url}")
        sub(entry, "updated", _rfc3339(change.at))
        sub(entry, "link", rel="alternate", href=entry_link(change, ui_origin, replay_origin))
        sub(entry, "link", rel="related", href=change.url)
        sub(entry, "category", term=change.kind)
        sub(entry, "summary", summary(change))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="utf-8")
