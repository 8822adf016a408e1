"""The catalog's captures, read: an article's history, a capture, a story cluster, what the next
crawl of a site knows. Rows come in from committed manifests only (``Catalog.apply_manifest``)."""

from __future__ import annotations


def _dicts(rows: list) -> list[dict]:
    """Rows (``sqlite3.Row`` or ``PgRow``) as dicts: the column names read once, not per row
    (``dict(row)`` asks every row for its keys: twice the time of the query on a long history)."""
    if not rows:
        return []
    names = rows[0].keys()
    return [dict(zip(names, row, strict=True)) for row in rows]


class CapturesView:
    """Mixed into ``Catalog``: ``self.db`` is its connection."""

    db: object

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

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
