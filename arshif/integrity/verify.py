"""``arshif verify``: the bucket checked against its manifests and the catalog.

The walk, in order (each step reads what the ones before it learned, see walk.py):

1. list the bucket in scope (walk.py);
2. read the run manifests: what is committed, what each object must be (manifests.py), and
   the takedown and deletion records: what a purge made of the objects it rewrote
   (takedowns_check.py);
3. open the catalog read-only (catalog_view.py; a missing one is drift, catalog_check.py);
4. the objects the manifests name: ``missing`` or ``corrupt``, fast or deep (objects_check.py,
   object_digests.py);
5. objects nothing accounts for: ``extra`` (extras_check.py);
6. staged runs never committed: ``incomplete`` (runs_check.py);
7. the catalog against the bucket: ``drift`` (catalog_check.py);
8. the run ledger: its chain first to head, and the manifests and deletion records its entries
   recorded (ledger_check.py, arshif/ledger/chain.py).

The kinds and their advice are in problems.py, the human report in report_text.py, progress in
progress.py. Nothing is ever written: the catalog is opened read-only.

This module also re-exports the names callers use (``verify``, ``Report``, ``Progress``,
``VerifyError``, ``format_report``, …), so they need not know the split.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from arshif.integrity.catalog_check import check_catalog, open_catalog
from arshif.integrity.extras_check import check_extras
from arshif.integrity.layout_keys import ARCHIVE_PREFIXES, RUN_KEY, STAGING_PREFIX, owner, run_date
from arshif.integrity.ledger_check import check_ledger
from arshif.integrity.manifests import read_manifests
from arshif.integrity.objects_check import check_objects
from arshif.integrity.problems import ADVICE, KINDS, Problem, Report, VerifyError
from arshif.integrity.progress import Progress, SilentProgress
from arshif.integrity.report_text import HEADINGS, format_report
from arshif.integrity.runs_check import check_incomplete
from arshif.integrity.takedowns_check import read_takedowns
from arshif.integrity.walk import Walk

__all__ = ["ADVICE", "ARCHIVE_PREFIXES", "HEADINGS", "KINDS", "RUN_KEY", "STAGING_PREFIX", "Problem",
           "Progress", "Report", "VerifyError", "format_report", "owner", "run_date", "verify"]


def verify(store: Any, catalog_path: Path | None, *, deep: bool = False, run_key: str | None = None,
           site: str | None = None, progress: Progress | None = None, workers: int = 8) -> Report:
    """Walks the bucket (a storage.s3.ObjectStore) against its manifests and the catalog at
    ``catalog_path`` (None: the bucket alone); ``run_key``/``site`` narrow the walk."""
    report = Report(bucket=store.bucket, endpoint=store.endpoint_url,
                    catalog=str(catalog_path) if catalog_path else None, deep=deep,
                    run_key=run_key, site=site)
    walk = Walk(store, report, progress or SilentProgress(), deep=deep, run_key=run_key, site=site,
                workers=workers)
    walk.list_bucket()
    read_manifests(walk)
    read_takedowns(walk)  # a purge changes what the objects it rewrote must be
    # After the manifests: a missing catalog is only drift when something was committed.
    catalog = open_catalog(walk, catalog_path)
    try:
        # With deep, each WARC's record positions are checked while it is read for its SHA-256.
        positions = catalog.warc_positions() if catalog is not None and deep else {}
        check_objects(walk, positions)
        check_extras(walk, catalog)
        check_incomplete(walk)
        if catalog is not None:
            check_catalog(walk, catalog)
        check_ledger(walk)
    finally:
        if catalog is not None:
            catalog.close()
    report.sort()
    return report
