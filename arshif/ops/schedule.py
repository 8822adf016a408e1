"""Which sites are due in a run: the DAG runs often (hourly) and each site is crawled at its own
pace (``every`` in the sites file), or sooner when re-checks of its known articles fall due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from arshif.frontier import parse_duration, plan_frontier, run_time

# Runs start on the hour but a run key is its logical time: a site due "every 1d" whose last run
# was at 00:00 is due again at 00:00 the next day, not an hour later.
SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class SiteDue:
    site: str
    due: bool
    reason: str  # for the task log: why it is crawled, or why not


def site_due(catalog, site, run_key: str) -> SiteDue:
    """Whether ``site`` (a config Site) is crawled in run ``run_key``, given the catalog."""
    if not site.enabled:
        return SiteDue(site.name, False, "disabled in the sites file")
    last = catalog.last_run(site.name, before=run_key)
    if last is None:
        return SiteDue(site.name, True, "never crawled")
    since = run_time(run_key) - run_time(last)
    every = parse_duration(site.every)
    if since + SLACK >= every:
        return SiteDue(site.name, True, f"last crawled {last}, every {site.every}")
    rechecks = plan_frontier(catalog, site.name, run_key, site.recheck).due_rechecks()
    if rechecks:
        return SiteDue(site.name, True, f"{len(rechecks)} re-check(s) due (last crawled {last})")
    return SiteDue(site.name, False, f"last crawled {last}, every {site.every}; no re-check due")


def due_sites(catalog, config, run_key: str) -> list[SiteDue]:
    return [site_due(catalog, site, run_key) for site in config.sites]
