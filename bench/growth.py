"""Growth: the cost of one daily run as the network grows, in articles per site and in sites.

    .venv/bin/python bench/growth.py [--articles 10 100 1000] [--sites 3 10 30]
                                     [--grid axes|full] [--json FILE] [--compare DIR]

Each scale is a scaled demo network (arshif/demo/scale: N sites cycling the demo's three
designs, M articles each on day 1) served on its own port, crawled by one real daily run
(`arshif run --sites <its sites file> --date <day 1>`: Airflow's dag.test, a crawl subprocess
per site, dedupe, archive into a SeaweedFS of its own, catalog, report) under a temporary
ARSHIF_HOME whose Airflow metadata database is migrated before the clock starts. Measured:
wall time of `arshif run`; CPU time of its whole process tree (psutil samples of every process in it,
and getrusage of the reaped children); peak RSS of the tree (sum over its live processes, sampled every 0.1 s with psutil)
and of its largest single process; pages fetched and captures archived (from the run's report).
The demo server's and SeaweedFS's CPU are measured apart: they are the "web" and the bucket.

`--grid axes` (default) varies articles at the smallest site count and sites at the middle
article count (5 runs); `--grid full` runs every pair. Baseline: the smallest scale of each
axis, in the same run. The fixed cost of a site is fitted over the runs: wall time =
run's fixed cost + sites × (fixed cost per site + articles × cost per article), least squares;
with a full grid it is the slope against sites of the intercepts of wall time against articles.
`--compare DIR` runs every scale a second time with the arshif code of another checkout (DIR,
e.g. `git worktree add /tmp/before main`), alternating which goes first, and reports both.
Rewrites the `growth` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
# First, even when PYTHONPATH names it: bench/storage.py must not hide the storage package.
sys.path.insert(0, str(ROOT))

from bench.docfile import write_section  # noqa: E402
from bench.environment import describe  # noqa: E402
from bench.growth_analysis import axis_summary, fixed_costs  # noqa: E402
from bench.progress import say  # noqa: E402

SECTION = "growth"
BUCKET = "arshif-bench-growth"
DAY_ONE = "2026-11-28"  # the demo's day 1 (arshif.demo.sites.DAY_DATES[1])
SAMPLE_S = 0.1
LINEAR_RATIO = 1.2  # marginal cost per article, largest step ÷ smallest, still "linear"


def _log(message: str) -> None:
    say(f"[growth] {message}")


def scales(articles: list[int], sites: list[int], grid: str) -> list[tuple[int, int]]:
    """(sites, articles) pairs: the two axes through (fewest sites, middle article count), or
    every pair."""
    articles, sites = sorted(set(articles)), sorted(set(sites))
    if grid == "full":
        return [(s, a) for s in sites for a in articles]
    pivot_articles = articles[len(articles) // 2]
    pairs = [(sites[0], a) for a in articles] + [(s, pivot_articles) for s in sites]
    return sorted(set(pairs))


class TreeSampler(threading.Thread):
    """Peak RSS of a process and its descendants: the sum over the tree, and the largest one."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_tree = self.peak_single = 0
        self.peak_processes = 0
        self.largest = ""
        self.cpu_by_pid: dict[int, float] = {}  # user + system, as last seen
        self.done = threading.Event()

    @property
    def cpu_s(self) -> float:
        return sum(self.cpu_by_pid.values())

    def run(self) -> None:
        while not self.done.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for process in tree:
                try:
                    rss = process.memory_info().rss
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                self.cpu_by_pid[process.pid] = times.user + times.system
                total += rss
                if rss > self.peak_single:
                    self.peak_single = rss
                    self.largest = _describe(process)
            self.peak_tree = max(self.peak_tree, total)
            self.peak_processes = max(self.peak_processes, len(tree))
            self.done.wait(SAMPLE_S)


def _describe(process: psutil.Process) -> str:
    try:
        args = process.cmdline()
    except psutil.Error:
        return "?"
    for marker in ("arshif.crawl.run", "multiprocessing.forkserver", "arshif.orchestrate", "airflow"):
        if any(marker in a for a in args):
            return marker
    return Path(args[0]).name if args else "?"


def _cpu_seconds(pid: int) -> float:
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return float("nan")
    return times.user + times.system


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _environment(home: Path, endpoint: str, source: Path) -> dict[str, str]:
    env = {**os.environ, "ARSHIF_HOME": str(home), "ARSHIF_BUCKET": BUCKET, "ARSHIF_S3_ENDPOINT": endpoint,
           "PYTHONPATH": str(source)}
    for name in ("ARSHIF_INDEX_URL", "ARSHIF_DEMO_LOCK_HELD"):
        env.pop(name, None)
    return env


def _prepare_airflow(env: dict[str, str], source: Path) -> None:
    """The metadata database, migrated once per ARSHIF_HOME: set-up, not the daily run's cost."""
    code = ("from arshif.orchestrate.airflow_env import airflow_env, ensure_metadata_db; "
            "ensure_metadata_db(airflow_env())")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=source, timeout=900)


def run_scale(sites: int, articles: int, port: int, keep_logs: Path | None = None,
              source: Path = ROOT) -> dict[str, Any]:
    """One daily run of a `sites` × `articles` network, measured, with the arshif code in `source`."""
    from arshif.demo.scale import launcher
    from storage import seaweedfs

    with tempfile.TemporaryDirectory(prefix="arshif-bench-growth-") as tmp:
        home = Path(tmp)
        store = seaweedfs.start(home / "s3")
        try:
            env = _environment(home, store.endpoint_url, source)
            started = time.perf_counter()
            server_pid, sites_file = launcher.start(home, sites, articles, port)
            server_start_s = time.perf_counter() - started
            _prepare_airflow(env, source)
            server_cpu, weed_cpu = _cpu_seconds(server_pid), _cpu_seconds(store.pid)
            children_cpu = _children_cpu()
            log_path = home / "run.log"
            command = [str(Path(sys.executable).parent / "arshif"), "run", "--sites", str(sites_file),
                       "--date", DAY_ONE, "--json"]
            started = time.perf_counter()
            with log_path.open("wb") as log:
                process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=log, cwd=source)
                sampler = TreeSampler(process.pid)
                sampler.start()
                out, _ = process.communicate(timeout=4 * 3600)
            wall = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
            reaped_cpu = _children_cpu() - children_cpu
            server_cpu = _cpu_seconds(server_pid) - server_cpu
            weed_cpu = _cpu_seconds(store.pid) - weed_cpu
            if process.returncode != 0:
                tail = log_path.read_text("utf-8", "replace")[-3000:]
                raise RuntimeError(f"arshif run failed ({process.returncode}) at {sites}×{articles}:\n{tail}")
            report = json.loads(out)["sites"]
            captures = _catalog_captures(home)
            stages = {}
            for run_log in (home / "logs" / "runs").glob("*.log"):
                stages = stage_seconds(run_log.read_text("utf-8", "replace"))
                if keep_logs:
                    keep_logs.mkdir(parents=True, exist_ok=True)
                    shutil.copy(run_log, keep_logs / f"run-{sites}x{articles}-{source.name}.log")
        finally:
            launcher.stop(home, port)
            seaweedfs.stop(home / "s3", timeout=1)
    return {
        "source": str(source), "sites": sites, "articles": articles, "wall_s": wall, "cpu_s": max(sampler.cpu_s, reaped_cpu),
        "cpu_sampled_s": sampler.cpu_s, "cpu_reaped_s": reaped_cpu, "processes_seen": len(sampler.cpu_by_pid),
        "peak_tree_rss": sampler.peak_tree, "peak_single_rss": sampler.peak_single,
        "largest_process": sampler.largest, "peak_processes": sampler.peak_processes,
        "server_cpu_s": server_cpu, "s3_cpu_s": weed_cpu, "server_start_s": server_start_s,
        "captures": captures, "stages_s": stages, **_counts(report, sites),
    }


_TASK_START = re.compile(r"^(\S+)\s.*\[DAG TEST\] starting task_id=(\w+)")
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z?\s")


def stage_seconds(log: str) -> dict[str, float]:
    """Wall seconds by DAG task (mapped crawls summed), from the run's log: from each task's
    "[DAG TEST] starting" line to the next one (the last task: to the log's last stamped line)."""
    starts: list[tuple[datetime, str]] = []
    last: datetime | None = None
    for line in log.splitlines():
        stamp = _STAMP.match(line)
        if not stamp:
            continue
        last = datetime.fromisoformat(stamp[1])
        task = _TASK_START.match(line)
        if task:
            starts.append((last, task[2]))
    seconds: dict[str, float] = {}
    for (begin, task), (end, _) in zip(starts, [*starts[1:], (last, "")], strict=True):
        seconds[task] = seconds.get(task, 0.0) + (end - begin).total_seconds()
    return seconds


def _catalog_captures(home: Path) -> int:
    """Captures the run committed, as the catalog (SQLite, under its ARSHIF_HOME) lists them."""
    with sqlite3.connect(home / "catalog.sqlite") as db:
        return db.execute("SELECT count(*) FROM captures").fetchone()[0]


def _counts(report: dict[str, Any], sites: int) -> dict[str, int]:
    archived = [r for r in report.values() if r.get("status") == "archived"]
    if len(archived) != sites:
        raise RuntimeError(f"{len(archived)} of {sites} sites archived: {report}")
    return {
        "fetched": sum(r.get("fetched", 0) for r in archived),
        "new_articles": sum(r.get("new", 0) for r in archived),
        "failures": sum(r.get("failures", 0) for r in archived),
    }


def _fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render(run: dict[str, Any]) -> str:
    env = run["environment"]
    lines = [
        "## Growth",
        "",
        f"Command: `{run['command']}` — run {run['started']}, {run['runtime_s'] / 60:.1f} min.",
        f"Machine: {env['cores']} cores ({env['usable_cores']} usable), {env['cpu']}; load average "
        f"at start {env['load_average_at_start']} (other benchmarks ran beside it). Python {env['python']}, "
        + ", ".join(f"{k} {v}" for k, v in env["packages"].items()) + f". arshif at {env['source']}.",
        "",
        "One daily run (`arshif run` over the network's sites file, day 1: every article new) per "
        "scale. Ratios are to the smallest scale of the same axis in the same run.",
        "",
        "| sites × articles | articles archived | pages fetched | captures | wall s | CPU s | peak RSS, tree | largest process "
        "| wall ms / page | CPU ms / page | wall / page ÷ smallest | server CPU s | S3 CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    all_runs = run["runs"]
    runs = [r for r in all_runs if r.get("source", str(ROOT)) == str(ROOT)]
    smallest = min(runs, key=lambda r: (r["sites"] * r["articles"], r["sites"]))
    base_page = smallest["wall_s"] / smallest["fetched"]
    for r in sorted(all_runs, key=lambda r: (r["sites"], r["articles"], r.get("source", ""))):
        label = "" if r.get("source", str(ROOT)) == str(ROOT) else f" ({Path(r['source']).name})"
        lines.append(
            f"| {r['sites']} × {r['articles']:,}{label} | {r['new_articles']:,} | {r['fetched']:,} | {r['captures']:,} | {r['wall_s']:.1f} "
            f"| {r['cpu_s']:.1f} | {r['peak_tree_rss'] / 2**20:,.0f} MiB | {r['peak_single_rss'] / 2**20:,.0f} MiB "
            f"({r['largest_process']}) | {1000 * r['wall_s'] / r['fetched']:.1f} "
            f"| {1000 * r['cpu_s'] / r['fetched']:.1f} | {r['wall_s'] / r['fetched'] / base_page:.2f} "
            f"| {r['server_cpu_s']:.1f} | {r['s3_cpu_s']:.1f} |")
    lines += ["", "Fixed costs, fitted over the runs (wall = per run + sites × (per site + articles × "
              "per article), least squares; the largest residual says how well it fits):", "",
              "| code | per run s | per site s | per article ms | largest residual s |", "|---|---|---|---|---|"]
    for source, fit in run.get("fixed_costs", {}).items():
        if fit:
            lines.append(f"| {source} | {fit['per_run_s']:.1f} | {fit['per_site_s']:.2f} "
                         f"| {1000 * fit['per_article_s']:.0f} | {fit['largest_residual_s']:.1f} |")
    lines += [
        "",
        "Linearity, per axis (cost per article = cost ÷ (sites × articles); the marginal cost is what "
        "one step up the axis added per added article, so the run's fixed cost — Airflow's start, "
        "each crawl subprocess's imports — cancels out):",
        "",
        "| axis | metric | per-article cost, largest ÷ smallest | marginal cost, last step ÷ first "
        "| growth exponent (log-log, total) | exponent of the increments |",
        "|---|---|---|---|---|---|",
    ]
    verdicts = []
    for axis in run["axes"]:
        for metric, label in (("wall_s", "wall time"), ("cpu_s", "CPU time"), ("peak_tree_rss", "peak RSS")):
            m = axis[metric]
            lines.append(f"| {axis['axis']} {axis['from']:,}→{axis['to']:,} ({axis['fixed']}) | {label} "
                         f"| {m['per_article_ratio']:.2f} | {_fmt_ratio(m['marginal_ratio'])} "
                         f"| {m['exponent']:.2f} | {_fmt_ratio(m['marginal_exponent'])} |")
            if metric != "peak_tree_rss":
                linear = m["per_article_ratio"] <= LINEAR_RATIO or (
                    m["marginal_ratio"] is not None and m["marginal_ratio"] <= LINEAR_RATIO)
                verdicts.append((f"{label} along {axis['axis']}", linear, m))
    lines += ["", "Targets:", ""]
    for name, linear, m in verdicts:
        lines.append(f"- [{'x' if linear else ' '}] {name} grows no faster than linearly (per-article "
                     f"cost ratio {m['per_article_ratio']:.2f}, marginal {_fmt_ratio(m['marginal_ratio'])}; "
                     f"≤ {LINEAR_RATIO} passes)")
    lines += [
        "",
        "### How it is measured",
        "",
        "Each scale gets a fresh temporary ARSHIF_HOME, a SeaweedFS of its own and a scaled demo server "
        "(`python -m arshif.demo.server --sites N --articles M --port P`: the default demo's "
        "three designs cycled under new names on 127.1.x.y, every article written before it listens; "
        "news sitemaps split by 500 URLs under a sitemap index; section pages list their 30 newest). "
        "The Airflow metadata database is migrated before the clock starts. The clock times "
        "`arshif run --sites FILE --date 2026-11-28 --json` from spawn to exit. CPU is the run's whole "
        "process tree: the sum over every process seen in it of its last sampled user + system time "
        "(psutil, every 0.1 s: the extraction pool's forkserver workers are not reaped by the run, so "
        "getrusage of the children misses them; the larger of the two is shown); "
        "peak RSS, tree is the largest sum of RSS over the tree's live processes seen by a 0.1 s psutil "
        "sampler (shared pages count once per process, so it overstates a little); largest process is "
        "the largest single RSS seen and which process it was. The demo server renders each page per "
        "request and its CPU is the server column, apart from the pipeline's, as is SeaweedFS's. "
        "Pages fetched is the crawl's response count (articles, their images, listings, robots.txt); "
        "captures is what the manifests committed.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10, 100, 1000], help="articles per site")
    parser.add_argument("--sites", type=int, nargs="+", default=[3, 10, 30], help="sites in the network")
    parser.add_argument("--grid", choices=("axes", "full"), default="axes")
    parser.add_argument("--port", type=int, default=8790, help="the scaled demo server's port")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--keep-logs", type=Path, help="copy each run's DAG log into this folder")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--compare", type=Path, help="also run every scale with the arshif code of this checkout")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    run: dict[str, Any] = {
        "command": shlex.join(["python", "bench/growth.py", *(sys.argv[1:] if argv is None else argv)]),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": describe(ROOT),
        "runs": [],
    }
    pairs = scales(args.articles, args.sites, args.grid)
    sources = [ROOT] if args.compare is None else [ROOT, args.compare.resolve()]
    for number, (sites, articles) in enumerate(pairs, 1):
        # Alternating which code goes first, so that neither always meets a warmer machine.
        for source in sources if number % 2 else sources[::-1]:
            _log(f"{number}/{len(pairs)}: {sites} sites × {articles} articles, code in {source}")
            result = run_scale(sites, articles, args.port, args.keep_logs, source)
            _log(f"  {result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU, {result['fetched']} pages, "
                 f"{result['captures']} captures, peak {result['peak_tree_rss'] / 2**20:.0f} MiB")
            run["runs"].append(result)
            if args.json:
                args.json.write_text(json.dumps(run, indent=1), "utf-8")
    run["fixed_costs"] = {source.name if source != ROOT else "this checkout":
                          fixed_costs([r for r in run["runs"] if r["source"] == str(source)]) for source in sources}
    ours = [r for r in run["runs"] if r["source"] == str(ROOT)]
    run["axes"] = [a for a in (axis_summary(ours, "articles", "sites"),
                               axis_summary(ours, "sites", "articles")) if a]
    run["runtime_s"] = time.perf_counter() - started
    text = render(run)
    write_section(args.out, SECTION, text)
    if args.json:
        args.json.write_text(json.dumps(run, indent=1), "utf-8")
    print(text)
    return run


if __name__ == "__main__":
    main()
