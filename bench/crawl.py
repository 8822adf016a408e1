"""Crawl path: arshif's crawl subprocess against bare Scrapy, on the same pages, in the same run.

    .venv/bin/python bench/crawl.py [--pages 5000] [--rounds 2] [--sets real,generated]
        [--real-pages DIR] [--page-kb 100] [--json FILE]

Two page sets, one after the other: first the real ones (``--real-pages``, by default the saved
pages of ../shared/eval: ``--pages`` URLs serving those pages in turn), which the targets are
judged on; then ``--pages`` generated Arabic article pages of about ``--page-kb`` KiB. For each,
one local server (bench/crawl_server.py) serves the pages and a sitemap index, and each round
runs, in an order that turns round by round:
- bare Scrapy reading the sitemap and fetching every page, doing nothing with it;
- arshif capture: plan, crawl (fetch, WARC, capture log), stage in S3 (a SeaweedFS of its own);
- bare Scrapy calling bare trafilatura (with metadata) in its callback;
- arshif whole: as capture, plus extraction, in worker processes while the crawl goes on;
- arshif whole with extraction in the crawl process after the crawl (``ARSHIF_EXTRACT_WORKERS=0``):
  the path before the workers existed.
Pages per second = pages ÷ wall seconds of the crawl (imports and the server's start excluded on
both sides); ratios are taken per round, median shown. Rewrites the `crawl` section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.docfile import write_section  # noqa: E402
from bench.environment import cpu_model, source_state  # noqa: E402
from bench.progress import say  # noqa: E402

SECTION = "crawl"
BUCKET = "arshif-bench-crawl"
SITE = "bench-news"
RUNS = {
    "bare": "bare Scrapy",
    "capture": "arshif capture",
    "bare+trafilatura": "bare Scrapy + trafilatura",
    "whole": "arshif whole path",
    "whole-inline": "arshif whole path, extraction after the crawl (before)",
}
PAGE_SETS = ("real", "generated")
# Issue 17's targets, on real pages.
TARGET_CAPTURE, TARGET_WHOLE, TARGET_CPU = 0.6, 1.6, 1.0


def default_real_pages() -> Path | None:
    """The saved pages with ground truth: ARSHIF_EVAL_DIR, else shared/eval beside the checkout
    (../shared/eval from the main tree, ../../shared/eval from a worktree under wt/)."""
    configured = os.environ.get("ARSHIF_EVAL_DIR")
    candidates = [Path(configured)] if configured else [ROOT.parent / "shared" / "eval",
                                                         ROOT.parent.parent / "shared" / "eval"]
    return next((c for c in candidates if c.is_dir()), None)


def sites_yaml(origin: str, concurrency: int) -> str:
    host = origin.split("//", 1)[1]
    return (f'allow_private_addresses: ["{host}"]\n'
            "sites:\n"
            f"  - name: {SITE}\n"
            f'    domains: ["{host.split(":")[0]}"]\n'
            f'    sitemaps: ["{origin}/sitemap.xml"]\n'
            "    article_pattern: '/news/\\d+/'\n"
            "    timezone: Africa/Cairo\n"
            f"    politeness: {{delay: 0, concurrency: {concurrency}}}\n")


def start_server(pages: int, page_kb: int, host: str, port: int,
                 real_pages: Path | None = None) -> tuple[subprocess.Popen, str]:
    saved = ["--real-pages", str(real_pages)] if real_pages else []
    server = subprocess.Popen([sys.executable, "-m", "bench.crawl_server", "--pages", str(pages),
                               "--page-kb", str(page_kb), "--host", host, "--port", str(port), *saved],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if not line.startswith("ready "):
        server.kill()
        raise SystemExit(f"bench server did not start (exit {server.poll()}); is {host}:{port} free?")
    return server, line.split()[1]


def _json_line(done: subprocess.CompletedProcess, what: str) -> dict[str, Any]:
    if done.returncode != 0:
        raise SystemExit(f"{what} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_bare(origin: str, concurrency: int, extract: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.crawl_baseline", "--sitemap", f"{origin}/sitemap.xml",
               "--concurrency", str(concurrency)] + (["--extract"] if extract else [])
    result = _json_line(subprocess.run(command, cwd=ROOT, capture_output=True, text=True), "bare Scrapy")
    return {"pages": result["pages"], "wall_s": result["wall_s"], "cpu_s": result["cpu_s"]}


def run_arshif(env: dict[str, str], sites: Path, run_key: str, mode: str, workers: int | None,
               profile: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.crawl_arshif", "--sites", str(sites), "--site", SITE,
               "--run-key", run_key, "--mode", mode] + (["--profile", str(profile)] if profile else [])
    run_env = dict(env)
    if workers is not None:
        run_env["ARSHIF_EXTRACT_WORKERS"] = str(workers)
    result = _json_line(subprocess.run(command, cwd=ROOT, env=run_env, capture_output=True, text=True),
                        f"arshif {mode}")
    if result["finish_reason"] != "finished":
        raise SystemExit(f"arshif {mode} crawl ended early: {result['finish_reason']}")
    stages = result["stages"]
    result["wall_s"] = sum(s["wall_s"] for s in stages.values())
    result["cpu_s"] = sum(s["cpu_s"] for s in stages.values()) + result["worker_cpu_s"]
    return result


def measure(args: argparse.Namespace, origin: str, env: dict[str, str], sites: Path) -> list[dict[str, Any]]:
    names = [name for name in RUNS if name in args.only]
    rounds = []
    serial = 0
    for round_no in range(args.rounds):
        shift = round_no % len(names)
        order = names[shift:] + names[:shift]
        results: dict[str, Any] = {}
        for name in order:
            serial += 1
            say(f"crawl: round {round_no + 1}/{args.rounds}, {RUNS[name]}")
            run_key = f"20261128T{serial // 60:04d}{serial % 60:02d}Z"
            if name == "bare":
                results[name] = run_bare(origin, args.concurrency, extract=False)
            elif name == "bare+trafilatura":
                results[name] = run_bare(origin, args.concurrency, extract=True)
            elif name == "capture":
                results[name] = run_arshif(env, sites, run_key, "capture", 0)
            elif name == "whole":
                results[name] = run_arshif(env, sites, run_key, "whole", args.workers)
            else:
                results[name] = run_arshif(env, sites, run_key, "whole", 0)
            done = results[name]
            say(f"  {done['pages']} pages in {done['wall_s']:.1f} s: {done['pages'] / done['wall_s']:.1f} pages/s")
        rounds.append(results)
    return rounds


def profile_run(env: dict[str, str], sites: Path, folder: Path, workers: int | None) -> str:
    path = folder / "crawl-profile.txt"
    run_arshif(env, sites, "20261127T000000Z", "whole", workers, profile=path)
    return path.read_text(encoding="utf-8")


def summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    def rate(result: dict[str, Any]) -> float:
        return result["pages"] / result["wall_s"]

    def spread(values: list[float]) -> dict[str, float]:
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    rates = {name: spread([rate(r[name]) for r in rounds]) for name in RUNS}
    ratios = {
        "capture / bare": spread([rate(r["capture"]) / rate(r["bare"]) for r in rounds]),
        "whole / bare+trafilatura": spread([rate(r["whole"]) / rate(r["bare+trafilatura"]) for r in rounds]),
        "whole-inline / bare+trafilatura": spread([rate(r["whole-inline"]) / rate(r["bare+trafilatura"])
                                                   for r in rounds]),
        "whole / whole-inline": spread([rate(r["whole"]) / rate(r["whole-inline"]) for r in rounds]),
    }
    cpu_per_page = {name: spread([1000 * r[name]["cpu_s"] / r[name]["pages"] for r in rounds]) for name in RUNS}
    stages: dict[str, dict[str, float]] = {}
    for name in ("capture", "whole", "whole-inline"):
        per = {}
        for stage in ("plan", "crawl", "extract", "stage"):
            values = [r[name]["stages"][stage] for r in rounds if stage in r[name]["stages"]]
            if values:
                per[stage] = {
                    "wall_ms_per_page": statistics.median(1000 * v["wall_s"] / r[name]["pages"]
                                                          for v, r in zip(values, rounds, strict=False)),
                    "cpu_ms_per_page": statistics.median(1000 * v["cpu_s"] / r[name]["pages"]
                                                         for v, r in zip(values, rounds, strict=False)),
                }
        per["extraction workers"] = {
            "wall_ms_per_page": 0.0,
            "cpu_ms_per_page": statistics.median(1000 * r[name].get("worker_cpu_s", 0.0) / r[name]["pages"]
                                                 for r in rounds),
        }
        stages[name] = per
    return {"pages_per_s": rates, "ratios": ratios, "cpu_ms_per_page": cpu_per_page, "stages": stages}


def summarise_subset(rounds: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """Pages per second and CPU per page of some of the runs (``--only``), median of rounds."""
    rate = {name: [r[name]["pages"] / r[name]["wall_s"] for r in rounds] for name in names}
    subset: dict[str, Any] = {
        "pages_per_s": {name: statistics.median(values) for name, values in rate.items()},
        "cpu_ms_per_page": {name: statistics.median(1000 * r[name]["cpu_s"] / r[name]["pages"] for r in rounds)
                            for name in names},
    }
    if "bare" in rate and "capture" in rate:
        subset["capture / bare"] = statistics.median(c / b for c, b in zip(rate["capture"], rate["bare"], strict=True))
    return subset


def _runs(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in RUNS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown run {', '.join(unknown) or '(none)'}; choose from {','.join(RUNS)}")
    return names


def _sets(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names or any(name not in PAGE_SETS for name in names):
        raise argparse.ArgumentTypeError(f"page sets: a comma-separated list of {','.join(PAGE_SETS)}")
    return names


def _worker_count() -> int:
    try:
        from arshif.crawl.extract_pool import worker_count
    except ImportError:  # a checkout from before the workers (--only)
        return 0
    return worker_count()


def _x(value: dict[str, float]) -> str:
    return f"**{value['median']:.2f}×** ({value['min']:.2f}–{value['max']:.2f})"


def _n(value: dict[str, float], digits: int = 1) -> str:
    return f"{value['median']:.{digits}f} ({value['min']:.{digits}f}–{value['max']:.{digits}f})"


def render(run: dict[str, Any]) -> str:
    lines = [
        "## Crawl path",
        "",
        f"Command: `{run['command']}` — run {run['started']}, {run['minutes']:.1f} min.",
        f"Machine: {run['machine']}. Python {run['python']}, Scrapy {run['versions']['scrapy']}, "
        f"trafilatura {run['versions']['trafilatura']}. arshif at {run['source']}.",
        "",
        f"{run['pages']} article URLs per page set (a sitemap index over sitemaps of 1,000), from one local "
        f"server; {run['rounds']} rounds; {run['concurrency']} parallel requests to the host on both sides; "
        f"{run['workers']} extraction workers. Median of rounds (min–max); ratios taken per round. "
        "Real pages first: the targets are judged on them.",
    ]
    for n, page_set in enumerate(run["sets"]):
        lines += render_set(page_set, targets=n == 0 and page_set["page_set"] == "real")
    profile = next((p["profile"] for p in run["sets"] if p.get("profile")), None)
    if profile:
        lines += ["", "### Profile of the crawl process (whole path, first page set, top functions by own time)",
                  "", "```", profile.strip(), "```"]
    lines += [
        "",
        "### How it is measured",
        "",
        "- **Real pages** (bench/crawl_pages.py): the saved news pages with ground truth "
        "(../shared/eval: Arabic and other sites), each URL `/news/<n>/` serving page n modulo their "
        "number, as saved (their own charset). **Generated pages**: the demo network's day-1 article "
        "pages (three site designs) as templates, each page's paragraphs and headline drawn fresh "
        "from the demo's prose generator, padded with inline scripts, styles and a long menu to the "
        "size of a real news page. Served from memory by an asyncio HTTP/1.1 server with keep-alive "
        "(bench/crawl_server.py), in its own process.",
        "- **Bare Scrapy** (bench/crawl_baseline.py): a `SitemapSpider` on the same sitemap index, "
        "robots.txt obeyed, cookies off, no delay, the same concurrency; with trafilatura, its "
        "callback calls `trafilatura.bare_extraction(body, url=, with_metadata=True)`.",
        "- **arshif** (bench/crawl_arshif.py): the steps of the crawl subprocess (`python -m "
        "arshif.crawl.run`) called one by one and timed: plan (frontier from the catalog), crawl "
        "(discovery, address guard, robots, politeness, WARC records written and flushed per fetch, "
        "capture log), extract (the chrome model learned and saved, texts filtered; pages the "
        "workers did not take are extracted here), stage (WARC, capture log, stats and frontier "
        "uploaded to SeaweedFS with SHA-256 checksums, then the `_SUCCESS` marker). Capture runs "
        "with no extraction workers and skips extract.",
        "- **Wall time** excludes the interpreter's start and imports on both sides (a CLI call's "
        "cost, reported in the retrieval section); the extraction workers' start is included. "
        "**CPU** is user + system time of the crawl process plus the CPU time the workers spent "
        "extracting (each worker reports its own per page).",
        "- The server shares the machine's cores with the crawler on both sides alike.",
    ]
    return "\n".join(lines)


def render_set(page_set: dict[str, Any], targets: bool) -> list[str]:
    """One page set's section: its targets (the first, real set), results, ratios and stages."""
    s = page_set["summary"]
    ratios, rates, cpu = s["ratios"], s["pages_per_s"], s["cpu_ms_per_page"]
    title = "Real pages" if page_set["page_set"] == "real" else "Generated pages"
    lines = ["", f"### {title}: {page_set['source']} ({page_set['page_kib']:.0f} KiB a page on average)", ""]
    if targets:
        cpu_ratio = cpu["whole"]["median"] / cpu["bare+trafilatura"]["median"]
        checks = [(ratios["capture / bare"]["median"] >= TARGET_CAPTURE,
                   f"capture alone ≥ {TARGET_CAPTURE}× bare Scrapy: {ratios['capture / bare']['median']:.2f}×"),
                  (ratios["whole / bare+trafilatura"]["median"] >= TARGET_WHOLE,
                   f"whole path ≥ {TARGET_WHOLE}× bare Scrapy with bare trafilatura in its callback: "
                   f"{ratios['whole / bare+trafilatura']['median']:.2f}×"),
                  (cpu_ratio <= TARGET_CPU,
                   f"CPU per page of the whole path ≤ {TARGET_CPU}× bare Scrapy + trafilatura's: {cpu_ratio:.2f}×")]
        lines += ["Targets (issue 17):", ""] + [f"- [{'x' if ok else ' '}] {text}" for ok, text in checks] + [""]
    lines += ["| run | pages/s | CPU ms per page (all processes) |", "|---|---|---|"]
    for name, label in RUNS.items():
        lines.append(f"| {label} | {_n(rates[name])} | {_n(cpu[name])} |")
    lines += [
        "",
        "| ratio of pages/s | median (min–max) |",
        "|---|---|",
        f"| arshif capture ÷ bare Scrapy | {_x(ratios['capture / bare'])} |",
        f"| arshif whole path ÷ bare Scrapy + trafilatura | {_x(ratios['whole / bare+trafilatura'])} |",
        f"| before: extraction after the crawl ÷ bare Scrapy + trafilatura | "
        f"{_x(ratios['whole-inline / bare+trafilatura'])} |",
        f"| extraction workers during the crawl ÷ extraction after the crawl | {_x(ratios['whole / whole-inline'])} |",
        "",
        "Where the time goes, per page (median of rounds):",
        "",
        "| run | stage | wall ms | CPU ms |",
        "|---|---|---|---|",
    ]
    for name, per in s["stages"].items():
        for stage, value in per.items():
            if name != "whole" and stage == "extraction workers":
                continue
            wall = f"{value['wall_ms_per_page']:.2f}" if stage != "extraction workers" else "(in parallel)"
            lines.append(f"| {RUNS[name]} | {stage} | {wall} | {value['cpu_ms_per_page']:.2f} |")
    return lines


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="article URLs to crawl per page set")
    parser.add_argument("--page-kb", type=int, default=100, help="size of each generated page, in KiB")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sets", type=_sets, default=list(PAGE_SETS),
                        help="the page sets, in order: real (the saved pages, served in turn) and/or generated")
    parser.add_argument("--real-pages", type=Path, default=None,
                        help="the saved pages to serve (default: ARSHIF_EVAL_DIR, else ../shared/eval)")
    parser.add_argument("--concurrency", type=int, default=16, help="parallel requests to the host")
    parser.add_argument("--workers", type=int, default=None,
                        help="arshif's extraction workers (default: ARSHIF_EXTRACT_WORKERS, else one per core)")
    parser.add_argument("--host", default="127.0.0.31")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled run")
    parser.add_argument("--only", type=_runs, default=list(RUNS),
                        help=f"a comma-separated subset of the runs: {','.join(RUNS)} (the figures "
                             "are printed, not written to docs/benchmarks.md)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    if "real" in args.sets:
        args.real_pages = args.real_pages or default_real_pages()
        if args.real_pages is None or not args.real_pages.is_dir():
            raise SystemExit("no saved pages: pass --real-pages DIR (e.g. ../shared/eval), set ARSHIF_EVAL_DIR, "
                             "or --sets generated")

    from importlib import metadata

    complete = set(args.only) == set(RUNS)  # a subset is printed, not written to the docs
    started, clock = datetime.now(UTC), time.perf_counter()
    run: dict[str, Any] = {
        "command": "python bench/crawl.py " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {cpu_model()}",
        "python": sys.version.split()[0],
        "versions": {name: metadata.version(name) for name in ("scrapy", "trafilatura")},
        "source": source_state(ROOT), "pages": args.pages, "rounds": args.rounds,
        "concurrency": args.concurrency,
        "workers": args.workers if args.workers is not None else _worker_count(),
        "sets": [],
    }
    for n, page_set in enumerate(args.sets):
        say(f"crawl: page set {page_set}")
        saved = args.real_pages if page_set == "real" else None
        with_profile = complete and not args.no_profile and n == 0
        run["sets"].append(measure_set(args, page_set, saved, with_profile, complete))
    run["minutes"] = (time.perf_counter() - clock) / 60
    if args.json:
        args.json.write_text(json.dumps(run, indent=2, ensure_ascii=False), encoding="utf-8")
    if not complete:
        print(json.dumps({s["page_set"]: s["summary_subset"] for s in run["sets"]}, indent=2))
        return run
    text = render(run)
    if not args.no_doc:
        write_section(ROOT / "docs" / "benchmarks.md", SECTION, text)
    print(text)
    return run


def measure_set(args: argparse.Namespace, page_set: str, saved: Path | None, with_profile: bool,
                complete: bool) -> dict[str, Any]:
    """The rounds of one page set, on a server and a SeaweedFS of their own."""
    from bench.crawl_pages import BenchSite
    from storage import seaweedfs

    server, origin = start_server(args.pages, args.page_kb, args.host, args.port, saved)
    folder = Path(tempfile.mkdtemp(prefix="arshif-bench-crawl-"))
    profile = None
    try:
        embedded = seaweedfs.start(folder / "home")
        try:
            env = {**os.environ, "ARSHIF_HOME": str(folder / "home"), "ARSHIF_S3_ENDPOINT": embedded.endpoint_url,
                   "ARSHIF_BUCKET": BUCKET, "PYTHONPATH": str(ROOT)}
            env.pop("ARSHIF_INDEX_URL", None)
            sites = folder / "sites.yaml"
            sites.write_text(sites_yaml(origin, args.concurrency), encoding="utf-8")
            rounds = measure(args, origin, env, sites)
            if with_profile:
                profile = profile_run(env, sites, folder, args.workers)
        finally:
            seaweedfs.stop(folder / "home", timeout=1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    sample = BenchSite(args.pages, args.page_kb, real_pages=saved)
    result = {"page_set": page_set, "source": f"saved pages from {saved}" if saved else "generated",
              "page_kib": sum(len(sample.article(n)) for n in range(200)) / 200 / 1024,
              "raw": rounds, "profile": profile}
    result["summary" if complete else "summary_subset"] = (summarise(rounds) if complete
                                                           else summarise_subset(rounds, args.only))
    return result


if __name__ == "__main__":
    main()
