"""Objects under the archive prefixes that no manifest names: run reports and recorded
re-extractions are accounted for; the rest is ``extra`` (or, for a re-extraction of a committed
run that the catalog does not record, ``drift``)."""

from __future__ import annotations

from arshif.integrity.catalog_view import CatalogView
from arshif.integrity.layout_keys import (
    ARCHIVED,
    REPORT,
    STAGING_PREFIX,
    TEXT_REST,
    owner,
    rerun_command,
)
from arshif.integrity.runs_check import staged_runs
from arshif.integrity.walk import Walk


def check_extras(walk: Walk, catalog: CatalogView | None) -> None:
    """Every listed object outside the manifests, judged by what its name says wrote it."""
    staged = staged_runs(walk.listed)
    catalog_texts = catalog.text_objects if catalog is not None else set()
    for key in sorted(walk.listed):
        if key.startswith(STAGING_PREFIX) or key in walk.expected or key in walk.manifests \
                or key in walk.accounted:
            continue
        if REPORT.match(key):
            walk.report.checked["reports"] += 1
            continue
        run_key, site = owner(key)
        committed = walk.committed.get((run_key, site)) if run_key and site else None
        if committed and walk.manifests.get(committed) is None:
            continue  # its manifest is unreadable (reported): the object cannot be judged
        match = ARCHIVED.match(key)
        if match and match["prefix"] == "text" and TEXT_REST.match(match["rest"]):
            walk.report.checked["texts"] += 1
            if key in catalog_texts:
                continue
            if committed:
                # A re-extraction of a committed run: arshif wrote it; only the catalog lost it.
                if catalog is not None:
                    walk.problem("drift", "text-not-in-catalog", key,
                                 f"a re-extraction of run {run_key} {site} the catalog does not record",
                                 action="arshif reindex")
                continue
        if run_key and site and (run_key, site) in staged and not committed:
            walk.problem("extra", "uncommitted", key,
                         f"written for run {run_key} {site}, which was never committed (see incomplete)",
                         action=rerun_command(run_key))
            continue
        walk.problem("extra", "unaccounted", key, "no manifest or known writer accounts for it",
                     action="find out what it is; move or delete it if it is not part of the archive",
                     actual={"size": walk.listed[key]})
