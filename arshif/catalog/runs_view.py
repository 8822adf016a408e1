"""The catalog's runs: which run last committed a site's part, and the run reports (figures and
alerts per site and run, as the report task left them)."""

from __future__ import annotations

import json


class RunsView:
    """Mixed into ``Catalog``: ``self.db`` is its connection."""

    db: object

    def last_run(self, site: str, before: str) -> str | None:
        """The newest run before ``before`` that committed a part for ``site``."""
        row = self.db.execute("SELECT MAX(run_key) FROM manifests WHERE site = ? AND run_key < ?",
                              (site, before)).fetchone()
        return row[0] if row else None

    def save_report(self, run_key: str, site: str, report: dict) -> None:
        self.db.execute(
            "INSERT INTO run_reports (run_key, site, report) VALUES (?, ?, ?) "
            "ON CONFLICT (run_key, site) DO UPDATE SET report = excluded.report",
            (run_key, site, json.dumps(report, ensure_ascii=False)),
        )

    def site_reports(self, site: str, before: str | None = None, limit: int = 30) -> list[tuple[str, dict]]:
        """The site's run reports, oldest first: the last ``limit`` runs before ``before``."""
        rows = self.db.execute(
            "SELECT run_key, report FROM run_reports WHERE site = ? AND (? IS NULL OR run_key < ?) "
            "ORDER BY run_key DESC LIMIT ?", (site, before, before, limit)).fetchall()
        return [(r["run_key"], json.loads(r["report"])) for r in reversed(rows)]

    def reports(self, run_key: str) -> dict[str, dict]:
        rows = self.db.execute("SELECT site, report FROM run_reports WHERE run_key = ?", (run_key,))
        return {r["site"]: json.loads(r["report"]) for r in rows}
