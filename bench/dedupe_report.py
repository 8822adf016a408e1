"""The markdown of the dedupe section of docs/benchmarks.md, from the raw figures of one run."""

from __future__ import annotations

from typing import Any

from bench.dedupe_quality import (
    CANDIDATE_TARGET,
    NEGATIVE,
    POSITIVE,
    REWRITE,
    TARGET_PRECISION,
    TARGET_RECALL,
)

MISSED_SHOWN = 20


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _mark(ok: bool) -> str:
    return "x" if ok else " "


def _bytes(n: int) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n} B"


def _commit(entry: dict[str, str] | None) -> str:
    return "–" if not entry else f"{entry['commit']} ({entry['date']} UTC)"


# -- header and targets ----------------------------------------------------------------------
def header(run: dict[str, Any]) -> list[str]:
    env, p = run["environment"], run["params"]
    memory = f", {env['memory_gb']:.0f} GB RAM" if env.get("memory_gb") else ""
    default = run["index_default_threshold"]
    which = (
        "the index's default, `DEFAULT_CONFIRM_THRESHOLD`"
        if run["threshold"] == default
        else f"given with --threshold; the index's default is {default}"
    )
    return [
        "## Near-copy detection (dedupe)",
        "",
        f"Command: `{run['command']}` — run {run['started']}, {run['runtime_s'] / 60:.1f} min.",
        f"Machine: {env['cores']} cores ({env['usable_cores']} usable), {env['cpu']}{memory}; "
        f"load average at start {env['load_average_at_start']}, at end "
        f"{env.get('load_average_at_end', '?')} (other work shares this machine); "
        f"{env['platform']}.",
        f"Python {env['python']} · numpy {env['numpy']} · SQLite {env['sqlite']} · arshif at "
        f"{env['source']}.",
        f"Index: MinHash LSH, {p['num_perm']} permutations = {p['bands']} bands × {p['rows']} "
        f"rows (LSH threshold ≈ {run['lsh_threshold']:.2f}), word {p['shingle']}-gram shingles, "
        f"normaliser version {p['normalizer_version']}, algorithm {p['algorithm']}, seed "
        f"{p['seed']:#x}; confirm threshold (exact Jaccard) {run['threshold']} ({which}).",
    ]


def targets(run: dict[str, Any]) -> list[str]:
    q = run["quality"]["at_threshold"]
    lines = [
        f"- [{_mark((q['precision'] or 0) >= TARGET_PRECISION)}] near-copy precision "
        f"{_num(q['precision'])} ≥ {TARGET_PRECISION} (confirm threshold {run['threshold']})",
        f"- [{_mark((q['recall'] or 0) >= TARGET_RECALL)}] near-copy recall "
        f"{_num(q['recall'])} ≥ {TARGET_RECALL} (confirm threshold {run['threshold']})",
    ]
    scale = run.get("scale")
    ratio = scale and scale.get("ratio")
    if ratio:
        by_n = {s["n"]: s for s in scale["sizes"]}
        big, small = by_n[ratio["big"]], by_n[ratio["small"]]
        line = (
            f"- [{_mark(ratio['passed'])}] p50 query latency at {ratio['big']:,} documents "
            f"{big['latency_ms']['p50']:.2f} ms ≤ 2 × {small['latency_ms']['p50']:.2f} ms at "
            f"{ratio['small']:,} (ratio {ratio['ratio']:.2f})"
        )
        if not ratio["is_target"]:
            line += " — not the target's 1 M vs 100 k: see the scale notes"
        lines.append(line)
    else:
        lines.append("- [ ] p50 query latency at 1 M ≤ 2 × at 100 k: not measured in this run")
    return lines


# -- quality ---------------------------------------------------------------------------------
def provenance_sentence(quality: dict[str, Any]) -> str:
    prov = quality["provenance"]
    pairs = prov["pairs_commits"]
    if not pairs:
        return "bench/pairs has no commit in this checkout: its provenance is not known."
    first, later = pairs[0], pairs[1:]
    text = (
        f"The pairs were committed before any tuning: {_commit(first)}, \"{first['subject']}\""
    )
    text += (
        "; no later commit changed them"
        if not later
        else f"; {len(later)} later commit(s) changed them: "
        + ", ".join(f"{e['commit']} \"{e['subject']}\"" for e in later)
    )
    if prov.get("pairs_uncommitted"):
        text += " (and bench/pairs has uncommitted changes in this checkout)"
    text += " (`git log -- bench/pairs`)."
    set_in = prov["threshold_commits"]
    if set_in:
        last = set_in[-1]
        when = "before" if last["date"] < first["date"] else "after"
        text += (
            f" The confirm threshold constant was last set in {_commit(last)}, {when} the pairs "
            "were committed"
        )
        after = [e for e in prov["detector_commits"] if e["date"] >= first["date"]]
        if after:
            text += "; the detector's commits since the pairs: " + ", ".join(
                f"{e['commit']} \"{e['subject']}\"" for e in after
            )
        text += "."
    return text


def confusion_table(quality: dict[str, Any]) -> list[str]:
    q, c, n = quality["at_threshold"], quality["candidates"], quality["labels"]
    return [
        "| label | pairs | called near-copy | not called | LSH candidates |",
        "|---|---|---|---|---|",
        f"| near_copy | {n[POSITIVE]} | {q['tp']} (TP) | {q['fn']} (FN) | {c[POSITIVE]} |",
        f"| different | {n[NEGATIVE]} | {q['fp']} (FP) | {q['tn']} (TN) | {c[NEGATIVE]} |",
        f"| rewrite (reported apart) | {n[REWRITE]} | {q['rewrites_called']} | "
        f"{q['rewrites'] - q['rewrites_called']} | {c[REWRITE]} |",
    ]


def jaccard_table(quality: dict[str, Any]) -> list[str]:
    out = ["| label | pairs | min | p10 | median | p90 | max |", "|---|---|---|---|---|---|---|"]
    for label, d in quality["jaccard"].items():
        if d:
            out.append(
                f"| {label} | {d['n']} | {d['min']:.3f} | {d['p10']:.3f} | {d['median']:.3f} "
                f"| {d['p90']:.3f} | {d['max']:.3f} |"
            )
    return out


def sweep_table(quality: dict[str, Any], chosen: float | None) -> list[str]:
    out = [
        "| confirm threshold | precision (95 % low) | recall (95 % low) | F1 | TP | FP | FN | "
        "rewrites called | recall by Jaccard alone | LSH candidate recall | S-curve "
        "P(candidate) | both targets | at the 95 % bound |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in quality["sweep"]:
        mark = chosen is not None and abs(row["threshold"] - chosen) < 1e-9
        t = f"{row['threshold']:.2f}" + (" ◀" if mark else "")
        out.append(
            f"| {t} | {_num(row['precision'])} ({_num(row['precision_low'])}) | "
            f"{_num(row['recall'])} ({_num(row['recall_low'])}) | {_num(row['f1'])} | "
            f"{row['tp']} | {row['fp']} | {row['fn']} | {row['rewrites_called']}/"
            f"{row['rewrites']} | {_num(row['jaccard_only_recall'])} | "
            f"{_num(row['lsh_candidate_recall'])} | {row['s_curve']:.3f} | "
            f"{'yes' if row['meets_targets'] else 'no'} | "
            f"{'yes' if row['meets_targets_at_95'] else 'no'} |"
        )
    return out


def banding_table(quality: dict[str, Any], threshold: float) -> list[str]:
    neg = quality["jaccard"].get(NEGATIVE)
    at_neg = f"at J = {neg['max']:.3f} (closest hard negative)" if neg else "at the hard negatives"
    out = [
        f"| banding | band rows per document | LSH threshold | P(candidate) at J = {threshold} "
        f"| P(candidate) {at_neg} | near-copies with J ≥ {threshold} proposed (S-curve "
        f"expectation) | hard negatives "
        f"proposed | rewrites proposed | recall at {threshold} |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    chosen = quality.get("chosen_banding")
    for row in quality["bandings"]:
        name = f"{row['bands']} × {row['rows']}"
        if row["current"]:
            name += " (the index's)"
        if chosen and [row["bands"], row["rows"]] == list(chosen):
            name += " ◀"
        s_neg = row["s_curve_at_negative_max"]
        out.append(
            f"| {name} | {row['bands']} | {row['lsh_threshold']:.2f} | "
            f"{row['s_curve_at_threshold']:.4f} | {'–' if s_neg is None else f'{s_neg:.4f}'} | "
            f"{row['near_copies_above_proposed']}/{row['near_copies_above']} "
            f"({row['near_copies_above_expected']:.1f}) | "
            f"{row['negatives_proposed']}/{quality['labels'][NEGATIVE]} | "
            f"{row['rewrites_proposed']}/{quality['labels'][REWRITE]} | {_num(row['recall'])} |"
        )
    return out


def group_table(rows: list[dict[str, Any]], title: str) -> list[str]:
    out = [f"| {title} | pairs | found | recall | lowest Jaccard |", "|---|---|---|---|---|"]
    for r in rows:
        out.append(
            f"| {r['group']} | {r['pairs']} | {r['found']} | {r['recall']:.3f} | "
            f"{r['min_jaccard']:.3f} |"
        )
    return out


def missed_table(quality: dict[str, Any]) -> list[str]:
    missed = quality["missed"]
    if not missed:
        return ["Every near-copy pair was found."]
    shown = missed[:MISSED_SHOWN]
    out = [
        f"Missed near-copies ({len(missed)}, lowest Jaccard first"
        + (f"; the first {MISSED_SHOWN}" if len(missed) > MISSED_SHOWN else "")
        + "):",
        "",
        "| a → b | Jaccard | LSH candidate | edits |",
        "|---|---|---|---|",
    ]
    for r in shown:
        out.append(
            f"| {r['a']} → {r['b']} | {r['jaccard']:.3f} | {'yes' if r['candidate'] else 'no'} "
            f"| {', '.join(r['edits'])} |"
        )
    return out


def false_positive_lines(quality: dict[str, Any]) -> list[str]:
    fps = quality["false_positives"]
    if not fps:
        return ["No `different` or `rewrite` pair was called a near-copy."]
    return ["Pairs wrongly called near-copies:", ""] + [
        f"- {r['a']} → {r['b']} ({r['label']}, {r['topic']}): Jaccard {r['jaccard']:.3f}"
        for r in fps
    ]


def best_f1(quality: dict[str, Any]) -> dict[str, Any] | None:
    """The sweep's highest F1 with precision ≥ target; ties go to the higher threshold."""
    rows = [r for r in quality["sweep"] if r["f1"] is not None
            and (r["precision"] or 0) >= TARGET_PRECISION]
    if not rows:
        return None
    return max(rows, key=lambda r: (round(r["f1"], 9), r["threshold"]))


def _row(quality: dict[str, Any], threshold: float | None) -> dict[str, Any] | None:
    if threshold is None:
        return None
    return next((r for r in quality["sweep"] if abs(r["threshold"] - threshold) < 1e-9), None)


def threshold_paragraph(run: dict[str, Any]) -> str:
    quality = run["quality"]
    sweep = quality["sweep"]
    j = quality["jaccard"]
    pos, neg, rw = j.get(POSITIVE), j.get(NEGATIVE), j.get(REWRITE)
    passing = [r["threshold"] for r in sweep if r["meets_targets"]]
    chosen = _row(quality, quality.get("chosen_threshold"))
    best = best_f1(quality)
    current = run["threshold"]
    at_current = quality["at_threshold"]
    n_pos = quality["labels"][POSITIVE]
    n_neg = quality["labels"][NEGATIVE]
    parts = []
    low_p = min((r["precision"] or 0) for r in sweep)
    high_p = max((r["precision"] or 0) for r in sweep)
    precisions = (f"{_num(low_p)} at every threshold" if low_p == high_p
                  else f"{_num(low_p)}–{_num(high_p)}")
    if pos and neg:
        parts.append(
            f"On these pairs no `different` pair reaches a Jaccard above {neg['max']:.3f}"
            + (f" and no rewrite above {rw['max']:.3f}" if rw else "")
            + f", while near-copies run from {pos['min']:.3f} (p10 {pos['p10']:.3f}, median "
            f"{pos['median']:.3f}) up to {pos['max']:.3f}: precision is {precisions} "
            "of the sweep, so the threshold only trades recall, which falls from "
            f"{_num(sweep[0]['recall'])} at {sweep[0]['threshold']:.2f} to "
            f"{_num(sweep[-1]['recall'])} at {sweep[-1]['threshold']:.2f}."
        )
    if passing:
        span = (f"{min(passing):.2f}–{max(passing):.2f}" if len(passing) > 1
                else f"{passing[0]:.2f} only")
        parts.append(f"Both targets (precision ≥ {TARGET_PRECISION}, recall ≥ {TARGET_RECALL}) "
                     f"hold on the point estimates for confirm thresholds {span}.")
    else:
        parts.append("No threshold of the sweep meets both targets.")
    if chosen:
        text = (
            f"The rule: the highest threshold of the sweep at which both targets still hold at "
            f"the lower bound of their 95 % Wilson interval ({n_pos} near-copies and {n_neg} hard "
            f"negatives are a sample; a threshold that meets the recall target only on the point "
            f"estimate may miss it on the next sample). That is {chosen['threshold']:.2f}: "
            f"recall {_num(chosen['recall'])} (≥ {_num(chosen['recall_low'])} at 95 %), "
            f"precision {_num(chosen['precision'])} (≥ {_num(chosen['precision_low'])})"
        )
        higher = [r for r in sweep if r["threshold"] > chosen["threshold"] and r["meets_targets"]]
        if higher:
            text += (f"; {higher[0]['threshold']:.2f} has recall {_num(higher[0]['recall'])} "
                     f"but a 95 % bound of {_num(higher[0]['recall_low'])}")
        text += "."
        if best and abs(best["threshold"] - chosen["threshold"]) > 1e-9:
            lowest = " (the lowest threshold the sweep looks at)" \
                if abs(best["threshold"] - sweep[0]["threshold"]) < 1e-9 else ""
            text += (
                f" The highest F1 would be {best['threshold']:.2f}{lowest}: F1 "
                f"{_num(best['f1'])} against {_num(chosen['f1'])}, {best['tp']} near-copies "
                f"found instead of {chosen['tp']} of {n_pos}. The rule prefers the higher "
                "threshold whenever the targets hold with confidence"
            )
            if neg:
                text += (
                    f": the hard negatives only probe Jaccard ≤ {neg['max']:.3f}, and this set "
                    "labels nothing between them and the near-copies, where texts that are not "
                    "copies but share more with one (follow-ups, updated versions) would sit"
                )
            text += "."
        if neg:
            text += (f" It leaves {chosen['threshold'] - neg['max']:.2f} between the threshold "
                     "and the most similar hard negative.")
        parts.append(text)
    else:
        parts.append("No threshold of the sweep meets both targets at the 95 % bound "
                     f"(with {n_pos} near-copies and {n_neg} hard negatives).")
    bandings = quality.get("bandings") or []
    chosen_banding = quality.get("chosen_banding")
    p = run["params"]
    if bandings:
        mine = next((r for r in bandings if r["current"]), None)
        fit = [r for r in bandings if r["s_curve_at_threshold"] > CANDIDATE_TARGET]
        text = (
            f"The banding follows from the threshold: the bands only propose candidates, so at "
            f"J = {current} they must propose more than {CANDIDATE_TARGET * 100:g} % of the "
            f"pairs, with as few bands as possible (band rows per document: the largest table "
            f"by rows). Of the {len(bandings)} bandings of the same {p['num_perm']} permutations "
            f"(table below), "
        )
        if chosen_banding:
            cb = next(r for r in bandings if [r["bands"], r["rows"]] == list(chosen_banding))
            text += (
                f"{len(fit)} pass{'es' if len(fit) == 1 else ''} and the one with the fewest "
                f"bands is {cb['bands']} × {cb['rows']} (P = {cb['s_curve_at_threshold']:.4f})"
            )
            text += (" — the index's." if cb["current"]
                     else f"; the index has {p['bands']} × {p['rows']}, not that one.")
        else:
            text += "none passes."
        first = next((r for r in bandings if (r["bands"], r["rows"]) == (21, 6)), None)
        if first and not first["current"] and pos:
            close = sum(1 for r in quality["results"] if r["label"] == POSITIVE
                        and current <= r["jaccard"] < current + 0.1)
            def lost(j: float) -> str:
                return f"{(1 - j ** first['rows']) ** first['bands'] * 100:.0f} %"

            text += (
                f" The first banding, 21 × 6 (built for a 0.8 threshold), proposes a pair at "
                f"exactly J = {current} with P = {first['s_curve_at_threshold']:.2f}. On these "
                f"pairs it happened to propose {first['near_copies_above_proposed']} of the "
                f"{first['near_copies_above']} near-copies at or above {current} (its S-curve "
                f"expects {first['near_copies_above_expected']:.1f}; recall "
                f"{_num(first['recall'])}), as only {close} of them lie below "
                f"{current + 0.1:.2f}. The set has few pairs near the threshold; an archive's "
                f"copies there would be lost at the S-curve's rate, {lost(current)} at "
                f"{current} and {lost(current + 0.05)} at {current + 0.05:.2f}, so the banding "
                "changes with the threshold."
            )
        if mine:
            text += (
                f" Measured here, {mine['bands']} × {mine['rows']} proposed "
                f"{mine['near_copies_above_proposed']} of those {mine['near_copies_above']}, "
                f"{mine['negatives_proposed']} of {n_neg} hard negatives and "
                f"{mine['rewrites_proposed']} of {quality['labels'][REWRITE]} rewrites."
            )
        parts.append(text)
    verdict = "meets" if current in passing else "does not meet"
    text = (f"This run measures the index at {current} (its default), which {verdict} the "
            f"targets: precision {_num(at_current['precision'])}, recall "
            f"{_num(at_current['recall'])}.")
    if chosen and abs(chosen["threshold"] - current) > 1e-9:
        text = (f"This run measures the index at {current}, not the rule's "
                f"{chosen['threshold']:.2f}; it {verdict} the targets (precision "
                f"{_num(at_current['precision'])}, recall {_num(at_current['recall'])}).")
    prov = quality.get("provenance") or {}
    pairs_commits = prov.get("pairs_commits") or []
    if chosen and abs(chosen["threshold"] - current) < 1e-9 and pairs_commits:
        text += (" The threshold was chosen on these same pairs, after they were committed: "
                 "the figures at it are in-sample, and the 95 % bounds are what the choice "
                 "rests on.")
    parts.append(text)
    return " ".join(parts)


def quality_section(run: dict[str, Any]) -> list[str]:
    quality = run["quality"]
    n = quality["labels"]
    q = quality["at_threshold"]
    limited = (
        f" (smoke run: the first {quality['per_label_limit']} pairs of each label)"
        if quality["per_label_limit"] else ""
    )
    chosen = quality.get("chosen_threshold")
    out = [
        "### Quality on the labelled pairs",
        "",
        f"{quality['pairs']} pairs of `bench/pairs`{limited}: {n[POSITIVE]} near_copy, "
        f"{n[NEGATIVE]} different (hard negatives), {n[REWRITE]} rewrite. Each pair in a fresh "
        "in-memory index: text a indexed, text b queried; called a near-copy when the query "
        f"returns a (LSH candidate, then exact Jaccard ≥ {run['threshold']}). "
        + provenance_sentence(quality),
        "",
        *confusion_table(quality),
        "",
        f"Precision {_num(q['precision'])}, recall {_num(q['recall'])}, F1 {_num(q['f1'])}; "
        f"rewrites called near-copies: {q['rewrites_called']}/{q['rewrites']} (not a target).",
    ]
    if quality["inconsistent"]:
        out += ["", f"Warning: {len(quality['inconsistent'])} verdict(s) differ from \"candidate "
                "and Jaccard ≥ threshold\": the sweep below does not describe the index."]
    out += [
        "",
        "Exact Jaccard of the stored shingle sets, by label:",
        "",
        *jaccard_table(quality),
        "",
        "#### Threshold sweep",
        "",
        "Each row: that value as the confirm threshold, with this banding (a pair is called a "
        "near-copy when it was an LSH candidate and its Jaccard is ≥ the threshold). \"Recall by "
        "Jaccard alone\" compares every pair (no banding); \"LSH candidate recall\" is the share "
        "of near-copies with Jaccard ≥ the threshold that the banding proposed; the S-curve is "
        "the theoretical P(candidate) at that Jaccard. In brackets, the lower bound of the 95 % "
        "Wilson interval; the last column: both targets hold at those bounds."
        + (f" ◀ marks the data's choice ({chosen:.2f}, see below)." if chosen is not None
           else ""),
        "",
        *sweep_table(quality, chosen),
        "",
        "#### How the threshold was chosen",
        "",
        threshold_paragraph(run),
        "",
        f"Bandings of the index's {run['params']['num_perm']} permutations on these pairs "
        f"(the same signatures, banded otherwise; ◀ the fewest bands with P(candidate) > "
        f"{CANDIDATE_TARGET} at J = {run['threshold']}):",
        "",
        *banding_table(quality, run["threshold"]),
        "",
        f"#### Recall per edit tag (confirm threshold {run['threshold']})",
        "",
        "A pair counts under each of its tags.",
        "",
        *group_table(quality["per_edit"], "edit"),
        "",
        *group_table(sorted(quality["per_edit_count"], key=lambda r: r["group"]),
                     "edits per pair"),
        "",
        "By topic: " + ", ".join(
            f"{r['group']} {r['found']}/{r['pairs']}"
            for r in sorted(quality["per_topic"], key=lambda r: r["group"])
        ) + ".",
        "",
        *missed_table(quality),
        "",
        *false_positive_lines(quality),
    ]
    return out


# -- scale -----------------------------------------------------------------------------------
def scale_table(scale: dict[str, Any]) -> list[str]:
    workers = scale["workers"]
    build = f"build docs/s ({workers} worker{'s' if workers != 1 else ''})"
    out = [
        f"| documents | {build} | add_many docs/s (1 process) | on disk | peak RSS | p50 ms | "
        "p95 ms | p99 ms | of which hashing (p50 ms) | candidates/query (mean; max) | "
        "near-copies found |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scale["sizes"]:
        lat = s["latency_ms"]
        probe = f"{s['probe_docs_per_s']:,.0f}" if s["probe_docs_per_s"] else "–"
        out.append(
            f"| {s['n']:,} | {s['build_docs_per_s'] or 0:,.0f} | {probe} | "
            f"{_bytes(s['disk_bytes'])} | {_bytes(s['peak_rss'])} | {lat['p50']:.2f} | "
            f"{lat['p95']:.2f} | {lat['p99']:.2f} | {s['prep_p50_ms']:.2f} | "
            f"{s['candidates_mean']:.2f}; {s['candidates_max']} | "
            f"{s['near_found']}/{s['near']} |"
        )
    return out


def _cands(s: dict[str, Any]) -> str:
    return (f"{s['near_candidates_mean']:.2f} for near-copy queries and "
            f"{s['fresh_candidates_mean']:.2f} for fresh texts")


def scale_section(run: dict[str, Any]) -> list[str]:
    scale = run.get("scale")
    if scale is None:
        return ["### Scale", "", "Not run (`--sizes ''`)."]
    out = [
        "### Scale",
        "",
        f"Synthetic Arabic documents (random draws, weighted by frequency, from the "
        f"{scale['vocabulary']:,} distinct words of bench/pairs/texts; 150–400 words each) in "
        f"one SQLite file that grows through the sizes. At each size: {scale['queries']} "
        f"queries, half near-copies of indexed documents and half fresh texts, in random order.",
        "",
    ]
    if scale["sizes"]:
        out += scale_table(scale)
    else:
        out.append("No size was measured.")
    ratio = scale.get("ratio")
    if ratio:
        by_n = {s["n"]: s for s in scale["sizes"]}
        big, small = by_n[ratio["big"]], by_n[ratio["small"]]
        out += [
            "",
            f"**p50 latency at {ratio['big']:,} vs {ratio['small']:,} documents: "
            f"{big['latency_ms']['p50']:.2f} / {small['latency_ms']['p50']:.2f} ms = "
            f"{ratio['ratio']:.2f}× — {'pass' if ratio['passed'] else 'FAIL'} (≤ 2×).** "
            f"Without the hashing (p50 minus the hashing p50, the SQL lookups and the Jaccard "
            f"checks): {ratio['lookup_ratio']:.2f}×. Candidates read per query: "
            f"{_cands(small)} at {ratio['small']:,}, {_cands(big)} at {ratio['big']:,}: the "
            "query looks up its band keys and never scans.",
        ]
        if not ratio["is_target"]:
            out += ["", "Note: this run did not measure both 100 k and 1 M; the ratio above is "
                        "between its two largest sizes."]
    largest = scale["sizes"][-1] if scale["sizes"] else None
    if largest and largest.get("table_bytes"):
        out += ["", disk_sentence(largest, run["params"]["bands"])]
    for skip in scale["skipped"]:
        out += ["", f"Note: {skip['n']:,} documents skipped: {skip['reason']}."]
    return out


_TABLE_NAMES = {
    "lsh_docs": "`lsh_docs` (document rows with their shingle sets)",
    "lsh_bands": "`lsh_bands` (band keys)",
    "sqlite_autoindex_lsh_docs_1": "the doc_id index",
    "lsh_docs_by_cluster": "the cluster index",
}


def disk_sentence(size: dict[str, Any], bands: int) -> str:
    """Where the bytes of the largest index go, from SQLite's dbstat."""
    tables = size["table_bytes"]
    n = size["n"]
    parts = []
    for name, label in _TABLE_NAMES.items():
        if name in tables:
            per = (f"{tables[name] / (n * bands):.1f} bytes per band row, {bands} rows per "
                   "document" if name == "lsh_bands" else f"{tables[name] / n:,.0f} bytes per "
                   "document")
            parts.append(f"{label} {_bytes(tables[name])} ({per})")
    rest = sum(v for k, v in tables.items() if k not in _TABLE_NAMES)
    return (f"Where the {_bytes(sum(tables.values()))} of the {n:,}-document file go (pages "
            f"per table and index, SQLite's dbstat): " + "; ".join(parts)
            + f"; the rest {_bytes(rest)}.")


METHOD = """\
- **Quality.** Texts read as stored in bench/pairs/texts (normalisation is part of what is
  measured). Precision and recall: near_copy is the positive class, different the negative;
  rewrites are counted apart and enter neither. The sweep reuses each pair's exact Jaccard and
  whether the banding proposed it, which is exactly what `query` decides on. The 95 % bounds
  are Wilson score intervals of the counts (TP of TP + FP, TP of TP + FN). The banding table
  recomputes each pair's two signatures (the index's seed and permutations) and calls a pair
  proposed when some band has all its rows equal, which is what equal band keys mean.
- **Scale documents.** Document i is a pure function of the seed and i (sentences of 8–22
  words, paragraphs of 3 sentences). Unigram draws share almost no 5-grams, so a fresh query
  finds no candidate: the candidate count here measures the lookup itself; an archive full of
  syndicated copies confirms more candidates per query (one row read and one Jaccard each).
  Near-copy queries: an indexed document with an 8-word "read also" line in the middle, 0–2
  words replaced and, three times in ten, its last sentence cut ("near-copies found": those
  the index confirmed at its threshold; a few edited copies fall below it).
- **Index file.** Opened as the catalog opens its database (WAL, `synchronous=NORMAL`, SQLite's
  default page cache); on disk = database + WAL + shm after a checkpoint. The file stays in the
  OS page cache, as on a catalog host with the RAM for it. The split by table counts the pages
  of each table and index (SQLite's `dbstat`), free pages aside.
- **Build.** `add_many` in batches ({batch:,} documents per call). With W > 1 workers, W
  processes generate the texts and compute shingles, signatures and band keys with arshif's
  own functions, and the main process passes each batch to `add_many` of a `NearCopyIndex`
  subclass whose `_prepare` returns those results: same transaction, rows and SQL, the
  hashing on more cores. "add_many docs/s (1 process)" is the unmodified `add_many` timed on
  {probe:,} more documents (texts in hand) after each size's queries; they count towards the
  next size. Before each size its build time is extrapolated from the previous size's rate
  (from its own first batch for the first size) and the size is skipped over
  {budget:g} min unless `--force`.
- **Latency.** Wall time of `NearCopyIndex.query(text)`: normalising, hashing, the band lookups
  in one SQL statement and the Jaccard checks, after 20 warm-up queries. The hashing alone is
  timed apart on the same texts. Peak RSS: `ru_maxrss` of the process that holds the index,
  over the run so far (the workers only generate and hash text)."""


def render(run: dict[str, Any]) -> str:
    out = [*header(run), "", "### Targets (issue 4)", "", *targets(run), ""]
    out += quality_section(run)
    out += [""] + scale_section(run)
    scale = run.get("scale") or {"batch": 0, "probe": 0, "budget_min": 0}
    out += ["", "### How it is measured", "",
            METHOD.format(batch=scale["batch"], probe=scale["probe"],
                          budget=scale["budget_min"])]
    return "\n".join(out) + "\n"
