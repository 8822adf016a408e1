"""Near-copy detection quality on the labelled pairs of bench/pairs (issue 4, item 6).

Each pair gets a fresh in-memory index holding text ``a`` only; text ``b`` is the query. The
verdict is the index's own (``query`` returns ``a`` at its confirm threshold). The exact Jaccard
of the two stored shingle sets and whether the banding proposed ``a`` at all
(``last_candidates``) are kept as well, so the threshold sweep can be computed without
re-querying: at any threshold t, the index would call the pair a near-copy exactly when ``a``
was a candidate and its Jaccard is ≥ t.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from arshif.dedupe.minhash import MinHashParams, jaccard_sorted, shingle_array
from arshif.dedupe.nearcopy import DEFAULT_CONFIRM_THRESHOLD, NearCopyIndex

POSITIVE, NEGATIVE, REWRITE = "near_copy", "different", "rewrite"
LABELS = (POSITIVE, NEGATIVE, REWRITE)
SWEEP = tuple(round(0.5 + 0.05 * i, 2) for i in range(9))  # 0.50 … 0.90
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.9


@dataclass(frozen=True)
class PairResult:
    a: str
    b: str
    label: str
    edits: tuple[str, ...]
    topic: str
    jaccard: float  # exact, of the stored shingle sets
    candidate: bool  # the banding proposed a (last_candidates > 0)
    predicted: bool  # query(b) returned a at the index's confirm threshold


def load_pairs(pairs_dir: Path, per_label: int | None = None) -> list[dict[str, Any]]:
    """The pairs of pairs.jsonl in file order; with ``per_label``, only the first N of each label."""
    pairs = [
        json.loads(line)
        for line in (pairs_dir / "pairs.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    if per_label is None:
        return pairs
    taken: dict[str, int] = defaultdict(int)
    chosen = []
    for pair in pairs:
        if taken[pair["label"]] < per_label:
            taken[pair["label"]] += 1
            chosen.append(pair)
    return chosen


def evaluate_pairs(
    pairs: Iterable[dict[str, Any]],
    texts_dir: Path,
    params: MinHashParams,
    threshold: float = DEFAULT_CONFIRM_THRESHOLD,
) -> list[PairResult]:
    results = []
    for pair in pairs:
        text_a = (texts_dir / f"{pair['a']}.txt").read_text("utf-8")
        text_b = (texts_dir / f"{pair['b']}.txt").read_text("utf-8")
        db = sqlite3.connect(":memory:", isolation_level=None)
        try:
            index = NearCopyIndex(db, params=params, confirm_threshold=threshold)
            index.add(pair["a"], text_a, "a")
            matches = index.query(text_b)
            candidate = index.last_candidates > 0
        finally:
            db.close()
        score = jaccard_sorted(
            shingle_array(text_a, params.shingle), shingle_array(text_b, params.shingle)
        )
        results.append(
            PairResult(
                a=pair["a"],
                b=pair["b"],
                label=pair["label"],
                edits=tuple(pair.get("edits") or ()),
                topic=pair.get("topic", ""),
                jaccard=score,
                candidate=candidate,
                predicted=any(m.doc_id == pair["a"] for m in matches),
            )
        )
    return results


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def confusion(results: list[PairResult], decide: Any) -> dict[str, Any]:
    """Counts and P/R for near_copy (positive) against different (negative), plus rewrites."""
    tp = sum(1 for r in results if r.label == POSITIVE and decide(r))
    fn = sum(1 for r in results if r.label == POSITIVE and not decide(r))
    fp = sum(1 for r in results if r.label == NEGATIVE and decide(r))
    tn = sum(1 for r in results if r.label == NEGATIVE and not decide(r))
    rewrites = [r for r in results if r.label == REWRITE]
    called = sum(1 for r in rewrites if decide(r))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {
        "tp": tp, "fn": fn, "fp": fp, "tn": tn,
        "precision": precision, "recall": recall, "f1": f1,
        "rewrites": len(rewrites), "rewrites_called": called,
    }


def distribution(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    arr = np.asarray(values)
    return {
        "n": len(values),
        "min": float(arr.min()),
        "p10": float(np.percentile(arr, 10)),
        "median": float(np.median(arr)),
        "p90": float(np.percentile(arr, 90)),
        "max": float(arr.max()),
    }


def sweep(results: list[PairResult], params: MinHashParams) -> list[dict[str, Any]]:
    """Each threshold as the confirm threshold, with this banding (and with no banding at all)."""
    positives = [r for r in results if r.label == POSITIVE]
    rows = []
    for t in SWEEP:
        row = confusion(results, lambda r, t=t: r.candidate and r.jaccard >= t)
        above = [r for r in positives if r.jaccard >= t]
        row.update(
            threshold=t,
            # Recall if every pair were compared (no banding): what the Jaccard alone allows.
            jaccard_only_recall=_ratio(len(above), len(positives)),
            # Of the near-copies at or above t, the share the banding proposed as candidates.
            lsh_candidate_recall=_ratio(sum(r.candidate for r in above), len(above)),
            s_curve=params.candidate_probability(t),
            meets_targets=bool(
                row["precision"] is not None
                and row["recall"] is not None
                and row["precision"] >= TARGET_PRECISION
                and row["recall"] >= TARGET_RECALL
            ),
        )
        rows.append(row)
    return rows


def by_group(results: list[PairResult], key: Any) -> list[dict[str, Any]]:
    """Recall of near-copies grouped by ``key(result)`` (an iterable of group names)."""
    groups: dict[str, list[PairResult]] = defaultdict(list)
    for r in results:
        if r.label == POSITIVE:
            for name in key(r):
                groups[name].append(r)
    rows = [
        {
            "group": name,
            "pairs": len(members),
            "found": sum(r.predicted for r in members),
            "recall": sum(r.predicted for r in members) / len(members),
            "min_jaccard": min(r.jaccard for r in members),
        }
        for name, members in groups.items()
    ]
    rows.sort(key=lambda row: (row["recall"], -row["pairs"], row["group"]))
    return rows


def provenance(root: Path) -> dict[str, Any]:
    """From git: when the pairs were committed, against the detector's first commit."""

    def log(*paths: str, extra: tuple[str, ...] = ()) -> list[dict[str, str]]:
        done = subprocess.run(
            ["git", "log", "--reverse", "--format=%h%x09%ad%x09%s", "--date=format-local:%Y-%m-%d %H:%M",
             *extra, "--", *paths],
            cwd=root, capture_output=True, text=True, check=False,
            env={**os.environ, "TZ": "UTC"},
        )
        if done.returncode != 0:
            return []
        entries = []
        for line in done.stdout.splitlines():
            commit, date, subject = (line.split("\t", 2) + ["", ""])[:3]
            entries.append({"commit": commit, "date": date, "subject": subject})
        return entries

    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "bench/pairs"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    return {
        "pairs_commits": log("bench/pairs"),
        "detector_commits": log("arshif/dedupe/nearcopy.py", "arshif/dedupe/minhash.py"),
        "threshold_commits": log(
            "arshif/dedupe/nearcopy.py", extra=("-G", "^DEFAULT_CONFIRM_THRESHOLD = ")
        ),
        "pairs_uncommitted": bool(status.stdout.strip()) if status.returncode == 0 else None,
    }


def run(
    pairs_dir: Path,
    params: MinHashParams,
    root: Path,
    per_label: int | None = None,
    threshold: float = DEFAULT_CONFIRM_THRESHOLD,
) -> dict[str, Any]:
    pairs = load_pairs(pairs_dir, per_label)
    results = evaluate_pairs(pairs, pairs_dir / "texts", params, threshold)
    # The verdict must be "candidate and Jaccard ≥ threshold", or the sweep would not describe
    # the index: say so loudly rather than publish a sweep of something else.
    inconsistent = [
        (r.a, r.b) for r in results if r.predicted != (r.candidate and r.jaccard >= threshold)
    ]
    labels = {label: sum(r.label == label for r in results) for label in LABELS}
    missed = [r for r in results if r.label == POSITIVE and not r.predicted]
    false_pos = [r for r in results if r.label != POSITIVE and r.predicted]
    return {
        "pairs": len(results),
        "labels": labels,
        "per_label_limit": per_label,
        "threshold": threshold,
        "at_threshold": confusion(results, lambda r: r.predicted),
        "candidates": {
            label: sum(r.candidate for r in results if r.label == label) for label in LABELS
        },
        "jaccard": {
            label: distribution([r.jaccard for r in results if r.label == label])
            for label in LABELS
        },
        "per_edit": by_group(results, lambda r: r.edits or ("(none)",)),
        "per_edit_count": by_group(results, lambda r: (f"{len(r.edits)} edit(s)",)),
        "per_topic": by_group(results, lambda r: (r.topic or "(none)",)),
        "missed": [asdict(r) for r in sorted(missed, key=lambda r: r.jaccard)],
        "false_positives": [asdict(r) for r in sorted(false_pos, key=lambda r: -r.jaccard)],
        "sweep": sweep(results, params),
        "inconsistent": inconsistent,
        "provenance": provenance(root),
        "results": [asdict(r) for r in results],
    }
