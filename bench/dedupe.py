"""Near-copy benchmark: detection quality on the labelled pairs, then the index at scale.

    python bench/dedupe.py [--sizes 10000,100000,1000000] [--queries 500]
                           [--out docs/benchmarks.md] [--json FILE] [--force]

1. Quality: every pair of bench/pairs in a fresh in-memory index (text a indexed, text b the
   query): precision and recall of near_copy against different, rewrites apart, recall per edit,
   and a sweep of the confirm threshold (bench/dedupe_quality.py).
2. Scale: one temporary SQLite file grows through the sizes; at each, insert throughput, size
   on disk, peak RSS, and query latency p50/p95/p99 with the candidates read per query
   (bench/dedupe_scale.py). Before building a size, the time it would take is extrapolated
   from the last size's rate; over ``--budget-min`` (15) it is skipped with a note, unless
   ``--force``.

Rewrites only the dedupe section of docs/benchmarks.md; ``--json`` keeps every raw figure.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# One core per process for numpy: the workers are the parallelism. Set before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from arshif.dedupe.minhash import DEFAULT_PARAMS  # noqa: E402
from arshif.dedupe.nearcopy import DEFAULT_CONFIRM_THRESHOLD  # noqa: E402
from bench import dedupe_quality, dedupe_report, dedupe_scale  # noqa: E402
from bench.docfile import write_section  # noqa: E402
from bench.environment import cpu_model, source_state  # noqa: E402
from bench.progress import say  # noqa: E402

SECTION = "dedupe"
DEFAULT_SIZES = "10000,100000,1000000"


def parse_size(value: str) -> int:
    value = value.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(value[-1:], 1)
    number = value[:-1] if scale != 1 else value
    return int(float(number) * scale)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help="comma-separated index sizes (10k, 1M… accepted); '' skips scale")
    parser.add_argument("--queries", type=int, default=500, help="queries per size")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--json", type=Path, help="write every raw figure here")
    parser.add_argument("--force", action="store_true", help="build every size, whatever it costs")
    parser.add_argument("--budget-min", type=float, default=15.0,
                        help="skip a size whose build is extrapolated to take longer (minutes)")
    parser.add_argument("--batch", type=int, default=10_000, help="documents per add_many")
    parser.add_argument("--workers", type=int, default=dedupe_scale.default_workers(),
                        help="processes hashing documents for the build (1: plain add_many)")
    parser.add_argument("--probe", type=int, default=2_000,
                        help="documents inserted by the plain add_many at each size, timed")
    parser.add_argument("--pairs-dir", type=Path, default=ROOT / "bench" / "pairs")
    parser.add_argument("--pairs-per-label", type=int,
                        help="only the first N pairs of each label (smoke runs)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_CONFIRM_THRESHOLD,
                        help="confirm threshold to evaluate (default: the index's own)")
    parser.add_argument("--tmp-dir", type=Path, help="where the temporary index file goes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        args.size_list = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: not a list of sizes: {args.sizes!r}")
    if any(n <= 0 for n in args.size_list):
        parser.error("--sizes must be positive")
    return args


def _python() -> str:
    executable = Path(sys.executable)
    return str(executable.relative_to(ROOT)) if executable.is_relative_to(ROOT) else "python"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def environment() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": cpu_model(),
        "memory_gb": _memory_gb(),
        "load_average_at_start": _load(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "sqlite": sqlite3.sqlite_version,
        "source": source_state(ROOT),
    }


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


# -- scale -----------------------------------------------------------------------------------
def run_scale(args: argparse.Namespace) -> dict[str, Any]:
    params = DEFAULT_PARAMS
    corpus = dedupe_scale.Corpus.from_texts(args.pairs_dir / "texts", seed=args.seed)
    budget_s = args.budget_min * 60
    sizes: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    out: dict[str, Any] = {
        "vocabulary": len(corpus.words),
        "workers": args.workers,
        "batch": args.batch,
        "probe": args.probe,
        "queries": args.queries,
        "budget_min": args.budget_min,
        "force": args.force,
        "sizes": sizes,
        "skipped": skipped,
    }
    with tempfile.TemporaryDirectory(prefix="arshif-bench-dedupe-", dir=args.tmp_dir) as tmp:
        builder = dedupe_scale.Builder(Path(tmp) / "index.sqlite", corpus, params,
                                       args.workers, args.batch)
        try:
            last_rate: float | None = None  # docs/s of the last segment built
            for position, n in enumerate(args.size_list):
                if builder.count > n:
                    skipped.append({"n": n, "reason": f"the index already holds {builder.count:,} "
                                                      "documents (sizes too close together)"})
                    continue
                todo = n - builder.count
                if last_rate and not args.force:
                    estimate = todo / last_rate
                    say(f"scale: {n:,} needs {todo:,} more documents: about {estimate / 60:.1f} "
                        f"min at {last_rate:,.0f} docs/s")
                    if estimate > budget_s:
                        _skip_rest(skipped, args.size_list[position:], builder.count, todo,
                                   estimate, last_rate, args.budget_min)
                        break
                start_count, start_seconds = builder.count, builder.build_seconds
                state = {"estimated_s": None, "next_report": 0}

                def on_batch(count: int, seconds: float, n: int = n, start_count: int = start_count,
                             start_seconds: float = start_seconds, state: dict = state,
                             first_size: bool = last_rate is None) -> bool:
                    done, spent = count - start_count, seconds - start_seconds
                    rate = done / spent if spent > 0 else float("inf")
                    remaining = (n - count) / rate
                    if first_size and state["estimated_s"] is None and count < n:
                        # No rate known before this size: extrapolate from its first batch.
                        state["estimated_s"] = spent + remaining
                        if state["estimated_s"] > budget_s and not args.force:
                            return False
                    if count >= state["next_report"] or count >= n:
                        state["next_report"] = count + max(args.batch, n // 20)
                        say(f"scale: {count:,}/{n:,} documents, {rate:,.0f} docs/s, "
                            f"{remaining / 60:.1f} min left")
                    return True

                say(f"scale: building to {n:,} documents ({args.workers} worker(s))")
                if not builder.grow(n, on_batch):
                    rate = (builder.count - start_count) / max(
                        builder.build_seconds - start_seconds, 1e-9)
                    _skip_rest(skipped, args.size_list[position:], start_count,
                               n - start_count, state["estimated_s"] or 0.0, rate,
                               args.budget_min)
                    break
                seconds = builder.build_seconds - start_seconds
                last_rate = (n - start_count) / seconds if seconds > 0 else None
                entry: dict[str, Any] = {
                    "n": n,
                    "segment_docs": n - start_count,
                    "segment_s": seconds,
                    "build_docs_per_s": (n - start_count) / seconds if seconds > 0 else None,
                    "build_total_s": builder.build_seconds,
                    "disk_bytes": builder.disk_bytes(),
                    "table_bytes": builder.table_bytes(),
                    "rss_after_build": dedupe_scale.peak_rss_bytes(),
                }
                say(f"scale: {n:,} documents, {entry['disk_bytes'] / 2**20:,.0f} MB on disk; "
                    f"{args.queries} queries")
                entry.update(dedupe_scale.measure_queries(builder, args.queries, args.seed))
                entry["peak_rss"] = dedupe_scale.peak_rss_bytes()
                following = args.size_list[position + 1] if position + 1 < len(args.size_list) \
                    else None
                probe = args.probe if following is None else min(args.probe, following - n)
                entry["probe_docs"] = max(probe, 0)
                entry["probe_docs_per_s"] = builder.probe_insert(probe) if probe > 0 else None
                lat = entry["latency_ms"]
                say(f"scale: {n:,}: p50 {lat['p50']:.2f} ms, p99 {lat['p99']:.2f} ms, "
                    f"{entry['candidates_mean']:.2f} candidates/query, add_many "
                    f"{entry['probe_docs_per_s'] or 0:,.0f} docs/s (1 process)")
                sizes.append(entry)
        finally:
            builder.close()
    out["ratio"] = latency_ratio(sizes)
    return out


def _skip_rest(skipped: list[dict[str, Any]], rest: list[int], count: int, todo: int,
               estimate: float, rate: float, budget_min: float) -> None:
    for n in rest:
        reason = (f"building the {todo:,} documents from {count:,} to {rest[0]:,} was "
                  f"extrapolated at {estimate / 60:.1f} min ({rate:,.0f} docs/s), over the "
                  f"{budget_min:g} min budget; run with --force or choose --sizes")
        if n != rest[0]:
            reason = f"larger than {rest[0]:,}, which was skipped"
        skipped.append({"n": n, "reason": reason, "estimate_s": estimate, "rate": rate})
        say(f"scale: {n:,} skipped: {reason}")


def latency_ratio(sizes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """p50 at 1 M over p50 at 100 k (the issue's target); else the two largest sizes measured."""
    by_n = {s["n"]: s for s in sizes}
    if 1_000_000 in by_n and 100_000 in by_n:
        big, small = by_n[1_000_000], by_n[100_000]
    elif len(sizes) >= 2:
        small, big = sizes[-2], sizes[-1]
    else:
        return None
    p50_big, p50_small = big["latency_ms"]["p50"], small["latency_ms"]["p50"]
    lookup_big = max(p50_big - big["prep_p50_ms"], 1e-9)
    lookup_small = max(p50_small - small["prep_p50_ms"], 1e-9)
    ratio = p50_big / p50_small
    return {
        "big": big["n"],
        "small": small["n"],
        "ratio": ratio,
        "lookup_ratio": lookup_big / lookup_small,
        "passed": ratio <= 2.0,
        "is_target": big["n"] == 1_000_000 and small["n"] == 100_000,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    started = time.perf_counter()
    run: dict[str, Any] = {
        "command": shlex.join(
            [_python(), "bench/dedupe.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": environment(),
        "params": DEFAULT_PARAMS.to_dict(),
        "lsh_threshold": DEFAULT_PARAMS.threshold,
        "index_default_threshold": DEFAULT_CONFIRM_THRESHOLD,
        "threshold": args.threshold,
    }
    say(f"quality: {args.pairs_dir}")
    run["quality"] = dedupe_quality.run(args.pairs_dir, DEFAULT_PARAMS, ROOT,
                                        args.pairs_per_label, args.threshold)
    q = run["quality"]["at_threshold"]
    say(f"quality: {run['quality']['pairs']} pairs, precision {q['precision']}, "
        f"recall {q['recall']} at {args.threshold}")
    run["scale"] = run_scale(args) if args.size_list else None
    run["environment"]["load_average_at_end"] = _load()
    run["runtime_s"] = time.perf_counter() - started
    text = dedupe_report.render(run)
    write_section(args.out, SECTION, text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(run, ensure_ascii=False, indent=1), "utf-8")
    print(text)
    say(f"wrote the '{SECTION}' section of {args.out} in {run['runtime_s']:.0f} s")
    return run


if __name__ == "__main__":
    main()
