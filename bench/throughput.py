"""Documents per second per core: arshif vs bare trafilatura with metadata, in the same run.

One process, one core. Each round sends every page through both extractors back to back, the
order flipping page by page and round by round (A B, B A, …), so that a busy patch of a shared
machine hits both alike. Time is taken twice: CPU time of this process (``process_time``, the
per-core figure: a core stolen by another job does not count) and wall time.
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any

from bench.extractors import Extractor
from bench.progress import Progress
from bench.sets import Page


def _timed(run: Extractor, page: Page) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        run(page)
    except Exception:  # the quality pass reports errors; the time spent still counts
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(
    pages: list[Page], a: tuple[str, Extractor], b: tuple[str, Extractor], rounds: int
) -> dict[str, Any]:
    """docs/s of ``a`` and ``b`` per round (CPU and wall) and the ratio a / b."""
    names = (a[0], b[0])
    runs = dict((a, b))
    per_round: list[dict[str, dict[str, float]]] = []
    progress = Progress("throughput", rounds * len(pages))
    for round_no in range(rounds):
        gc.collect()
        cpu = dict.fromkeys(names, 0.0)
        wall = dict.fromkeys(names, 0.0)
        for index, page in enumerate(pages):
            order = names if (index + round_no) % 2 == 0 else names[::-1]
            for name in order:
                c, w = _timed(runs[name], page)
                cpu[name] += c
                wall[name] += w
            progress.tick(f"(round {round_no + 1}/{rounds})")
        per_round.append(
            {
                name: {
                    "cpu_docs_per_s": len(pages) / max(cpu[name], 1e-9),
                    "wall_docs_per_s": len(pages) / max(wall[name], 1e-9),
                }
                for name in names
            }
        )

    def summary(name: str, clock: str) -> dict[str, float]:
        values = [r[name][clock] for r in per_round]
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    def ratio(clock: str) -> dict[str, float]:
        values = [r[a[0]][clock] / r[b[0]][clock] for r in per_round]
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    return {
        "pages": len(pages),
        "rounds": rounds,
        "per_round": per_round,
        "docs_per_s": {
            name: {clock: summary(name, clock) for clock in ("cpu_docs_per_s", "wall_docs_per_s")}
            for name in names
        },
        "ratio": {clock: ratio(clock) for clock in ("cpu_docs_per_s", "wall_docs_per_s")},
        "numerator": a[0],
        "denominator": b[0],
    }
