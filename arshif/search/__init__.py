"""Full-text search over archived articles, Arabic first.

    from arshif.search import search
    hits = search(catalog, "مشيرا الى", site="gulf-wire", since=..., until=..., limit=20)

One index row per article VERSION (the capture that started it), so that a word found in any
version finds the article; a result is one article, pointing at its best-matching version:
site, URL, when that version was first (and last) captured, its publication date, its title,
and a snippet of its ORIGINAL text with the query's words marked (see snippet). Matching folds
both sides (see normalize): a query without diacritics finds text with them; a word matches
by its light stem ("بالقاهرة" finds "القاهرة"), a "quoted" word or phrase only in that form.
Ranked by bm25, the title above the text; the articles with every word in its exact form
come first, then those with other forms (see query).
Articles withdrawn by a takedown are never returned.

The index is filled when a run part is applied to the catalog (``index_run_part``, called by
``arshif.archive``), so ``arshif reindex`` rebuilds it like everything else. It lives in the
catalog's database: FTS5 in a SQLite catalog (``SqliteSearchIndex``, sqlite_index), a GIN-indexed
tsvector in a PostgreSQL one (``PostgresSearchIndex``, pg_index). Both fold the same way, match
the same words and leave out the same withdrawn articles; only the scores differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from arshif.search import pg_index, sqlite_index
from arshif.search.normalize import SEARCH_NORMALIZER, index_text, search_fold, stem, tokens
from arshif.search.query import MAX_QUERY_CHARS, MAX_TERMS, Query, QueryError, parse_query
from arshif.search.snippet import marks, render, snippet
from arshif.search.sqlite_index import Doc, Filters

__all__ = [
    "MAX_QUERY_CHARS", "MAX_TERMS", "SEARCH_NORMALIZER", "Doc", "Filters", "Hit", "IndexMissing",
    "Page", "PostgresSearchIndex", "Query", "QueryError", "SearchIndex", "SqliteSearchIndex", "forget_article", "index_for",
    "hit_of", "index_run_part", "index_status", "index_text", "parse_query", "prepare", "render", "search",
    "search_page",
    "search_fold", "stem", "tokens",
]

MAX_LIMIT = 200
RANK_CAP = 50_000  # matches scored at most (the newest), see SqliteSearchIndex.search
_MAX_FETCH = 5000  # versions ranked per query at most, looking for enough distinct articles


class IndexMissing(LookupError):
    """The catalog has no usable search index; the message says to run ``arshif reindex``."""


@dataclass
class Hit:
    """One article found: where and when its best-matching version was captured, and a snippet
    of that version's original text. ``highlights`` are (start, end) offsets into ``snippet``,
    ``title_highlights`` into ``title``."""

    rank: int
    score: float  # bm25 relevance, higher is better
    canonical_url: str
    url: str
    site: str
    record_id: str  # the capture that started the matching version
    version: int | None
    captured_at: str  # that version's first capture
    last_captured_at: str  # its last capture (before a change or removal)
    published: str | None
    title: str
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    title_highlights: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        data["title_highlights"] = [list(h) for h in self.title_highlights]
        return data


@dataclass
class Page:
    """One page of results; ``ranked_all`` is False when the query matched more than RANK_CAP
    versions and only the newest RANK_CAP were ranked."""

    hits: list[Hit]
    ranked_all: bool = True


class SearchIndex(Protocol):
    """What a catalog's search index does (SQLite FTS5, PostgreSQL full-text)."""

    def add(self, docs: Iterable[Doc]) -> int: ...

    def search(self, query: Query, filters: Filters, limit: int, offset: int) -> Page: ...

    def status(self) -> dict: ...

    def check(self) -> None: ...


class SqliteSearchIndex:
    """The index inside the SQLite catalog (see sqlite_index for its tables). ``backend`` is
    the module with the database's SQL: PostgresSearchIndex has the same logic over pg_index."""

    backend = sqlite_index

    def __init__(self, catalog) -> None:
        self.catalog = catalog
        self.db = catalog.db

    def add(self, docs: Iterable[Doc]) -> int:
        self.backend.ensure_schema(self.db)
        with self.catalog.transaction() as db:
            return len(self.backend.insert_docs(db, docs))

    def status(self) -> dict:
        """Whether the index exists and covers every run part the catalog applied (counts rows:
        for reports, not for every query)."""
        manifests = self.db.execute("SELECT COUNT(*) FROM manifests").fetchone()[0]
        if not self.backend.has_index(self.db):
            return {"present": False, "docs": 0, "articles": 0, "run_parts": manifests,
                    "run_parts_indexed": 0, "normalizer": None, "current": False}
        parts = self.db.execute(
            "SELECT COUNT(*) FROM manifests m WHERE EXISTS (SELECT 1 FROM search_parts p WHERE p.key = m.key)"
        ).fetchone()[0]
        docs, articles = self.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM search_docs").fetchone()
        built = self.backend.normalizer(self.db)
        return {"present": True, "docs": docs, "articles": articles, "run_parts": manifests,
                "run_parts_indexed": parts, "normalizer": built, "current": built == SEARCH_NORMALIZER}

    def check(self) -> None:
        """Raises IndexMissing when searching would be meaningless (cheap: nothing counted)."""
        present = self.backend.has_index(self.db)
        manifests = self.db.execute("SELECT EXISTS (SELECT 1 FROM manifests)").fetchone()[0]
        if not present and not manifests:
            raise IndexMissing(
                f"the catalog {self.catalog.path} holds no archived run yet: `arshif run` archives "
                "sites (and indexes them), `arshif reindex` rebuilds a catalog from an existing bucket")
        indexed = present and self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM search_parts) OR EXISTS (SELECT 1 FROM search_docs)").fetchone()[0]
        if not present or (manifests and not indexed):
            raise IndexMissing(
                f"the catalog {self.catalog.path} has no search index (it was built before search "
                "existed): run `arshif reindex` to rebuild it from the bucket, search included")
        built = self.backend.normalizer(self.db)
        if built != SEARCH_NORMALIZER:
            raise IndexMissing(
                f"the search index of {self.catalog.path} was built with another text folding "
                f"({built}, this arshif uses {SEARCH_NORMALIZER}): run `arshif reindex`")

    def search(self, query: Query, filters: Filters, limit: int, offset: int) -> Page:
        rows, ranked_all = self.ranked(query, filters, offset + limit, exhaustive=filters != Filters() or offset > 0)
        hits = [hit_of(offset + n, row, score, query) for n, (row, score) in enumerate(rows[offset:], 1)]
        return Page(hits, ranked_all=ranked_all)

    def ranked(self, query: Query, filters: Filters, wanted: int, exhaustive: bool = True) -> tuple[list[tuple], bool]:
        """The ``wanted`` best articles, best first, as (search_docs row of the best-matching
        version, score), and whether every match was ranked.

        Scoring is what costs (bm25, about a microsecond a match): a word in most articles is
        ranked among its RANK_CAP newest matches only, and the page says so. When those give
        fewer than ``wanted`` articles (filters or a later page left too few), every match is
        ranked after all, if ``exhaustive``."""
        rows, ranked_all = self._ranked(query, filters, wanted, capped=True)
        if not ranked_all and len(rows) < wanted and exhaustive:
            rows, ranked_all = self._ranked(query, filters, wanted, capped=False)
        return rows, ranked_all

    def _ranked(self, query: Query, filters: Filters, wanted: int, capped: bool) -> tuple[list[tuple], bool]:
        """The articles: the exact tier's best first, then (when they are too few) the stem
        tier's (see query)."""
        hidden = self.backend.withdrawn(self.db)
        best: dict[str, tuple] = {}
        ranked_all = True
        for tier in query.tiers():
            if len(best) >= wanted:
                break
            bound = self.backend.newest_bound(self.db, query, tier, RANK_CAP) if capped else None
            ranked_all = ranked_all and bound is None
            best.update(self._tier(query, tier, filters, wanted - len(best), bound, hidden | best.keys()))
        return list(best.values())[:wanted], ranked_all

    def _tier(self, query: Query, tier: str, filters: Filters, wanted: int, bound: int | None,
              skip: set[str]) -> dict[str, tuple]:
        """Up to ``wanted`` articles of one tier not in ``skip``, best first: (row, score)."""
        fetch = min(_MAX_FETCH, max(2 * wanted, 20))
        while True:
            ranked = self.backend.ranked_ids(self.db, query, tier, filters, fetch, bound)
            docs = self.backend.docs_by_id(self.db, [i for i, _ in ranked])
            best: dict[str, tuple] = {}
            for doc_id, score in ranked:  # best first: an article's first version seen is its best
                row = docs.get(doc_id)
                if row is not None and row["canonical_url"] not in skip:
                    best.setdefault(row["canonical_url"], (row, score))
            if len(best) >= wanted or len(ranked) < fetch or fetch >= _MAX_FETCH:
                return best
            fetch = min(_MAX_FETCH, fetch * 4)


class PostgresSearchIndex(SqliteSearchIndex):
    """The index inside a PostgreSQL catalog (see pg_index): the same logic, its own SQL."""

    backend = pg_index


def hit_of(rank: int, row, score: float, query: Query) -> Hit:
    """The Hit of a ranked article (see SqliteSearchIndex.ranked): its snippet made here."""
    terms, stems = query.terms, query.stems
    text, spans = snippet(sqlite_index.body_of(row), terms, stems)
    title = row["title"] or ""
    return Hit(rank=rank, score=round(-score, 6), canonical_url=row["canonical_url"], url=row["url"],
               site=row["site"], record_id=row["record_id"], version=row["version"],
               captured_at=row["first_seen"], last_captured_at=row["last_seen"], published=row["published"],
               title=title, snippet=text, highlights=spans, title_highlights=marks(title, terms, stems))


def index_for(catalog) -> SqliteSearchIndex:
    """The catalog's search index, in the catalog's own database."""
    if getattr(catalog, "dialect", "sqlite") == "postgresql":
        return PostgresSearchIndex(catalog)
    return SqliteSearchIndex(catalog)


def _stamp(moment: datetime | str | None) -> str | None:
    """A bound as the catalog writes timestamps (``2026-11-29T08:15:02.000000Z``)."""
    if moment is None or isinstance(moment, str):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _day(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()[:10]


def search(catalog, query: str | Query, site: str | None = None, since: datetime | None = None,
           until: datetime | None = None, limit: int = 20, offset: int = 0, *,
           published_since=None, published_until=None) -> list[Hit]:
    """The articles matching ``query``, best first.

    ``since``/``until`` select by capture time: an article whose matching version was in the
    archive at some moment of [since, until) (first captured before ``until``, last captured at
    or after ``since``). ``published_since``/``published_until`` (dates, inclusive) select by
    the article's own publication date. Raises QueryError (bad query or arguments: a user
    error) and IndexMissing (run ``arshif reindex``).
    """
    return search_page(catalog, query, site, since, until, limit, offset, published_since=published_since,
                       published_until=published_until).hits


def search_page(catalog, query: str | Query, site: str | None = None, since: datetime | None = None,
                until: datetime | None = None, limit: int = 20, offset: int = 0, *,
                published_since=None, published_until=None) -> Page:
    """``search`` with whether every match was ranked (see Page)."""
    parsed, filters, index = prepare(catalog, query, site, since, until, limit, offset,
                                     published_since=published_since, published_until=published_until)
    return index.search(parsed, filters, limit, offset)


def prepare(catalog, query: str | Query, site: str | None = None, since: datetime | None = None,
            until: datetime | None = None, limit: int = 20, offset: int = 0, *,
            published_since=None, published_until=None) -> tuple[Query, Filters, SqliteSearchIndex]:
    """The parsed query, its filters and the catalog's index, checked (see ``search``)."""
    parsed = query if isinstance(query, Query) else parse_query(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0 or offset > 10 * MAX_LIMIT:
        raise QueryError(f"offset must be between 0 and {10 * MAX_LIMIT}, not {offset}")
    filters = Filters(site=site, since=_stamp(since), until=_stamp(until),
                      published_since=_day(published_since), published_until=_day(published_until))
    if filters.since and filters.until and filters.since >= filters.until:
        raise QueryError("the date range is empty: --from must be before --to")
    index = index_for(catalog)
    index.check()
    return parsed, filters, index


def index_status(catalog) -> dict:
    return index_for(catalog).status()


# -- filling the index from a run part's captures object --------------------------------------
def _docs(lines: Iterable[dict]) -> tuple[list[Doc], dict[tuple[str, int], str]]:
    """The versions a run part started, and the newest capture of every version it saw."""
    docs, seen = [], {}
    for line in lines:
        url, version, when = line.get("canonical_url"), line.get("version"), line.get("timestamp")
        if not url or version is None or not when or line.get("kind") == "removed" or line.get("purged"):
            continue
        key = (url, version)
        seen[key] = max(seen.get(key, when), when)
        article = line.get("article") or {}
        if line.get("change") not in ("new", "changed") or article.get("page_kind", "article") != "article":
            continue
        text = article.get("text") or ""
        if not text or not line.get("text_fingerprint"):
            continue
        docs.append(Doc(record_id=line["record_id"], canonical_url=url, url=line.get("url") or url,
                        site=line.get("site") or "", version=version, first_seen=when, last_seen=when,
                        published=_published(article.get("date")), title=article.get("title") or "",
                        text=text))
    return docs, seen


def _published(value) -> str | None:
    return None if value in (None, "") else str(value)


def index_run_part(catalog, key: str, lines: Iterable[dict]) -> int:
    """Indexes one committed run part (manifest ``key``) from the lines of its captures object:
    every article version it started, and how long the versions it saw again stayed. Applying
    a part twice adds nothing. Returns the versions added."""
    db = catalog.db
    backend = index_for(catalog).backend
    backend.ensure_schema(db)
    docs, seen = _docs(lines)
    with catalog.transaction():
        if db.execute("SELECT 1 FROM search_parts WHERE key = ?", (key,)).fetchone():
            return 0
        added = backend.insert_docs(db, docs)
        db.executemany(
            "UPDATE search_docs SET last_seen = ? WHERE canonical_url = ? AND version = ? AND last_seen < ?",
            [(when, url, version, when) for (url, version), when in seen.items()])
        # A version's later captures applied before its first (parts applied out of order) are
        # in the catalog already: its last capture comes from there.
        backend.refresh_last_seen(db, added)
        db.execute("INSERT INTO search_parts (key, docs) VALUES (?, ?)", (key, len(added)))
    return len(added)


def captures_lines(data: bytes) -> list[dict]:
    """The JSON lines of a captures object."""
    return [json.loads(raw) for raw in data.splitlines() if raw.strip()]


def forget_article(catalog, canonical_url: str) -> int:
    """Takes every version of an article out of the index (a purged takedown); withdrawn
    articles are already left out of results without it. Returns the versions removed."""
    backend = index_for(catalog).backend
    if not backend.has_index(catalog.db):
        return 0
    with catalog.transaction() as db:
        return backend.delete_article(db, canonical_url)
