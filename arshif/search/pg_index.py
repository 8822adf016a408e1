"""The search index in a PostgreSQL catalog: the same tables and functions as sqlite_index,
with PostgreSQL's full-text search in place of FTS5.

- ``search_docs``: as in SQLite (one row per article version, original text zlib-compressed
  for snippets), plus ``tsv``: a tsvector arshif writes itself (``tsvector_of``), under a GIN
  index: the same folded tokens and stems as FTS5's columns (normalize), so that both
  databases match the same words; PostgreSQL's own parser and ``arabic`` configuration are
  not used (its stems and token boundaries differ from FTS5's). Exact tokens are lexemes as
  they are, stems are lexemes prefixed with ``#`` (no token holds one); weights: title exact
  A, title stem B, text exact C, text stem D. The text's positions start one after the
  title's last, so that a phrase never runs from the title into the text (as in FTS5).
- A query is a tsquery arshif writes too (``tsquery_of``), one per tier (see query): exact
  forms, ``'a' & ('b' <-> 'c')``, then stems but not all exact, ``'#a' & ('b' <-> 'c') & !(…)``.
  Tokens are letters and digits only, so nothing the user types is tsquery syntax.
- Ranked by ``ts_rank`` with the title counting three times a word of the text, as bm25's
  weights do in SQLite. Scores differ between the two databases; what matches does not
  (but for phrases past the 16,383rd word of a text, or a word's 256th occurrence: tsvector
  keeps no more positions).
- ``search_parts``, ``search_meta`` and ``captures_by_cluster`` as in SQLite.

Functions take the catalog's connection (arshif/catalog/pg.py: ``?`` placeholders).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from arshif.search.normalize import SEARCH_NORMALIZER, stem, tokens
from arshif.search.query import EXACT, Query
from arshif.search.sqlite_index import TITLE_WEIGHT, Doc, Filters, _where, body_of

__all__ = ["body_of", "delete_article", "docs_by_id", "ensure_schema", "has_index", "insert_docs",
           "newest_bound", "normalizer", "ranked_ids", "refresh_last_seen", "withdrawn"]

T = 'TEXT COLLATE "C"'
# The catalog's captures by story cluster, for grouping results by story (see stories).
CLUSTER_INDEX = "CREATE INDEX IF NOT EXISTS captures_by_cluster ON captures (cluster)"
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS search_docs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    f"record_id {T} UNIQUE, canonical_url {T}, url {T}, site {T}, version INTEGER, first_seen {T}, "
    f"last_seen {T}, published {T}, title {T}, body BYTEA, tsv tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_docs_by_article ON search_docs (canonical_url, version)",
    "CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING GIN (tsv)",
    f"CREATE TABLE IF NOT EXISTS search_parts (key {T} PRIMARY KEY, docs INTEGER, indexed_at {T} "
    "DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
    f"CREATE TABLE IF NOT EXISTS search_meta (name {T} PRIMARY KEY, value {T})",
    CLUSTER_INDEX,
)
# ts_rank's weights are {D, C, B, A}, each at most 1: a title word counts TITLE_WEIGHT times a
# text word (a tier scores either exact forms or stems: see query).
_WEIGHTS = f"'{{{1.0 / TITLE_WEIGHT:.6f}, {1.0 / TITLE_WEIGHT:.6f}, 1.0, 1.0}}'::float4[]"
_MAX_POSITION, _MAX_POSITIONS = 16383, 256  # tsvector's limits
_STEM_MARK = "#"
# Every column but tsv (what results and snippets read).
_COLUMNS = ("id, record_id, canonical_url, url, site, version, first_seen, last_seen, published, "
            "title, body")


def tsvector_of(title: str, text: str) -> str:
    """The tsvector (as its text form) of an article version: see the module's docstring."""
    positions: dict[str, list[tuple[int, str]]] = {}
    title_tokens = tokens(title)
    for weights, words, first in (("AB", title_tokens, 1), ("CD", tokens(text), len(title_tokens) + 2)):
        for n, token in enumerate(words, first):
            where = min(n, _MAX_POSITION)  # past it, every word sits at the last position
            for lexeme, weight in ((token, weights[0]), (_STEM_MARK + stem(token), weights[1])):
                seen = positions.setdefault(lexeme, [])
                if len(seen) < _MAX_POSITIONS and (not seen or seen[-1][0] != where):
                    seen.append((where, weight))
    return " ".join(f"'{lexeme}':" + ",".join(f"{n}{w}" for n, w in at) for lexeme, at in positions.items())


def tsquery_of(query: Query, tier: str = EXACT) -> str:
    """The tsquery of a tier (see query.Query.fts): every word or phrase must match, as typed
    (EXACT), or every word by its stem but not all as typed (STEMS)."""
    def phrase(exact: str) -> str:
        return "(" + " <-> ".join(f"'{t}'" for t in exact.split()) + ")"

    groups = query.word_stems()
    exact = " & ".join(phrase(e) for e, _ in groups)
    if tier == EXACT:
        return exact
    stems = " & ".join(phrase(e) if s is None else f"'{_STEM_MARK}{s}'" for e, s in groups)
    return f"({stems}) & !({exact})"


def has_index(db) -> bool:
    return db.execute("SELECT to_regclass('search_docs_tsv') IS NOT NULL").fetchone()[0]


def ensure_schema(db) -> None:
    """Creates the tables once, under the catalog's write lock (two workers may try at once).
    An index built with another folding (or before stems) is emptied, as in sqlite_index."""
    if has_index(db):
        if not db.execute("SELECT to_regclass('captures_by_cluster') IS NOT NULL").fetchone()[0]:
            with _write_lock(db):  # an index made before stories were grouped
                db.execute(CLUSTER_INDEX)
        if normalizer(db) != SEARCH_NORMALIZER:
            with_lock = not db.in_transaction
            if with_lock:
                db.execute("BEGIN IMMEDIATE")
            db.execute("TRUNCATE search_docs, search_parts")
            db.execute("DELETE FROM search_meta WHERE name = 'normalizer'")
            db.execute("INSERT INTO search_meta (name, value) VALUES ('normalizer', ?)", (SEARCH_NORMALIZER,))
            if with_lock:
                db.execute("COMMIT")
        return
    with _write_lock(db):
        for statement in SCHEMA:
            db.execute(statement)
        db.execute("INSERT INTO search_meta (name, value) VALUES ('normalizer', ?) ON CONFLICT DO NOTHING",
                   (SEARCH_NORMALIZER,))


@contextmanager
def _write_lock(db) -> Iterator[None]:
    """The catalog's write lock around the block: a transaction of its own, or the caller's."""
    own = not db.in_transaction
    if own:
        db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if own:
            db.execute("ROLLBACK")
        raise
    if own:
        db.execute("COMMIT")


def normalizer(db) -> str | None:
    row = db.execute("SELECT value FROM search_meta WHERE name = 'normalizer'").fetchone()
    return row[0] if row else None


def insert_docs(db, docs: Iterable[Doc]) -> list[int]:
    """Adds ``docs`` (inside the caller's transaction); a record already indexed is skipped.
    Returns the new rows' ids."""
    added: list[int] = []
    for doc in docs:
        row = db.execute(
            "INSERT INTO search_docs (record_id, canonical_url, url, site, version, first_seen, last_seen, "
            "published, title, body, tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector) "
            "ON CONFLICT (record_id) DO NOTHING RETURNING id",
            (doc.record_id, doc.canonical_url, doc.url, doc.site, doc.version, doc.first_seen,
             doc.last_seen, doc.published, doc.title, zlib.compress(doc.text.encode("utf-8"), 6),
             tsvector_of(doc.title, doc.text))).fetchone()
        if row is not None:
            added.append(row[0])
    return added


def refresh_last_seen(db, ids: list[int]) -> None:
    """A new version's last capture from the catalog's captures (parts applied out of order)."""
    db.executemany(
        "UPDATE search_docs SET last_seen = GREATEST(last_seen, COALESCE((SELECT MAX(c.timestamp) "
        "FROM captures c WHERE c.canonical_url = search_docs.canonical_url AND "
        "c.version = search_docs.version AND c.kind <> 'removed'), last_seen)) WHERE id = ?",
        [(i,) for i in ids])


def delete_article(db, canonical_url: str) -> int:
    return db.execute("DELETE FROM search_docs WHERE canonical_url = ?", (canonical_url,)).rowcount


def newest_bound(db, query: Query, tier: str, cap: int) -> int | None:
    """The id from which on the ``cap`` newest versions matching in ``tier`` are, or None when
    fewer match."""
    row = db.execute("SELECT id FROM search_docs WHERE tsv @@ ?::tsquery ORDER BY id DESC LIMIT 1 OFFSET ?",
                     [tsquery_of(query, tier), cap - 1]).fetchone()
    return row[0] if row else None


def ranked_ids(db, query: Query, tier: str, filters: Filters, fetch: int,
               from_rowid: int | None = None) -> list[tuple[int, float]]:
    """The ``fetch`` best-ranked versions matching in ``tier`` (id, minus ts_rank: lower is
    better, as bm25 in SQLite), only among ids >= ``from_rowid`` when given."""
    where, filter_params = _where(filters)
    clauses = ["d.tsv @@ q.q", *([where] if where else [])]
    if from_rowid is not None:
        clauses.append("d.id >= ?")
        filter_params.append(from_rowid)
    sql = (f"SELECT d.id, -ts_rank({_WEIGHTS}, d.tsv, q.q) AS score FROM search_docs d, "
           f"(SELECT ?::tsquery AS q) q WHERE {' AND '.join(clauses)} ORDER BY score, d.id LIMIT ?")
    return [(row[0], row[1]) for row in db.execute(sql, [tsquery_of(query, tier), *filter_params, fetch])]


def docs_by_id(db, ids: list[int]) -> dict[int, object]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"SELECT {_COLUMNS} FROM search_docs WHERE id IN ({marks})", ids).fetchall()
    return {row["id"]: row for row in rows}


def withdrawn(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT canonical_url FROM takedowns")}
