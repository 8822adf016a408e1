"""The bodies of the ``daily_crawl`` tasks. Each takes and returns small JSON values (XCom),
and finds everything else in the bucket, so tasks can run on different workers."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from arshif import layout
from arshif.faults import fault_point
from arshif.home import home_dir
from storage.errors import StoreUnavailable

log = logging.getLogger("arshif.pipeline")
SPOOLED = 3  # the crawl subprocess's exit status when S3 did not take its crawl (arshif/crawl/run.py)
CRAWL_TIMEOUT_S = int(os.environ.get("ARSHIF_CRAWL_TIMEOUT", 2 * 3600))


class SiteFailed(RuntimeError):
    """A site's crawl or archive step failed; the message says which and where the log is."""


def _store():
    from storage.s3 import open_store

    return open_store()


def due_sites(sites_file: str, run_key: str) -> list[str]:
    """The sites to crawl in this run: enabled, and due by their ``every`` or by re-checks
    (arshif/ops/schedule.py); the reason for each is logged."""
    from arshif.catalog import Catalog
    from arshif.catalog.sync import sync_catalog
    from arshif.config import load_sites
    from arshif.ops.schedule import due_sites as decide

    catalog = Catalog()
    try:
        sync_catalog(_store(), catalog)
        decisions = decide(catalog, load_sites(sites_file), run_key)
    finally:
        catalog.close()
    for decision in decisions:
        log.info("%s %s: %s", "crawl" if decision.due else "skip", decision.site, decision.reason)
    return [d.site for d in decisions if d.due]


def crawl_site(site: str, sites_file: str, run_key: str) -> dict:
    """Runs the crawl process for one site (arshif/crawl/warm.py: under `arshif run`, forked from
    a warm parent); its log goes to a file under ARSHIF_HOME."""
    from arshif.crawl.warm import run_crawl

    log_file = home_dir("logs", "crawl", run_key) / f"{site}.log"
    argv = ["--sites", sites_file, "--site", site, "--run-key", run_key]
    log.info("crawling %s (log: %s)", site, log_file)
    try:
        proc = run_crawl(argv, log_file, CRAWL_TIMEOUT_S, os.environ.copy())
    except subprocess.TimeoutExpired as exc:
        raise SiteFailed(f"{site}: crawl took longer than {CRAWL_TIMEOUT_S}s; see {log_file}") from exc
    if proc.returncode == SPOOLED:
        kept = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
        message = (f"{site}: S3 unavailable: {kept['captures']} captures kept in {kept['spooled']}, "
                   f"the next run uploads them; see {log_file}")
        log.error("%s", message)
        raise SiteFailed(message)
    if proc.returncode != 0:
        tail = _tail(log_file)
        raise SiteFailed(f"{site}: crawl exited with {proc.returncode}; see {log_file}\n{tail}")
    summary = json.loads(proc.stdout.decode("utf-8").strip().splitlines()[-1])
    # Which worker crawled the site (several Celery workers may share one host name).
    summary["worker"] = os.environ.get("ARSHIF_WORKER") or socket.gethostname()
    log.info("crawled %s: %s", site, summary)
    return summary


def _alert_thresholds(sites_file: str | None) -> dict:
    """Each site's alert thresholds from the sites file (defaults when it cannot be read)."""
    from arshif.config import ConfigError, load_sites

    if not sites_file:
        return {}
    try:
        return {site.name: site.alerts for site in load_sites(sites_file).sites}
    except (ConfigError, OSError) as exc:
        log.warning("alert thresholds from defaults: cannot read %s: %s", sites_file, exc)
        return {}


def _tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


def dedupe_run(run_key: str, sites: list[str]) -> dict:
    """Decides every staged capture of the run (revisit / unchanged / new version)."""
    from arshif.catalog import Catalog
    from arshif.catalog.sync import sync_catalog
    from arshif.crawl.staging import read_staged
    from arshif.dedupe import Deduper
    from arshif.extract.site_chrome import SiteChrome

    store, catalog = _store(), Catalog()
    sync_catalog(store, catalog)
    summary = {}
    for site in sites:
        if store.exists(layout.manifest_key(run_key, site)):
            summary[site] = "committed"
            continue
        staged = read_staged(store, run_key, site)
        if staged is None:
            summary[site] = "not staged"
            continue
        key = layout.verdicts_key(run_key, site)
        if not store.exists(key):
            deduper = Deduper(catalog, load_model=lambda key: SiteChrome.from_json(store.get_json(key)),
                              site=site)
            lines = []
            for capture in staged.captures:
                lines.append(json.dumps(deduper.decide(capture).to_dict(), ensure_ascii=False))
                if len(lines) == len(staged.captures) // 2:
                    fault_point("dedupe:mid")
            store.put_once(key, ("\n".join(lines) + "\n").encode("utf-8"), content_type="application/x-ndjson")
        summary[site] = "decided"
    catalog.close()
    log.info("dedupe %s: %s", run_key, summary)
    return summary


def _read_verdicts(store, run_key: str, site: str) -> dict[str, dict]:
    data = store.get(layout.verdicts_key(run_key, site)).decode("utf-8")
    verdicts = [json.loads(line) for line in data.splitlines() if line.strip()]
    return {v["record_id"]: v for v in verdicts}


def site_counts(staged, verdicts: dict[str, dict]) -> dict:
    stats = staged.stats
    changes = Counter(v["change"] for v in verdicts.values() if v["change"])
    removed = changes.pop("removed", 0)
    kinds = Counter(v["kind"] for v in verdicts.values())
    # Article pages answered 200: how many extraction read no text, or text but no date (the
    # extraction-drift alert watches these shares, arshif/ops/health.py).
    pages = [c.get("article") or {} for c in staged.captures if c.get("role") == "article" and c.get("status") == 200]
    return {
        "extracted": len(pages),
        "empty_text": sum(1 for a in pages if not a.get("text")),
        "no_date": sum(1 for a in pages if a.get("text") and not a.get("date")),
        # Articles whose site chrome filtering was skipped: it would have taken most of the text
        # (arshif/extract/record.py); the chrome-skipped alert names them.
        "chrome_skipped": sum(1 for a in pages if a.get("chrome_skipped")),
        "discovered": stats.get("arshif/discovered", 0),
        "fetched": stats.get("downloader/response_count", 0),
        "articles": sum(changes.values()),
        "new": changes["new"], "changed": changes["changed"], "unchanged": changes["unchanged"],
        "identical": changes["identical"], "revisits": kinds["revisit"],
        "removed": removed,
        "rechecks": stats.get("arshif/rechecks", 0), "not_modified": stats.get("arshif/not_modified", 0),
        "not_due": stats.get("arshif/not_due", 0),
        "failures": len(staged.failures),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
    }


def archive_run(run_key: str, sites: list[str]) -> dict:
    """Writes each decided site's objects and manifest, then updates the catalog."""
    from arshif.archive import archive_site
    from arshif.catalog import Catalog
    from arshif.crawl.staging import read_staged

    store, catalog = _store(), Catalog()
    summary = {}
    for site in sites:
        staged = read_staged(store, run_key, site)
        if staged is None or not store.exists(layout.verdicts_key(run_key, site)):
            summary[site] = None
            continue
        verdicts = _read_verdicts(store, run_key, site)
        manifest = archive_site(store, catalog, run_key, site, staged, verdicts,
                                site_counts(staged, verdicts))
        summary[site] = {"captures": manifest["captures"], "objects": len(manifest["objects"])}
    catalog.close()
    log.info("archive %s: %s", run_key, summary)
    return summary


def _site_status(store, run_key: str, site: str) -> dict:
    """archived (with the manifest's counts), or why not: a crawl kept in the local spool
    because S3 did not answer, a crawl that failed, or an archive step that failed."""
    from arshif.crawl import spool

    kept = spool.spool_dir(run_key, site)
    try:
        if store is None:
            raise StoreUnavailable("S3 did not answer")
        name = layout.manifest_key(run_key, site)
        if store.exists(name):
            return {"status": "archived", **store.get_json(name)["counts"]}
        staged = store.exists(layout.staging_success(run_key, site))
    except StoreUnavailable:
        staged = False
    if not staged and (kept / spool.SPOOL_STATE).is_file():
        captures = spool.captures_in(kept)
        return {"status": "spooled", "spooled": captures,
                "error": f"S3 unavailable: {captures} captures kept in {kept}, the next run uploads them"}
    return {"status": "archive failed" if staged else "crawl failed"}


def _ledger_head(store, catalog) -> dict | None:
    """The run ledger's head after the run (position and sha256): from the bucket, the catalog's
    view when S3 does not answer."""
    from arshif import ledger

    known = catalog.ledger_head()
    if store is not None:
        try:
            found = ledger.head(store, known["position"] if known else 0)
            catalog.add_ledger_entry(found)
            return {"position": found.position, "sha256": found.sha256} if found.position else None
        except (StoreUnavailable, ledger.LedgerError) as exc:
            log.error("ledger head from the catalog: %s", exc)
    return {"position": known["position"], "sha256": known["sha256"]} if known else None


def report_run(run_key: str, sites: list[str], sites_file: str | None = None) -> dict:
    """Per-site figures and alerts: printed, kept in the catalog and in the bucket, alerts sent
    (arshif/ops/). Fails the run when a site has nothing committed, after the report is written."""
    from arshif.catalog import Catalog
    from arshif.ops.alerts import send
    from arshif.ops.health import site_alerts
    from arshif.report import format_report

    if not sites:
        log.info("run %s: no site was due; nothing to report", run_key)
        return {}
    thresholds = _alert_thresholds(sites_file)
    catalog = Catalog()
    try:
        store = _store()
    except StoreUnavailable as exc:  # still report, from what is on local disk
        log.error("report %s without S3: %s", run_key, exc)
        store = None
    report: dict[str, dict] = {}
    alerts = []
    for site in sites:
        report[site] = _site_status(store, run_key, site)
        raised = site_alerts(site, run_key, report[site], catalog.site_reports(site, before=run_key),
                             thresholds.get(site))
        report[site]["alerts"] = [a.to_dict() for a in raised]
        alerts.extend(raised)
        catalog.save_report(run_key, site, report[site])
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    head = _ledger_head(store, catalog)
    if store is not None:
        try:
            store.put_json_once(layout.report_key(run_key, stamp),
                                {"run_key": run_key, "sites": report, "ledger_head": head})
        except StoreUnavailable as exc:
            log.error("report %s kept in the catalog only: %s", run_key, exc)
    catalog.close()
    print(format_report(run_key, report, head), flush=True)
    send(alerts)
    failed = [site for site, figures in report.items() if figures["status"] != "archived"]
    if failed:
        raise SiteFailed(f"run {run_key}: nothing archived for {', '.join(failed)}; see the crawl logs "
                         f"under {home_dir('logs', 'crawl', run_key)}")
    return report
