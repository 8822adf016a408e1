"""The analysis of bench/growth.py's runs: linearity along each axis, and the fixed costs (of a
run, of a site) fitted over the runs."""

from __future__ import annotations

import math
from typing import Any


def exponent(points: list[tuple[float, float]]) -> float:
    """The slope of log(cost) against log(size): 1 is linear, below 1 a fixed cost is amortised."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def axis_summary(runs: list[dict[str, Any]], key: str, fixed: str) -> dict[str, Any] | None:
    """Linearity along one axis: runs sharing `fixed`, ordered by `key`."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for run in runs:
        groups.setdefault(run[fixed], []).append(run)
    best = max(groups.values(), key=len)
    best.sort(key=lambda r: r[key])
    if len(best) < 2:
        return None
    first, last = best[0], best[-1]
    size = lambda r: r["sites"] * r["articles"]  # noqa: E731 - articles in the network
    result: dict[str, Any] = {"axis": key, "fixed": f"{fixed} = {first[fixed]}",
                              "from": first[key], "to": last[key]}
    for metric in ("wall_s", "cpu_s", "peak_tree_rss"):
        per_first = first[metric] / size(first)
        per_last = last[metric] / size(last)
        # marginal: what the last step added per article, against what the first step added
        steps = list(zip(best, best[1:], strict=False))
        marginal = [(b[metric] - a[metric]) / (size(b) - size(a)) for a, b in steps]
        result[metric] = {
            "per_article_ratio": per_last / per_first,
            "marginal_ratio": marginal[-1] / marginal[0] if len(marginal) > 1 and marginal[0] > 0 else None,
            "exponent": exponent([(size(r), r[metric]) for r in best]),
            "marginal_exponent": exponent([(size(b) - size(a), b[metric] - a[metric]) for a, b in steps
                                           if b[metric] > a[metric]]) if len(steps) > 1 else None,
        }
    return result


def fixed_costs(runs: list[dict[str, Any]]) -> dict[str, float] | None:
    """Least squares of wall = per_run + sites × per_site + sites × articles × per_article:
    ``per_site`` is the fixed cost of a site (the intercept of wall time against articles, per
    site). None when the runs do not vary in both sites and articles per site."""
    import numpy as np

    if len({r["sites"] for r in runs}) < 2 or len({r["articles"] for r in runs}) < 2 or len(runs) < 3:
        return None
    design = np.array([[1.0, r["sites"], r["sites"] * r["articles"]] for r in runs])
    wall = np.array([r["wall_s"] for r in runs])
    (per_run, per_site, per_article), *_ = np.linalg.lstsq(design, wall, rcond=None)
    residual = wall - design @ np.array([per_run, per_site, per_article])
    return {"per_run_s": float(per_run), "per_site_s": float(per_site), "per_article_s": float(per_article),
            "largest_residual_s": float(np.abs(residual).max())}
