"""The catalog's takedowns (arshif/takedown/): articles withdrawn from every access path, and the
rows a purge removes. Derived like every table: read from the takedown records in the bucket."""

from __future__ import annotations


class TakedownsView:
    """Mixed into ``Catalog``: ``self.db`` is its connection, ``self.transaction`` its write lock."""

    db: object

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
