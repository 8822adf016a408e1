"""arshif's side of the crawl benchmark: one site's crawl subprocess (``arshif.crawl.run``), its stages
timed one by one.

    python -m bench.crawl_arshif --sites FILE --site NAME --run-key KEY --mode capture|whole [--profile F]

``capture``: plan, crawl (fetch, WARC, capture log), stage in S3; ``whole`` adds extraction,
as ``python -m arshif.crawl.run`` does. Needs ARSHIF_HOME and an S3 endpoint in the environment.
Prints one JSON line: pages, and wall and CPU seconds per stage; the CPU of extraction workers
(child processes) is counted apart.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import shutil
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def timed(stages: dict, name: str):
    wall, own, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    yield
    stages[name] = {"wall_s": time.perf_counter() - wall, "cpu_s": _cpu(resource.RUSAGE_SELF) - own,
                    "child_cpu_s": _cpu(resource.RUSAGE_CHILDREN) - children}


def run(sites: str, site: str, run_key: str, mode: str) -> dict:
    try:
        from arshif.crawl.extract_pool import extraction_workers
    except ImportError:  # measuring a checkout from before the workers (see bench/crawl.py --only)
        def extraction_workers(_workers=None):
            return nullcontext(None)
    from arshif.crawl import run as crawl_process
    from storage.s3 import open_store

    stages: dict[str, dict] = {}
    store = open_store()
    work = Path(tempfile.mkdtemp(prefix="arshif-bench-crawl-"))
    try:
        # capture: no workers, so that nothing is extracted, as the mode says.
        with extraction_workers(None if mode == "whole" else 0) as pool:
            with timed(stages, "plan"):
                frontier = crawl_process.plan(store, sites, site, run_key, work)
            with timed(stages, "crawl"):
                stats = crawl_process.crawl(sites, site, run_key, work, frontier)
            if mode == "whole":
                with timed(stages, "extract"):
                    summary = crawl_process.extract(store, sites, site, run_key, work)
            else:
                summary = {}
            worker_cpu = pool.worker_cpu_s if pool else 0.0
        with timed(stages, "stage"):
            crawl_process.stage(store, run_key, site, work, stats, crawl_process.new_attempt())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"pages": stats.get("arshif/articles", 0), "responses": stats.get("downloader/response_count", 0),
            "finish_reason": stats.get("finish_reason"), "extracted": summary.get("articles"),
            "stages": stages, "worker_cpu_s": worker_cpu}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--run-key", required=True)
    parser.add_argument("--mode", choices=("capture", "whole"), default="whole")
    parser.add_argument("--profile", help="write the top functions by own CPU time to this file")
    args = parser.parse_args(argv)
    import arshif.crawl.run  # noqa: F401 - imports are a CLI call's cost, not the crawl's

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    result = run(args.sites, args.site, args.run_key, args.mode)
    if profiler:
        profiler.disable()
        with open(args.profile, "w", encoding="utf-8") as fh:
            pstats.Stats(profiler, stream=fh).sort_stats("tottime").print_stats(25)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
