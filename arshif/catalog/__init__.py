"""The catalog: a queryable copy of what the bucket's manifests say, rebuilt from them at will.

SQLite (WAL) under ``ARSHIF_HOME`` by default; PostgreSQL when ``ARSHIF_INDEX_URL`` is a
``postgresql://`` URL (several workers on several machines share one catalog: see pg.py). Rows
are only ever added from committed manifests, so applying a manifest twice changes nothing.
The SQL here is portable (``ON CONFLICT``, window functions); ``dialect`` picks the rest.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from arshif.catalog.ledger_view import SQLITE_SCHEMA as LEDGER_SCHEMA
from arshif.catalog.ledger_view import LedgerView
from arshif.paths import arshif_home

CAPTURE_COLUMNS = (
    "record_id", "url", "canonical_url", "site", "run_key", "role", "timestamp", "status", "kind",
    "version", "change", "digest", "text_fingerprint", "content_type",
    "warc_file", "warc_offset", "warc_length", "request_length",
    "payload_record_id", "payload_warc_file", "payload_warc_offset", "payload_warc_length",
    "captures_object", "captures_offset", "captures_length", "title", "page_kind", "chrome_model",
    "text_lines",  # JSON list of the text's line keys before site chrome (see dedupe)
    "cluster",
    "etag", "last_modified",  # the response's validators, for the next conditional re-check
    "url_key",  # canonical_url(url): the fetched URL's own identity, which may be an alias
)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS captures (
    {", ".join(c + (" TEXT PRIMARY KEY" if c == "record_id" else "") for c in CAPTURE_COLUMNS)}
);
CREATE INDEX IF NOT EXISTS captures_by_url ON captures (canonical_url, timestamp);
CREATE INDEX IF NOT EXISTS captures_by_run ON captures (run_key, site);
CREATE INDEX IF NOT EXISTS captures_by_site ON captures (site, canonical_url, run_key);
CREATE TABLE IF NOT EXISTS manifests (
    key TEXT PRIMARY KEY, run_key TEXT, site TEXT, applied_at TEXT DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS texts (
    record_id TEXT, object TEXT, offset INTEGER, length INTEGER, extractor TEXT, chrome_model TEXT,
    PRIMARY KEY (record_id, object)
);
CREATE TABLE IF NOT EXISTS run_reports (
    run_key TEXT, site TEXT, report TEXT, PRIMARY KEY (run_key, site)
);
CREATE TABLE IF NOT EXISTS takedowns (
    id TEXT PRIMARY KEY, canonical_url TEXT, site TEXT, decided_at TEXT, requested_by TEXT,
    reason TEXT, record_key TEXT, purged_at TEXT
);
CREATE INDEX IF NOT EXISTS takedowns_by_url ON takedowns (canonical_url);
CREATE TABLE IF NOT EXISTS takedown_urls (
    url_key TEXT, id TEXT, PRIMARY KEY (url_key, id)
);
""" + LEDGER_SCHEMA


class CatalogError(RuntimeError):
    pass


def _dicts(rows: list) -> list[dict]:
    """Rows (``sqlite3.Row`` or ``PgRow``) as dicts: the column names read once, not per row
    (``dict(row)`` asks every row for its keys: twice the time of the query on a long history)."""
    if not rows:
        return []
    names = rows[0].keys()
    return [dict(zip(names, row, strict=True)) for row in rows]


def index_url() -> str:
    return os.environ.get("ARSHIF_INDEX_URL", "")


def is_postgres() -> bool:
    """Whether ``ARSHIF_INDEX_URL`` names a PostgreSQL catalog."""
    from arshif.catalog.pg import is_postgres_url

    return is_postgres_url(index_url())


def catalog_path() -> Path:
    """The SQLite catalog's file (for what works on a file: ``arshif reindex``, ``verify``)."""
    from arshif.catalog.pg import is_postgres_url, redacted

    url = index_url()
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    if is_postgres_url(url):
        raise CatalogError(
            f"ARSHIF_INDEX_URL={redacted(url)} is a PostgreSQL catalog: this command works on a SQLite "
            "catalog file only so far (the pipeline, retrieval, search and takedowns work on both); "
            "run it with ARSHIF_INDEX_URL=sqlite:///PATH (or unset, for ARSHIF_HOME/catalog.sqlite)")
    if url:
        raise CatalogError(
            f"ARSHIF_INDEX_URL={url!r}: expected sqlite:///PATH or postgresql://USER@HOST/DB; "
            "unset it to use the SQLite catalog under ARSHIF_HOME"
        )
    return arshif_home() / "catalog.sqlite"


class Catalog(LedgerView):
    """``path``: a SQLite file; ``url``: a PostgreSQL URL; neither: from ``ARSHIF_INDEX_URL``."""

    def __init__(self, path: Path | None = None, url: str | None = None) -> None:
        from arshif.catalog.pg import is_postgres_url

        if path is None and url is None and is_postgres_url(index_url()):
            url = index_url()
        if url is not None:
            self._open_postgres(url)
            return
        self.dialect = "sqlite"
        self.path = path or catalog_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._add_missing_columns()
        self.db.execute("CREATE INDEX IF NOT EXISTS captures_by_url_key ON captures (url_key)")

    def _open_postgres(self, url: str) -> None:
        from arshif.catalog.pg import PgConnection, redacted, schema

        self.dialect = "postgresql"
        self.path = redacted(url)  # what messages name (no file)
        try:
            self.db = PgConnection(url)
        except Exception as exc:  # psycopg2.OperationalError: say which database and why
            raise CatalogError(f"cannot open the PostgreSQL catalog {redacted(url)}: {exc}".strip()) from None
        # Under the write lock: two processes creating the tables at once would collide.
        with self.transaction() as db:
            for statement in schema(CAPTURE_COLUMNS):
                db.execute(statement)

    def _add_missing_columns(self) -> None:
        """Catalogs made by an older arshif get the newer columns (empty until a reindex)."""
        present = {row["name"] for row in self.db.execute("PRAGMA table_info(captures)")}
        for column in CAPTURE_COLUMNS:
            if column not in present:
                self.db.execute(f"ALTER TABLE captures ADD COLUMN {column}")

    def close(self) -> None:
        self.db.close()

    @property
    def _rowid(self) -> str:
        """The insertion order of ``texts`` (SQLite's rowid; a column in PostgreSQL)."""
        return "rowid" if self.dialect == "sqlite" else "seq"

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- written from manifests -------------------------------------------------------------
    def has_manifest(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM manifests WHERE key = ?", (key,)).fetchone() is not None

    def apply_manifest(self, key: str, run_key: str, site: str, captures: Iterable[dict]) -> int:
        """Adds a committed manifest's captures; a manifest already applied adds nothing."""
        placeholders = ", ".join("?" for _ in CAPTURE_COLUMNS)
        sql = (f"INSERT INTO captures ({', '.join(CAPTURE_COLUMNS)}) VALUES ({placeholders}) "
               "ON CONFLICT DO NOTHING")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM manifests WHERE key = ?", (key,)).fetchone():
                return 0
            rows = [tuple(row.get(c) for c in CAPTURE_COLUMNS) for row in captures]
            db.executemany(sql, rows)
            db.execute("INSERT INTO manifests (key, run_key, site) VALUES (?, ?, ?)", (key, run_key, site))
        return len(rows)

    def add_texts(self, text_object: str, extractor: str, chrome_model: str | None,
                  positions: list[tuple[str, int, int]]) -> None:
        """Records a re-extraction's texts (record id, offset, length in ``text_object``)."""
        with self.transaction() as db:
            db.executemany(
                'INSERT INTO texts (record_id, object, "offset", length, extractor, chrome_model) '
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(rid, text_object, off, length, extractor, chrome_model) for rid, off, length in positions],
            )

    def latest_text(self, record_id: str) -> dict | None:
        row = self.db.execute(f"SELECT * FROM texts WHERE record_id = ? ORDER BY {self._rowid} DESC LIMIT 1",
                              (record_id,)).fetchone()
        if not row:
            return None
        found = dict(row)
        found.pop("seq", None)
        return found

    def save_report(self, run_key: str, site: str, report: dict) -> None:
        self.db.execute(
            "INSERT INTO run_reports (run_key, site, report) VALUES (?, ?, ?) "
            "ON CONFLICT (run_key, site) DO UPDATE SET report = excluded.report",
            (run_key, site, json.dumps(report, ensure_ascii=False)),
        )

    # -- read ------------------------------------------------------------------------------
    def captures_of(self, canonical_url: str) -> list[dict]:
        return _dicts(self.db.execute(
            "SELECT * FROM captures WHERE canonical_url = ? ORDER BY timestamp, record_id",
            (canonical_url,),
        ).fetchall())

    def capture_times(self, canonical_url: str) -> list[str]:
        """The timestamps of the article's captures in ``captures_of``'s order, one per distinct
        value: read from the index alone (a section page has a row per day of the year)."""
        rows = self.db.execute(
            "SELECT DISTINCT timestamp FROM captures WHERE canonical_url = ? ORDER BY timestamp",
            (canonical_url,))
        return [r[0] for r in rows]

    def first_capture_at(self, canonical_url: str, timestamp: str) -> dict | None:
        """The first capture of the article at ``timestamp`` in ``captures_of``'s order."""
        row = self.db.execute(
            "SELECT * FROM captures WHERE canonical_url = ? AND timestamp = ? ORDER BY record_id LIMIT 1",
            (canonical_url, timestamp)).fetchone()
        return dict(row) if row else None

    def identity_of(self, url_key: str) -> str | None:
        """The article a URL is an alias of (a page fetched under it declared another canonical
        URL of its site), or None when no capture was fetched under it."""
        row = self.db.execute(
            "SELECT canonical_url FROM captures WHERE url_key = ? AND canonical_url IS NOT NULL "
            "ORDER BY timestamp DESC LIMIT 1", (url_key,)).fetchone()
        return row["canonical_url"] if row else None

    def resolve(self, canonical: str) -> str:
        """The article identity to look up for a URL already in ``canonical_url`` form."""
        if self.db.execute("SELECT 1 FROM captures WHERE canonical_url = ? LIMIT 1", (canonical,)).fetchone():
            return canonical
        return self.identity_of(canonical) or canonical

    def aliases(self, site: str) -> dict[str, str]:
        """URL → article for the site's URLs that are aliases of another."""
        rows = self.db.execute(
            "SELECT DISTINCT url_key, canonical_url FROM captures "
            "WHERE site = ? AND url_key IS NOT NULL AND url_key <> canonical_url", (site,))
        return {r["url_key"]: r["canonical_url"] for r in rows}

    def captures_in_run(self, run_key: str, site: str) -> list[dict]:
        """Every capture one site's part of a run committed, in the order of its captures object."""
        rows = self.db.execute(
            "SELECT * FROM captures WHERE run_key = ? AND site = ? ORDER BY captures_object, captures_offset",
            (run_key, site))
        return [dict(r) for r in rows]

    def capture(self, record_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM captures WHERE record_id = ?", (record_id,)).fetchone()
        return dict(row) if row else None

    def latest(self, canonical_url: str, with_text: bool = False) -> dict | None:
        condition = "AND text_fingerprint IS NOT NULL" if with_text else ""
        row = self.db.execute(
            f"SELECT * FROM captures WHERE canonical_url = ? {condition} "
            "ORDER BY timestamp DESC, record_id DESC LIMIT 1",
            (canonical_url,),
        ).fetchone()
        return dict(row) if row else None

    def cluster_of(self, canonical_url: str) -> str | None:
        row = self.db.execute(
            "SELECT cluster FROM captures WHERE canonical_url = ? AND cluster IS NOT NULL "
            "ORDER BY timestamp DESC LIMIT 1", (canonical_url,)).fetchone()
        return row["cluster"] if row else None

    def cluster_members(self, cluster: str) -> list[dict]:
        """One row per article of a story cluster: its URL, site, first capture and last version
        (withdrawn articles left out)."""
        rows = self.db.execute(
            "SELECT canonical_url, MIN(url) AS url, site, MIN(timestamp) AS first_seen, "
            "MAX(timestamp) AS last_seen, MAX(version) AS versions, MAX(title) AS title "
            "FROM captures WHERE cluster = ? AND canonical_url NOT IN (SELECT canonical_url FROM takedowns) "
            "GROUP BY canonical_url, site ORDER BY first_seen",
            (cluster,))
        return [dict(r) for r in rows]

    def article_frontier(self, site: str, before_run: str) -> list[dict]:
        """One row per article of ``site`` captured before run ``before_run`` (an URL that
        once had article text): its first and last run, the URL and kind of its last capture,
        and the validators of its newest capture that had any."""
        # One pass over the site's captures: the newest capture, and the newest with validators,
        # of each URL by window functions instead of one correlated subquery per column.
        rows = self.db.execute(
            """
            WITH earlier AS (
                SELECT * FROM captures WHERE site = ? AND run_key < ?
            ), articles AS (
                SELECT canonical_url, MIN(run_key) AS first_run, MAX(run_key) AS last_run
                FROM earlier WHERE role = 'article'
                GROUP BY canonical_url HAVING MAX(text_fingerprint) IS NOT NULL
            ), ranked AS (
                SELECT canonical_url, url, kind, etag, last_modified,
                  ROW_NUMBER() OVER (PARTITION BY canonical_url
                                     ORDER BY timestamp DESC, record_id DESC) AS newest,
                  ROW_NUMBER() OVER (PARTITION BY canonical_url
                                     ORDER BY (etag IS NULL AND last_modified IS NULL),
                                              timestamp DESC, record_id DESC) AS newest_validated
                FROM earlier
            )
            SELECT a.canonical_url, a.first_run, a.last_run, last.url AS last_url,
                   last.kind AS last_kind, v.etag, v.last_modified
            FROM articles a
            JOIN ranked last ON last.canonical_url = a.canonical_url AND last.newest = 1
            JOIN ranked v ON v.canonical_url = a.canonical_url AND v.newest_validated = 1
            ORDER BY a.canonical_url
            """,
            (site, before_run),
        )
        return [dict(r) for r in rows]

    def last_run(self, site: str, before: str) -> str | None:
        """The newest run before ``before`` that committed a part for ``site``."""
        row = self.db.execute("SELECT MAX(run_key) FROM manifests WHERE site = ? AND run_key < ?",
                              (site, before)).fetchone()
        return row[0] if row else None

    def site_reports(self, site: str, before: str | None = None, limit: int = 30) -> list[tuple[str, dict]]:
        """The site's run reports, oldest first: the last ``limit`` runs before ``before``."""
        rows = self.db.execute(
            "SELECT run_key, report FROM run_reports WHERE site = ? AND (? IS NULL OR run_key < ?) "
            "ORDER BY run_key DESC LIMIT ?", (site, before, before, limit)).fetchall()
        return [(r["run_key"], json.loads(r["report"])) for r in reversed(rows)]

    def listing_validators(self, site: str, before_run: str) -> dict[str, dict]:
        """Feed, sitemap and section URLs of ``site`` → the validators of their newest capture
        before run ``before_run``, when it had any."""
        rows = self.db.execute(
            """
            SELECT canonical_url, etag, last_modified FROM (
                SELECT canonical_url, etag, last_modified,
                  ROW_NUMBER() OVER (PARTITION BY canonical_url ORDER BY timestamp DESC, record_id DESC) AS newest
                FROM captures WHERE site = ? AND run_key < ? AND role IN ('feed', 'sitemap', 'section')
                  AND status IN (200, 304)
            ) AS ranked WHERE newest = 1 AND (etag IS NOT NULL OR last_modified IS NOT NULL)
            """, (site, before_run))
        return {r["canonical_url"]: {"etag": r["etag"], "last_modified": r["last_modified"]} for r in rows}

    def reports(self, run_key: str) -> dict[str, dict]:
        rows = self.db.execute("SELECT site, report FROM run_reports WHERE run_key = ?", (run_key,))
        return {r["site"]: json.loads(r["report"]) for r in rows}

    # -- takedowns (arshif/takedown/): articles withdrawn from every access path ----------------
    def add_takedown(self, record: dict, record_key: str) -> None:
        """Records a takedown read from its record in the bucket; adding it twice changes nothing.
        Every URL the article was captured under (``url_keys``) stays withdrawn, also after a
        purge has removed the captures that made them aliases."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO takedowns (id, canonical_url, site, decided_at, requested_by, "
                "reason, record_key) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (record["id"], record["article"], record.get("site"), record["decided_at"],
                 record.get("requested_by"), record.get("reason"), record_key))
            db.executemany("INSERT INTO takedown_urls (url_key, id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           [(key, record["id"]) for key in {record["article"], *record.get("url_keys", [])}])

    def forget_captures(self, record_ids: list[str]) -> int:
        """Deletes the rows of purged captures (and their re-extracted texts)."""
        with self.transaction() as db:
            db.executemany("DELETE FROM texts WHERE record_id = ?", [(r,) for r in record_ids])
            return sum(db.execute("DELETE FROM captures WHERE record_id = ?", (r,)).rowcount
                       for r in record_ids)

    def mark_purged(self, takedown_id: str, purged_at: str) -> None:
        self.db.execute("UPDATE takedowns SET purged_at = ? WHERE id = ?", (purged_at, takedown_id))

    def takedown_of(self, *url_keys: str) -> dict | None:
        """The takedown that withdrew the article any of ``url_keys`` (canonical URLs) names,
        or None when it is open to access."""
        marks = ", ".join("?" for _ in url_keys)
        row = self.db.execute(
            f"SELECT * FROM takedowns WHERE canonical_url IN ({marks}) OR id IN "
            f"(SELECT id FROM takedown_urls WHERE url_key IN ({marks})) ORDER BY decided_at, id LIMIT 1",
            (*url_keys, *url_keys)).fetchone()
        return dict(row) if row else None

    def takedowns(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM takedowns ORDER BY decided_at, id")]

    def withdrawn_urls(self, site: str) -> dict[str, str]:
        """URL → article for every URL a withdrawn article of ``site`` was captured under."""
        rows = self.db.execute(
            "SELECT u.url_key, t.canonical_url FROM takedown_urls u JOIN takedowns t ON t.id = u.id "
            "WHERE t.site = ? OR t.site IS NULL", (site,))
        return {r["url_key"]: r["canonical_url"] for r in rows}

    def withdrawn(self) -> set[str]:
        """Every article (canonical URL) withdrawn by a takedown: no access path may show it."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT canonical_url FROM takedowns")}

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
