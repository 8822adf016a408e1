"""What in a site's run needs a person: the rules behind the alerts, read off the run reports.

- ``run-failed``: nothing was archived for the site (its crawl or archive step failed);
- ``errors``: failed fetches above the site's ``error_rate`` share of what it fetched;
- ``no-new-articles``: ``no_new_runs`` runs in a row without a new article (the site moved its
  feeds, blocks the crawler, or stopped publishing);
- ``extraction-drift``: the share of articles with empty text, or with no date, rose by
  ``drift`` over the site's usual share (its median over earlier runs): the site changed its
  template and extraction no longer finds the article;
- ``chrome-skipped``: the site's learned chrome model would have taken most of some articles'
  text (more than half, or all but less than a brief), so their text was kept unfiltered: the
  model learned article text as chrome, or the pages are mostly the site's boilerplate.

Thresholds are per site (``alerts:`` in the sites file, arshif.config.AlertThresholds).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import median

from arshif.config import AlertThresholds


@dataclass(frozen=True)
class Alert:
    rule: str
    severity: str  # "error": the run lost data or a site is down; "warning": look soon
    site: str | None
    run_key: str | None
    message: str
    action: str

    def to_dict(self) -> dict:
        return asdict(self)


def site_alerts(site: str, run_key: str, figures: dict, history: list[tuple[str, dict]],
                thresholds: AlertThresholds | None = None) -> list[Alert]:
    """The alerts a site's run raises; ``history``: its earlier reports, oldest first."""
    limits = thresholds or AlertThresholds()
    if figures.get("status") != "archived":
        return [Alert("run-failed", "error", site, run_key,
                      f"{site}: {figures.get('status', 'failed')} in run {run_key}; nothing of it is archived",
                      f"read the crawl log (logs/crawl/{run_key}/{site}.log under ARSHIF_HOME), then "
                      f"`arshif run --date` the same date: what was staged is kept")]
    alerts = []
    fetched, failures = int(figures.get("fetched") or 0), int(figures.get("failures") or 0)
    if limits.error_rate and failures >= 3 and failures > limits.error_rate * max(fetched, 1):
        alerts.append(Alert("errors", "warning", site, run_key,
                            f"{site}: {failures} failed fetches for {fetched} answered "
                            f"(over {limits.error_rate:.0%})",
                            "see the failures in the crawl log; a site that blocks or rate-limits the "
                            "crawler needs a longer politeness delay"))
    streak = _runs_without_new([*history, (run_key, figures)])
    if limits.no_new_runs and streak >= limits.no_new_runs:
        alerts.append(Alert("no-new-articles", "warning", site, run_key,
                            f"{site}: no new article in {streak} runs in a row",
                            "`arshif sites check` the site: its feeds or sitemaps may have moved, or it "
                            "may block the crawler"))
    alerts.extend(_drift(site, run_key, figures, history, limits))
    skipped = int(figures.get("chrome_skipped") or 0)
    if skipped:
        alerts.append(Alert("chrome-skipped", "warning", site, run_key,
                            f"{site}: site chrome filtering skipped on {skipped} article(s): it would have "
                            f"taken most of their text, which was kept whole",
                            f"read chrome_skipped on the run's captures (`arshif get URL --format json`) and the "
                            f"lines of models/chrome/{site}/ that match them; once the model is right, "
                            f"`arshif reextract --site {site}`"))
    return alerts


def _runs_without_new(reports: list[tuple[str, dict]]) -> int:
    streak = 0
    for _, figures in reversed(reports):
        if figures.get("status") != "archived" or int(figures.get("new") or 0) > 0:
            break
        streak += 1
    return streak


def _share(figures: dict, field: str, min_articles: int) -> float | None:
    extracted = int(figures.get("extracted") or 0)
    if extracted < min_articles or field not in figures:
        return None
    return int(figures[field]) / extracted


def _drift(site: str, run_key: str, figures: dict, history: list[tuple[str, dict]],
           limits: AlertThresholds) -> list[Alert]:
    alerts = []
    for field, what in (("empty_text", "empty text"), ("no_date", "no date")):
        now = _share(figures, field, limits.min_articles)
        usual = [s for _, f in history if (s := _share(f, field, limits.min_articles)) is not None]
        if not limits.drift or now is None or not usual:
            continue
        baseline = median(usual)
        if now - baseline >= limits.drift:
            alerts.append(Alert("extraction-drift", "warning", site, run_key,
                                f"{site}: {now:.0%} of articles with {what} (usually {baseline:.0%})",
                                "the site's template probably changed: `arshif extract` one of its pages, "
                                "then `arshif reextract --site` once extraction is fixed"))
    return alerts
