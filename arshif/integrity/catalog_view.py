"""The catalog as verify reads it: opened read-only (verify never changes what it checks) and
seen through the walk's run and site filter. Columns an older catalog lacks read as NULL."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from arshif.integrity.problems import VerifyError


class CatalogView:
    def __init__(self, db: sqlite3.Connection, run_key: str | None = None, site: str | None = None) -> None:
        self.db = db
        self.run_key, self.site = run_key, site
        # Re-extractions the catalog records: their text objects are accounted for.
        self.text_objects: set[str] = (
            {r[0] for r in db.execute("SELECT DISTINCT object FROM texts")} if self.has_table("texts") else set())

    @classmethod
    def open(cls, path: Path, run_key: str | None = None, site: str | None = None) -> CatalogView:
        """The catalog at ``path``, read-only; ``VerifyError`` when it cannot be read."""
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("SELECT 1 FROM captures LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise VerifyError(f"cannot read the catalog {path}: {exc}; "
                              "`arshif reindex` rebuilds it, or pass --no-catalog") from exc
        return cls(db, run_key, site)

    def close(self) -> None:
        self.db.close()

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                               (name,)).fetchone() is not None

    def takedown_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM takedowns")} if self.has_table("takedowns") else set()

    def captures(self, columns: Iterable[str]) -> Iterable[sqlite3.Row]:
        """The captures in scope, with these columns."""
        present = {r["name"] for r in self.db.execute("PRAGMA table_info(captures)")}
        select = ", ".join(c if c in present else f"NULL AS {c}" for c in columns)
        return self.db.execute(
            f"SELECT {select} FROM captures WHERE (? IS NULL OR run_key = ?) AND (? IS NULL OR site = ?)",
            (self.run_key, self.run_key, self.site, self.site))

    def capture_counts(self) -> dict[tuple[str, str], int]:
        """(run, site) → number of captures, in scope."""
        return {(r["run_key"], r["site"]): r["n"] for r in self.db.execute(
            "SELECT run_key, site, COUNT(*) AS n FROM captures WHERE (? IS NULL OR run_key = ?) "
            "AND (? IS NULL OR site = ?) GROUP BY run_key, site",
            (self.run_key, self.run_key, self.site, self.site))}

    def warc_positions(self) -> dict[str, list[tuple]]:
        """Every WARC position the catalog holds, by object, for the deep record check:
        (record id, offset, length, role)."""
        positions: dict[str, list[tuple]] = defaultdict(list)
        for r in self.captures(("record_id", "warc_file", "warc_offset", "warc_length", "request_length")):
            if r["warc_file"] is None or r["warc_offset"] is None or r["warc_length"] is None:
                continue
            positions[r["warc_file"]].append((r["record_id"], r["warc_offset"], r["warc_length"], "response"))
            if r["request_length"]:
                # The request record directly follows its response: together they are the capture.
                positions[r["warc_file"]].append((r["record_id"], r["warc_offset"] + r["warc_length"],
                                                  r["request_length"], "request"))
        return positions
