"""The catalog's view of the run ledger (arshif/ledger/): one row per entry, as stored in the
bucket. Derived, like every table: `arshif reindex` rebuilds it from the ``ledger/`` objects."""

from __future__ import annotations

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    position INTEGER PRIMARY KEY, sha256 TEXT, previous TEXT, kind TEXT, object_key TEXT,
    object_sha256 TEXT, run_key TEXT, site TEXT, recorded_at TEXT
);
CREATE INDEX IF NOT EXISTS ledger_by_object ON ledger (object_key);
"""


def pg_schema(text: str) -> list[str]:
    """The same table in PostgreSQL (``text``: its TEXT type with byte-order collation)."""
    return [f"CREATE TABLE IF NOT EXISTS ledger (position BIGINT PRIMARY KEY, sha256 {text}, previous {text}, "
            f"kind {text}, object_key {text}, object_sha256 {text}, run_key {text}, site {text}, "
            f"recorded_at {text})",
            "CREATE INDEX IF NOT EXISTS ledger_by_object ON ledger (object_key)"]


class LedgerView:
    """Mixed into ``Catalog``: ``self.db`` is its connection."""

    db: object

    def add_ledger_entry(self, head) -> int:
        """Records one stored entry (an ``arshif.ledger.Head``); 1 if it was new."""
        entry = head.entry or {}
        obj = entry.get("object") or {}
        if not entry:
            return 0
        cursor = self.db.execute(
            "INSERT INTO ledger (position, sha256, previous, kind, object_key, object_sha256, run_key, site, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING",
            (head.position, head.sha256, entry.get("previous"), entry.get("kind"), obj.get("key"),
             obj.get("sha256"), entry.get("run_key"), entry.get("site"), entry.get("recorded_at")))
        return max(cursor.rowcount, 0)

    def ledger_entry_for(self, object_key: str) -> dict | None:
        row = self.db.execute("SELECT position, sha256, object_sha256 FROM ledger WHERE object_key = ? "
                              "ORDER BY position LIMIT 1", (object_key,)).fetchone()
        return dict(row) if row else None

    def ledger_last(self) -> int:
        row = self.db.execute("SELECT MAX(position) FROM ledger").fetchone()
        return int(row[0] or 0)

    def ledger_contiguous(self) -> int:
        """The last position P such that the catalog holds every entry 1…P."""
        row = self.db.execute("SELECT COUNT(*), MAX(position) FROM ledger").fetchone()
        count, last = int(row[0] or 0), int(row[1] or 0)
        if count == last:
            return last
        first = self.db.execute("SELECT MIN(position) FROM ledger").fetchone()[0]
        if first != 1:
            return 0
        # The first entry whose successor the catalog lacks.
        row = self.db.execute("SELECT MIN(position) FROM ledger l WHERE NOT EXISTS "
                              "(SELECT 1 FROM ledger n WHERE n.position = l.position + 1)").fetchone()
        return int(row[0])

    def ledger_head(self) -> dict | None:
        row = self.db.execute("SELECT position, sha256, kind, object_key, recorded_at FROM ledger "
                              "ORDER BY position DESC LIMIT 1").fetchone()
        return dict(row) if row else None
