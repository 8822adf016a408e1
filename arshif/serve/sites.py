"""The sites page's figures: each site seen in the catalog, its runs' report figures (from
``run_reports``) and a per-day series for a chart of its daily yield."""

from __future__ import annotations

import json

FIGURES = ("discovered", "rechecks", "fetched", "articles", "new", "changed", "unchanged", "identical",
           "revisits", "not_modified", "removed", "failures", "robots_forbidden", "bytes")


def run_day(run_key: str) -> str:
    return f"{run_key[0:4]}-{run_key[4:6]}-{run_key[6:8]}"


def sites_summary(catalog) -> list[dict]:
    counts = {r["site"]: dict(r) for r in catalog.db.execute(
        "SELECT site, COUNT(*) AS captures, COUNT(DISTINCT CASE WHEN role = 'article' THEN canonical_url END) "
        "AS articles, MIN(timestamp) AS first_capture, MAX(timestamp) AS last_capture "
        "FROM captures GROUP BY site")}
    runs: dict[str, list[dict]] = {}
    for row in catalog.db.execute("SELECT run_key, site, report FROM run_reports ORDER BY run_key"):
        figures = json.loads(row["report"])
        runs.setdefault(row["site"], []).append({"run_key": row["run_key"], "day": run_day(row["run_key"]),
                                                 **figures})
    out = []
    for site in sorted(set(counts) | set(runs)):
        own = runs.get(site, [])
        daily: dict[str, dict] = {}
        for run in own:
            day = daily.setdefault(run["day"], {"day": run["day"], "runs": 0, **dict.fromkeys(FIGURES, 0)})
            day["runs"] += 1
            for name in FIGURES:
                if isinstance(run.get(name), int):
                    day[name] += run[name]
        seen = counts.get(site, {})
        out.append({"site": site, "articles": seen.get("articles", 0), "captures": seen.get("captures", 0),
                    "first_capture": seen.get("first_capture"), "last_capture": seen.get("last_capture"),
                    "last_run": own[-1] if own else None, "runs": own, "daily": list(daily.values())})
    return out
