"""Near-copy detection and story clusters: MinHash LSH persisted in the catalog's database.

The third dedupe layer, after the same payload bytes and the same normalised text (see
``arshif/dedupe/__init__.py`` and docs/architecture.md, "dedupe"): two texts that are neither
the same bytes nor the same normalised text, but one is a copy of the other with edits, a "read
also" block, or another site's chrome (syndicated wire copy). A query never scans: the keys of
the new text's bands are looked up in ``lsh_bands``'s primary key, and only the documents found
there are read back (by their integer number) and confirmed by the exact Jaccard of their stored
shingle sets.

Tables (created if missing, next to the catalog's own):

- ``lsh_params``: the :class:`MinHashParams` the index was built with, as JSON. Opening an index
  with other params is an error: stored band keys would never match new ones, silently. The
  params are checked before the other tables are touched, so an index of an older layout (other
  params, other columns) asks for a reindex instead of failing on a column.
- ``lsh_docs``: one row per document: an integer document number (what ``lsh_bands`` refers
  to), its doc_id (unique), its site, its shingle set (sorted little-endian uint32, 4 bytes per
  shingle, so confirmation needs no text and a reindex with a new seed or banding needs no
  re-extraction), and its story cluster. The shingle sets are most of the index's bytes.
- ``lsh_bands``: one row per (band key, document number), two integers: the key is a 64-bit
  hash of the band's index and rows (minhash.band_keys), so one column serves every band. The
  primary key (key, doc) is the whole table (no rowid, no second copy in an index): a lookup by
  key reads the documents straight from it. 42 bands make this the largest table by rows.

The SQL is plain and lives in the small ``_sql_*`` methods. What differs by database is the
DDL (``_ddl``: SQLite's rowid and WITHOUT ROWID, PostgreSQL's identity column and BYTEA) and
the BEGIN (both take the catalog's write lock at once: see arshif/catalog/pg.py); ``RETURNING``
and ``ON CONFLICT DO NOTHING`` are in both, and the catalog's PostgreSQL connection takes the
same ``?`` placeholders.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

import numpy as np

from arshif.dedupe.minhash import (
    DEFAULT_PARAMS,
    U32,
    MinHashParams,
    band_keys,
    jaccard_sorted,
    shingle_array,
    signature,
)

# Calibrated on the labelled pairs of bench/pairs (docs/benchmarks.md, dedupe section: "How the
# threshold was chosen"): the highest threshold of the sweep at which precision ≥ 0.95 and
# recall ≥ 0.9 still hold at the 95 % lower confidence bound. Near-copies there reach down to
# Jaccard 0.455 (truncated, re-chromed wire copy), hard negatives reach 0.062 at most. A
# query-time knob (not stored): it can be recalibrated without a reindex anywhere the banding
# still proposes (almost) every pair, down to 0.5 with 42 × 3 bands (see minhash.py).
DEFAULT_CONFIRM_THRESHOLD = 0.55

# -- What differs by database (the DDL; everything else is the same SQL)
# SQLite: the document number is an alias of the rowid, numbered on insert; PostgreSQL: an
# identity column. Shingle sets: BLOB / BYTEA. The band table is its primary key's B-tree with
# no rowid beside it (SQLite's WITHOUT ROWID; PostgreSQL: a plain table with PRIMARY KEY (key,
# doc), which its index answers). Text compared byte-wise in PostgreSQL, as in SQLite.
_TYPES = {
    "sqlite": {"doc": "INTEGER PRIMARY KEY", "blob": "BLOB", "text": "TEXT", "without_rowid": " WITHOUT ROWID"},
    "postgresql": {"doc": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "blob": "BYTEA",
                   "text": 'TEXT COLLATE "C"', "without_rowid": ""},
}
# Take the write lock at the start, as the catalog does: a second writer then waits at BEGIN
# instead of failing when its read transaction tries to upgrade (SQLite's busy timeout; the
# catalog's PostgreSQL connection turns it into BEGIN and the catalog's advisory lock).
_BEGIN = "BEGIN IMMEDIATE"


def _ddl(dialect: str) -> tuple[str, tuple[str, ...]]:
    """(the params table, the other tables) in ``dialect``."""
    t = _TYPES[dialect]
    text = t["text"]
    params = f"CREATE TABLE IF NOT EXISTS lsh_params (name {text} PRIMARY KEY, value {text} NOT NULL)"
    return params, (
        f"CREATE TABLE IF NOT EXISTS lsh_docs (doc {t['doc']}, doc_id {text} NOT NULL UNIQUE, "
        f"site {text}, shingles {t['blob']} NOT NULL, cluster {text}, added {text})",
        # cluster_members, and the check that a new cluster id is not taken yet.
        "CREATE INDEX IF NOT EXISTS lsh_docs_by_cluster ON lsh_docs (cluster)",
        # BIGINT: a 64-bit integer in both databases (SQLite gives it INTEGER affinity).
        "CREATE TABLE IF NOT EXISTS lsh_bands (key BIGINT NOT NULL, doc BIGINT NOT NULL, "
        f"PRIMARY KEY (key, doc)){t['without_rowid']}",
    )


_TABLES = ("lsh_bands", "lsh_docs", "lsh_params")


class IndexParamsError(RuntimeError):
    """The stored index was built with other parameters than this arshif uses."""


@dataclass(frozen=True)
class Match:
    doc_id: str
    site: str | None
    cluster: str | None
    jaccard: float


@dataclass(frozen=True)
class _Prepared:
    shingles: U32  # sorted, distinct
    keys: list[int]  # one per band; empty for a text without words (never indexed)


def drop_index(db: sqlite3.Connection) -> None:
    """Removes the near-copy tables, for ``arshif reindex`` after a change of parameters."""
    for table in _TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")


class NearCopyIndex:
    """MinHash LSH over a database connection it is given (the catalog's)."""

    def __init__(
        self,
        db: sqlite3.Connection,
        params: MinHashParams = DEFAULT_PARAMS,
        confirm_threshold: float = DEFAULT_CONFIRM_THRESHOLD,
    ) -> None:
        self.db = db
        # sqlite3 connections have no dialect; the catalog's PostgreSQL connection says so.
        self.dialect = getattr(db, "dialect", "sqlite")
        self.params = params
        self.confirm_threshold = confirm_threshold
        # Candidate rows read back from lsh_docs by the last query: what the benchmark and the
        # no-scan test look at (it must track the number of near-copies, not the index size).
        self.last_candidates = 0
        with self._transaction():
            self._sql_create_params_table()
            self._check_params()  # before the other tables: an older layout is not touched
            self._sql_create_tables()

    # -- public ----------------------------------------------------------------------------
    def add(self, doc_id: str, text: str, site: str, cluster: str | None = None) -> None:
        """Indexes ``text`` as ``doc_id``; a doc_id already indexed is left as it is."""
        self.add_many([(doc_id, text, site, cluster)])

    def add_many(self, docs: Iterable[tuple[str, str, str, str | None]]) -> int:
        """Indexes (doc_id, text, site, cluster) tuples in one transaction; returns how many were new.

        For bulk loads (a reindex): one transaction; one insert per document (the database
        numbers it), then one executemany for all their band rows.
        """
        added = _now()
        band_rows: list[tuple[int, int]] = []
        with self._transaction():
            seen: set[str] = set()
            new = 0
            for doc_id, text, site, cluster in docs:
                if doc_id in seen or self._sql_doc(doc_id) is not None:
                    continue
                seen.add(doc_id)
                prepared = self._prepare(text)
                doc = self._sql_insert_doc(doc_id, site, _blob(prepared.shingles), cluster, added)
                new += 1
                band_rows.extend((key, doc) for key in prepared.keys)
            # In key order: consecutive inserts land in the same B-tree pages, each page written
            # once per batch instead of once per row (a bulk load touches most of the table).
            band_rows.sort()
            self._sql_insert_bands(band_rows)
        return new

    def query(self, text: str, exclude: str | None = None) -> list[Match]:
        """Indexed documents whose Jaccard with ``text`` is ≥ the confirm threshold, best first."""
        return self._confirmed(self._prepare(text), exclude)

    def assign(self, doc_id: str, text: str, site: str) -> tuple[str, list[Match]]:
        """Indexes the document and gives it a story cluster: its best match's, or a new one.

        Clusters are never merged: a document that matches two clusters joins the one of its
        best match. Merging transitively would chain A≈B≈C… into clusters whose ends share
        nothing, and would rewrite cluster ids that were already reported.
        """
        prepared = self._prepare(text)
        with self._transaction():
            matches = self._confirmed(prepared, exclude=doc_id)
            existing = self._sql_doc(doc_id)
            if existing is not None and existing[0] is not None:
                return existing[0], matches  # assigned before: the same answer again
            # A match added without a cluster (add(..., cluster=None)) has none to give.
            cluster = next((m.cluster for m in matches if m.cluster), None)
            cluster = cluster or self._new_cluster_id(doc_id)
            if existing is None:
                doc = self._sql_insert_doc(doc_id, site, _blob(prepared.shingles), cluster,
                                           _now())
                self._sql_insert_bands(sorted((key, doc) for key in prepared.keys))
            else:
                self._sql_set_cluster(doc_id, cluster)
        return cluster, matches

    def cluster_members(self, cluster: str) -> list[str]:
        return self._sql_members(cluster)

    def forget(self, doc_ids: Iterable[str]) -> int:
        """Removes documents and their band rows (a purge: the text leaves the index too);
        returns how many were indexed. Band keys are recomputed from the stored shingles, so
        no band row is scanned."""
        removed = 0
        with self._transaction():
            for doc_id in doc_ids:
                row = self.db.execute("SELECT doc, shingles FROM lsh_docs WHERE doc_id = ?",
                                      (doc_id,)).fetchone()
                if row is None:
                    continue
                doc, shingles = row[0], _unblob(row[1])
                keys = band_keys(signature(shingles, self.params), self.params) if shingles.size else []
                self.db.executemany("DELETE FROM lsh_bands WHERE key = ? AND doc = ?", [(k, doc) for k in keys])
                self.db.execute("DELETE FROM lsh_docs WHERE doc = ?", (doc,))
                removed += 1
        return removed

    def count(self) -> int:
        return self._sql_count()

    # -- the work --------------------------------------------------------------------------
    def _prepare(self, text: str) -> _Prepared:
        shingles = shingle_array(text, self.params.shingle)
        if shingles.size == 0:
            # A text without words: every such signature is the same, so indexing them would
            # make every empty text a candidate for every other.
            return _Prepared(shingles, [])
        return _Prepared(shingles, band_keys(signature(shingles, self.params), self.params))

    def _confirmed(self, prepared: _Prepared, exclude: str | None) -> list[Match]:
        rows = self._sql_candidates(prepared.keys, exclude) if prepared.keys else []
        self.last_candidates = len(rows)
        matches = []
        for doc_id, site, cluster, blob in rows:
            score = jaccard_sorted(prepared.shingles, _unblob(blob))
            if score >= self.confirm_threshold:
                matches.append(Match(doc_id, site, cluster, score))
        # doc_id breaks ties so that the best match (and the cluster assigned) is stable.
        matches.sort(key=lambda m: (-m.jaccard, m.doc_id))
        return matches

    def _new_cluster_id(self, doc_id: str) -> str:
        """``c-`` and 8 hex digits of a hash of doc_id; re-salted if that id is taken.

        32 bits collide by chance (≈ 1 in 4 300 ids at 1 M clusters, by the birthday bound),
        and a collision would silently merge two unrelated stories.
        """
        for attempt in count():
            salted = doc_id if attempt == 0 else f"{doc_id}\x00{attempt}"
            cluster = "c-" + hashlib.blake2b(salted.encode("utf-8"), digest_size=4).hexdigest()
            if not self._sql_cluster_taken(cluster):
                return cluster
        raise AssertionError("unreachable")

    def _check_params(self) -> None:
        wanted = self.params.to_dict()
        stored = self._sql_stored_params()
        if stored is None:
            self._sql_store_params(json.dumps(wanted, sort_keys=True))
            stored = self._sql_stored_params()  # another process may have stored its own first
        found = json.loads(stored or "{}")
        if found != wanted:
            changed = ", ".join(
                f"{name}: {found.get(name)!r} → {wanted.get(name)!r}"
                for name in sorted(set(found) | set(wanted))
                if found.get(name) != wanted.get(name)
            )
            raise IndexParamsError(
                f"the near-copy index in the catalog was built with other MinHash parameters "
                f"({changed}); its signatures cannot be compared with new ones: rebuild it with "
                "`arshif reindex`"
            )

    # -- SQL (the only part that knows the database) ---------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction, unless the caller already holds one (then it is the caller's)."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute(_BEGIN)
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _sql_create_params_table(self) -> None:
        self.db.execute(_ddl(self.dialect)[0])

    def _sql_create_tables(self) -> None:
        for statement in _ddl(self.dialect)[1]:
            self.db.execute(statement)

    def _sql_stored_params(self) -> str | None:
        row = self.db.execute("SELECT value FROM lsh_params WHERE name = 'minhash'").fetchone()
        return row[0] if row else None

    def _sql_store_params(self, value: str) -> None:
        self.db.execute(
            "INSERT INTO lsh_params (name, value) VALUES ('minhash', ?) ON CONFLICT DO NOTHING",
            (value,),
        )

    def _sql_doc(self, doc_id: str) -> tuple[str | None] | None:
        """(cluster,) of an indexed document, None if it is not indexed."""
        row = self.db.execute("SELECT cluster FROM lsh_docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return (row[0],) if row else None

    def _sql_insert_doc(self, doc_id: str, site: str, shingles: bytes, cluster: str | None,
                        added: str) -> int:
        """Inserts one document and returns the number the database gave it."""
        row = self.db.execute(
            "INSERT INTO lsh_docs (doc_id, site, shingles, cluster, added) VALUES (?, ?, ?, ?, ?) "
            "RETURNING doc",
            (doc_id, site, shingles, cluster, added),
        ).fetchone()
        return int(row[0])

    def _sql_insert_bands(self, bands: list[tuple[int, int]]) -> None:
        # Two bands of one document could only share a key by a 64-bit collision: harmless.
        self.db.executemany(
            "INSERT INTO lsh_bands (key, doc) VALUES (?, ?) ON CONFLICT DO NOTHING", bands
        )

    def _sql_set_cluster(self, doc_id: str, cluster: str) -> None:
        self.db.execute("UPDATE lsh_docs SET cluster = ? WHERE doc_id = ?", (cluster, doc_id))

    @staticmethod
    def candidates_sql(bands: int, exclude: bool) -> str:
        """One round trip: the documents under any of the ``bands`` keys, with what confirmation
        needs.

        ``key IN (…)``: one primary-key lookup per key in lsh_bands, the document numbers
        found (each once, however many bands it shares), then those documents by number.
        Public so tests can EXPLAIN it.
        """
        keys = ", ".join(["?"] * bands)
        where_not = " AND doc_id <> ?" if exclude else ""
        return (f"SELECT doc_id, site, cluster, shingles FROM lsh_docs "
                f"WHERE doc IN (SELECT doc FROM lsh_bands WHERE key IN ({keys})){where_not}")

    def _sql_candidates(self, keys: list[int], exclude: str | None
                        ) -> list[tuple[str, str | None, str | None, bytes]]:
        args: list[object] = list(keys)
        if exclude is not None:
            args.append(exclude)
        sql = self.candidates_sql(len(keys), exclude is not None)
        return [(row[0], row[1], row[2], row[3]) for row in self.db.execute(sql, args)]

    def _sql_members(self, cluster: str) -> list[str]:
        rows = self.db.execute(
            "SELECT doc_id FROM lsh_docs WHERE cluster = ? ORDER BY added, doc_id", (cluster,)
        )
        return [row[0] for row in rows]

    def _sql_cluster_taken(self, cluster: str) -> bool:
        row = self.db.execute("SELECT 1 FROM lsh_docs WHERE cluster = ? LIMIT 1", (cluster,))
        return row.fetchone() is not None

    def _sql_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM lsh_docs").fetchone()[0]


def _blob(shingles: U32) -> bytes:
    # Explicit little-endian, so the stored bytes mean the same on any machine.
    return shingles.astype("<u4", copy=False).tobytes()


def _unblob(blob: bytes) -> U32:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32, copy=False)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
