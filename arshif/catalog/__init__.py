"""The catalog: a queryable copy of what the bucket's manifests say, rebuilt from them at will.

SQLite (WAL) under ``ARSHIF_HOME`` by default; PostgreSQL when ``ARSHIF_INDEX_URL`` is a
``postgresql://`` URL (several workers on several machines share one catalog: see pg.py). Rows
are only ever added from committed manifests, so applying a manifest twice changes nothing.
The SQL here is portable (``ON CONFLICT``, window functions); ``dialect`` picks the rest.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from arshif.catalog.captures_view import CapturesView
from arshif.catalog.ledger_view import LedgerView
from arshif.catalog.runs_view import RunsView
from arshif.catalog.schema import CAPTURE_COLUMNS, SCHEMA
from arshif.catalog.takedowns_view import TakedownsView
from arshif.home import arshif_home

__all__ = ["CAPTURE_COLUMNS", "SCHEMA", "Catalog", "CatalogError", "catalog_path", "index_url", "is_postgres"]


class CatalogError(RuntimeError):
    pass


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


class Catalog(CapturesView, RunsView, TakedownsView, LedgerView):
    """``path``: a SQLite file; ``url``: a PostgreSQL URL; neither: from ``ARSHIF_INDEX_URL``.

    Reads and writes per table live in the mixins: captures (``captures_view``), runs and their
    reports (``runs_view``), takedowns (``takedowns_view``), the run ledger (``ledger_view``);
    here: opening, transactions, and what comes in from manifests and re-extractions."""

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
