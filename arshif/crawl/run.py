"""The crawl subprocess: crawl one site, extract its articles, then stage its WARC and
capture log in S3.

A Twisted reactor cannot be restarted inside one process, and tasks may run on different
workers, so each site's crawl runs here, in a process of its own, and leaves nothing that
matters on local disk::

    python -m arshif.crawl.run --sites sites.yaml --site masr-today --run-key 20261128T000000Z

Exit status: 0 when the crawl ran and its output is staged (page-level failures are in the
capture log), 1 when it could not run or could not be staged, with the reason on stderr, 3 when
it crawled but S3 did not answer: the crawl is then kept in the local spool
(arshif/crawl/spool.py), and the next crawl subprocess of the site stages it first, without
fetching it again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from arshif import layout
from arshif.crawl import extract_pool, spool
from arshif.crawl.extract_pool import extraction_workers
from arshif.faults import fault_point
from storage.errors import StoreUnavailable

SPOOLED = 3  # exit status: crawled, kept in the spool because S3 did not answer
# Staging is tried this many times (botocore already retries each request) before the crawl
# is spooled; the waits between tries grow 2 s, 4 s…
STAGE_ATTEMPTS = int(os.environ.get("ARSHIF_STAGE_ATTEMPTS", "3"))


def plan(store, sites_file: str, site_name: str, run_key: str, output_dir: Path) -> Path:
    """The frontier this crawl works from (known articles, which are due), saved beside it."""
    from arshif.catalog import Catalog
    from arshif.catalog.sync import sync_catalog
    from arshif.config import load_sites
    from arshif.frontier import plan_frontier
    from arshif.layout import FRONTIER_NAME

    site = load_sites(sites_file).site(site_name)
    catalog = Catalog()
    try:
        sync_catalog(store, catalog)  # a run that died after committing still counts
        frontier = plan_frontier(catalog, site.name, run_key, site.recheck)
    finally:
        catalog.close()
    path = output_dir / FRONTIER_NAME
    frontier.save(path)
    due = len(frontier.due_rechecks())
    print(f"{site_name}: {len(frontier.known)} known articles, {due} due for a re-check", file=sys.stderr)
    return path


def crawl(sites_file: str, site_name: str, run_key: str, output_dir: Path,
          frontier_file: Path | None = None) -> dict:
    """Run the spider for one site in this process; return the crawl's stats."""
    from scrapy.crawler import CrawlerProcess

    from arshif.config import load_sites
    from arshif.layout import STATS_NAME
    from spiders.news import NewsSpider
    from spiders.settings import crawl_settings

    config = load_sites(sites_file)
    site = config.site(site_name)
    warcinfo = {"operator": os.environ.get("ARSHIF_OPERATOR", "arshif"), "isPartOf": f"arshif-{run_key}",
                "robots": "obey", "description": f"arshif crawl of {site.name} for run {run_key}",
                "http-header-user-agent": config.user_agent}
    process = CrawlerProcess(crawl_settings(config, site, output_dir, warcinfo, frontier_file))
    crawler = process.create_crawler(NewsSpider)
    # The spider's ExtractionPipeline sends article pages to the pool open around this crawl
    # (handed over here, so that spiders/ never imports the crawl process's modules).
    crawler.arshif_extraction_pool = extract_pool.active()
    process.crawl(crawler, site_json=site.model_dump_json())
    process.start()
    return json.loads((output_dir / STATS_NAME).read_text(encoding="utf-8"))


def extract(store, sites_file: str, site_name: str, run_key: str, output_dir: Path) -> dict:
    """The extract step: articles out of the crawl's pages, with the site's chrome learned."""
    from arshif.config import load_sites
    from arshif.crawl.extract_pass import extract_crawl
    from arshif.layout import ITEMS_NAME, WARC_NAME

    site = load_sites(sites_file).site(site_name)
    return extract_crawl(store, site, run_key, output_dir / ITEMS_NAME, output_dir / WARC_NAME)


def new_attempt() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


def stage(store, run_key: str, site_name: str, output_dir: Path, stats: dict, attempt: str) -> dict:
    """Upload the crawl's files under the attempt's prefix, then the ``_SUCCESS`` marker. Safe to
    repeat with the same attempt: write-once puts find the objects already sent."""
    from arshif.layout import FRONTIER_NAME, ITEMS_NAME, STATS_NAME, WARC_NAME

    success = layout.staging_success(run_key, site_name)
    if store.exists(success):  # a retry whose last try was stored though its answer was lost
        return store.get_json(success)
    prefix = layout.staging_attempt_prefix(run_key, site_name, attempt)
    objects = []
    for name, content_type in ((WARC_NAME, "application/warc"), (ITEMS_NAME, "application/x-ndjson"),
                               (STATS_NAME, "application/json"), (FRONTIER_NAME, "application/json")):
        if not (output_dir / name).exists():
            continue
        result = store.put_file_once(prefix + name, output_dir / name, content_type=content_type)
        objects.append({"key": result.key, "size": result.size, "sha256": result.sha256})
        fault_point("staging:mid-upload")
    marker = {"run_key": run_key, "site": site_name, "attempt": attempt, "prefix": prefix,
              "objects": objects, "finish_reason": stats.get("finish_reason"),
              "staged_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")}
    store.put_json_once(success, marker)
    return marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m arshif.crawl.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sites", required=True, help="the sites file (YAML)")
    parser.add_argument("--site", required=True, help="the site's name in the sites file")
    parser.add_argument("--run-key", required=True, help="the run's key, e.g. 20261128T000000Z")
    parser.add_argument("--keep", action="store_true", help="keep the local work folder")
    args = parser.parse_args(argv)

    from storage.s3 import open_store

    store = open_store()
    for folder in spool.pending(args.site):  # what S3 could not take last time goes first
        upload_spooled(store, args.sites, args.site, folder)
    success_key = layout.staging_success(args.run_key, args.site)
    if store.exists(success_key):
        print(f"{args.site}: already staged for run {args.run_key}; nothing to crawl", file=sys.stderr)
        print(json.dumps({"site": args.site, "staged": store.get_json(success_key)["prefix"],
                          "already_staged": True}))
        return 0
    work = Path(tempfile.mkdtemp(prefix=f"arshif-crawl-{args.site}-"))
    state = {"run_key": args.run_key, "site": args.site, "attempt": new_attempt(), "extracted": False}
    try:
        with extraction_workers():  # pages are extracted on every core while the crawl goes on
            frontier_file = plan(store, args.sites, args.site, args.run_key, work)
            stats = crawl(args.sites, args.site, args.run_key, work, frontier_file)
            if stats.get("finish_reason") != "finished":
                print(f"{args.site}: crawl ended early ({stats.get('finish_reason')}); not staged",
                      file=sys.stderr)
                return 1
            try:
                extract(store, args.sites, args.site, args.run_key, work)
                state["extracted"] = True
                marker = stage_with_retries(store, args.run_key, args.site, work, stats, state["attempt"])
            except StoreUnavailable as exc:
                # What was fetched is not lost: it waits on local disk for the next run.
                kept = spool.keep(work, args.run_key, args.site, state)
                captures = spool.captures_in(kept)
                print(f"{args.site}: S3 unavailable ({exc}); {captures} captures kept in {kept}",
                      file=sys.stderr)
                print(json.dumps({"site": args.site, "spooled": str(kept), "captures": captures,
                                  "error": str(exc)}, ensure_ascii=False))
                return SPOOLED
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"site": args.site, "staged": marker["prefix"],
                      "responses": stats.get("downloader/response_count", 0),
                      "articles": stats.get("arshif/articles", 0),
                      "failures": stats.get("arshif/failures", 0)}, ensure_ascii=False))
    return 0


def stage_with_retries(store, run_key: str, site: str, folder: Path, stats: dict, attempt: str) -> dict:
    """``stage`` tried ``STAGE_ATTEMPTS`` times while S3 does not answer; then it raises."""
    for tries in range(1, STAGE_ATTEMPTS + 1):
        try:
            return stage(store, run_key, site, folder, stats, attempt)
        except StoreUnavailable as exc:
            if tries == STAGE_ATTEMPTS:
                raise
            wait = 2.0 ** tries
            print(f"{site}: staging failed ({exc}); trying again in {wait:.0f} s", file=sys.stderr)
            time.sleep(wait)
    raise AssertionError("unreachable")


def upload_spooled(store, sites_file: str, site: str, folder: Path) -> None:
    """Stages a spooled crawl under its own run key (extracting it first if that had not run),
    then forgets it. Its run is archived by that run's dedupe and archive tasks."""
    from arshif.layout import STATS_NAME

    state = spool.read_state(folder)
    run_key = state["run_key"]
    if not store.exists(layout.staging_success(run_key, site)):
        if not state.get("extracted"):
            extract(store, sites_file, site, run_key, folder)
            state["extracted"] = True
            spool.write_state(folder, state)
        stats = json.loads((folder / STATS_NAME).read_text(encoding="utf-8"))
        stage_with_retries(store, run_key, site, folder, stats, state["attempt"])
    print(f"{site}: staged the spooled crawl of run {run_key} ({spool.captures_in(folder)} captures) "
          f"from {folder}", file=sys.stderr)
    spool.release(folder)


if __name__ == "__main__":
    sys.exit(main())
