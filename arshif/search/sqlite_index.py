"""The search index in the catalog's SQLite file: FTS5 over folded text, original text beside it.

- ``search_docs``: one row per article version (the capture that started it): the article,
  its site and URL, when that version was first and last captured, its publication date, its
  title, and its original text (zlib, for snippets; never altered).
- ``search_fts``: a contentless FTS5 table (rowid = ``search_docs.id``) over the folded title
  and text (``title``, ``body``: exact forms) and their stems (``title_stems``,
  ``body_stems``, see normalize.stem, each marked with a leading tatweel, a letter to FTS5 that
  folding takes out of every query: a stem that is also a word, such as "قال", is then a term
  of its own, and the exact word's list of positions is not made twice as long); bm25 ranks with the title counting three times a word
  of the text, and a word's exact form scoring on top of its stem (see query).
- ``search_parts``: the run parts (manifest keys) indexed, so that one applied twice adds
  nothing and a catalog whose parts were applied before search existed is reported.
- ``search_meta``: the folding the index was built with.
- ``captures_by_cluster``: an index of the catalog's captures by story cluster, so that search
  results can be grouped by story (see stories) without reading every capture.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from arshif.search.normalize import SEARCH_NORMALIZER, stem, tokens
from arshif.search.query import STEM_MARK, Query

TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS search_docs (
    id INTEGER PRIMARY KEY, record_id TEXT UNIQUE, canonical_url TEXT, url TEXT, site TEXT,
    version INTEGER, first_seen TEXT, last_seen TEXT, published TEXT, title TEXT, body BLOB
);
CREATE INDEX IF NOT EXISTS search_docs_by_article ON search_docs (canonical_url, version);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title, body, title_stems, body_stems, content='', tokenize='unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS search_parts (
    key TEXT PRIMARY KEY, docs INTEGER, indexed_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS search_meta (name TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS captures_by_cluster ON captures (cluster);
"""


@dataclass(frozen=True)
class Doc:
    """One article version to index; ``text`` and ``title`` as extracted (original script)."""

    record_id: str
    canonical_url: str
    url: str
    site: str
    version: int | None
    first_seen: str  # capture timestamps, as in the catalog (ISO, UTC, Z)
    last_seen: str
    published: str | None
    title: str
    text: str


@dataclass(frozen=True)
class Filters:
    site: str | None = None
    since: str | None = None  # capture time bounds (catalog timestamp strings), since inclusive
    until: str | None = None  # … until exclusive
    published_since: str | None = None  # YYYY-MM-DD, inclusive
    published_until: str | None = None  # YYYY-MM-DD, inclusive


# The FTS5 columns' weights for bm25: title, body, title_stems, body_stems (a tier scores
# either the exact columns or, for its words, the stem columns: see query).
WEIGHTS = f"{TITLE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT}"


def has_index(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'").fetchone() is not None


def fts_row(title: str, text: str) -> tuple[str, str, str, str]:
    """The four indexed columns of a text: exact folded tokens and their marked stems."""
    title_tokens, body_tokens = tokens(title), tokens(text)
    return (" ".join(title_tokens), " ".join(body_tokens), " ".join(STEM_MARK + stem(t) for t in title_tokens),
            " ".join(STEM_MARK + stem(t) for t in body_tokens))


def ensure_schema(db: sqlite3.Connection) -> None:
    """Creates the tables; an index built with another folding (or before stems) is emptied
    first, since this arshif cannot search it: its run parts are then reported as not indexed
    (``arshif reindex`` fills them in), while new parts are indexed as they come."""
    built = normalizer(db) if has_index(db) else None
    if built is not None and built != SEARCH_NORMALIZER:
        db.executescript("DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_docs; "
                         "DELETE FROM search_parts; DELETE FROM search_meta;")
    db.executescript(SCHEMA)
    db.execute("INSERT OR IGNORE INTO search_meta (name, value) VALUES ('normalizer', ?)",
               (SEARCH_NORMALIZER,))


def normalizer(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM search_meta WHERE name = 'normalizer'").fetchone()
    return row[0] if row else None


def insert_docs(db: sqlite3.Connection, docs: Iterable[Doc]) -> list[int]:
    """Adds ``docs`` (inside the caller's transaction); a record already indexed is skipped.
    Returns the new rows' ids."""
    added: list[int] = []
    fts_rows: list[tuple] = []
    for doc in docs:
        cursor = db.execute(
            "INSERT OR IGNORE INTO search_docs (record_id, canonical_url, url, site, version, first_seen, "
            "last_seen, published, title, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.record_id, doc.canonical_url, doc.url, doc.site, doc.version, doc.first_seen,
             doc.last_seen, doc.published, doc.title, zlib.compress(doc.text.encode("utf-8"), 6)))
        if cursor.rowcount == 1:
            added.append(cursor.lastrowid)
            fts_rows.append((cursor.lastrowid, *fts_row(doc.title, doc.text)))
    db.executemany("INSERT INTO search_fts (rowid, title, body, title_stems, body_stems) "
                   "VALUES (?, ?, ?, ?, ?)", fts_rows)
    return added


def refresh_last_seen(db: sqlite3.Connection, ids: list[int]) -> None:
    """A new version's last capture from the catalog's captures (parts applied out of order)."""
    db.executemany(
        "UPDATE search_docs SET last_seen = MAX(last_seen, COALESCE((SELECT MAX(c.timestamp) "
        "FROM captures c WHERE c.canonical_url = search_docs.canonical_url AND "
        "c.version = search_docs.version AND c.kind <> 'removed'), last_seen)) WHERE id = ?",
        [(i,) for i in ids])


def delete_article(db: sqlite3.Connection, canonical_url: str) -> int:
    """Removes every version of an article from the index (a contentless FTS5 table forgets a
    row when told the tokens it was given, which the original text gives back)."""
    rows = db.execute("SELECT id, title, body FROM search_docs WHERE canonical_url = ?",
                      (canonical_url,)).fetchall()
    for row in rows:
        text = zlib.decompress(row[2]).decode("utf-8")
        db.execute("INSERT INTO search_fts (search_fts, rowid, title, body, title_stems, body_stems) "
                   "VALUES ('delete', ?, ?, ?, ?, ?)", (row[0], *fts_row(row[1] or "", text)))
    db.execute("DELETE FROM search_docs WHERE canonical_url = ?", (canonical_url,))
    return len(rows)


def body_of(row: sqlite3.Row | dict) -> str:
    return zlib.decompress(row["body"]).decode("utf-8")


def _where(filters: Filters) -> tuple[str, list]:
    clauses, params = [], []
    if filters.site:
        clauses.append("d.site = ?")
        params.append(filters.site)
    # A version counts as archived from its first capture to its last (before a removal).
    if filters.since:
        clauses.append("d.last_seen >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("d.first_seen < ?")
        params.append(filters.until)
    if filters.published_since:
        clauses.append("substr(d.published, 1, 10) >= ?")
        params.append(filters.published_since)
    if filters.published_until:
        clauses.append("substr(d.published, 1, 10) <= ?")
        params.append(filters.published_until)
    return " AND ".join(clauses), params


def newest_bound(db: sqlite3.Connection, query: Query, tier: str, cap: int) -> int | None:
    """The rowid from which on the ``cap`` newest versions matching (in ``tier``) are, or None
    when fewer match. Walking the matches in rowid order costs little; scoring them (bm25) is
    what costs."""
    row = db.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC "
                     "LIMIT 1 OFFSET ?", (query.fts(tier), cap - 1)).fetchone()
    return row[0] if row else None


def ranked_ids(db: sqlite3.Connection, query: Query, tier: str, filters: Filters, fetch: int,
               from_rowid: int | None = None) -> list[tuple[int, float]]:
    """The ``fetch`` best-ranked versions matching in ``tier`` (id, bm25: lower is better),
    only among rowids >= ``from_rowid`` when given."""
    where, params = _where(filters)
    join = "JOIN search_docs d ON d.id = search_fts.rowid" if where else ""
    clauses = ["search_fts MATCH ?", *([where] if where else [])]
    if from_rowid is not None:
        clauses.append("search_fts.rowid >= ?")
        params.append(from_rowid)
    sql = (f"SELECT search_fts.rowid, bm25(search_fts, {WEIGHTS}) AS score "
           f"FROM search_fts {join} WHERE {' AND '.join(clauses)} ORDER BY score, search_fts.rowid LIMIT ?")
    return db.execute(sql, [query.fts(tier), *params, fetch]).fetchall()


def docs_by_id(db: sqlite3.Connection, ids: list[int]) -> dict[int, sqlite3.Row]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"SELECT * FROM search_docs WHERE id IN ({marks})", ids).fetchall()
    return {row["id"]: row for row in rows}


def withdrawn(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT canonical_url FROM takedowns")}
