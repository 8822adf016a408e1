"""Run every extractor on every page of a set (interleaved page by page) and score the output."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from bench import metrics
from bench.extractors import HAS_DATE, HAS_TITLE, Extractor, Output
from bench.progress import Progress
from bench.sets import Page

# The paired bootstrap compares every extractor's shingle F1 with this one, page for page.
BASELINE = "trafilatura"


@dataclass
class Result:
    output: Output
    seconds: float
    error: str | None = None


def run_set(
    name: str, pages: list[Page], extractors: dict[str, Extractor]
) -> dict[str, list[Result]]:
    """Each page goes through every extractor before the next page (fair to a noisy machine)."""
    results: dict[str, list[Result]] = {e: [] for e in extractors}
    progress = Progress(name, len(pages))
    for page in pages:
        for extractor, run in extractors.items():
            start = time.perf_counter()
            try:
                result = Result(run(page), 0.0)
            except Exception as error:  # a crash is scored as an empty output
                result = Result(Output(""), 0.0, f"{type(error).__name__}: {error}"[:200])
            result.seconds = time.perf_counter() - start
            results[extractor].append(result)
        progress.tick()
    return results


def _ratio(correct: int, total: int) -> dict[str, Any] | None:
    return {"correct": correct, "total": total, "share": correct / total} if total else None


def page_figures(page: Page, extractor: str, result: Result) -> dict[str, Any]:
    """Raw per-page figures (the JSON output), before any averaging."""
    out = result.output
    row: dict[str, Any] = {"id": page.id, "chars": len(out.text), "seconds": result.seconds}
    if result.error:
        row["error"] = result.error
    if page.text is not None:
        row["shingle_counts"] = metrics.shingle_counts(page.text, out.text)
        row["shingle_prf"] = metrics.prf([row["shingle_counts"]])
    if page.with_ or page.without:
        score = metrics.score_snippets(out.text, page.with_, page.without)
        row["snippets"] = vars(score)
    if page.title and extractor in HAS_TITLE:
        row["title"], row["title_ok"] = out.title, metrics.same_title(page.title, out.title)
    if page.date and extractor in HAS_DATE:
        row["date"], row["date_ok"] = out.date, metrics.same_date(page.date, out.date)
    if page.subheadings:
        row["subheadings_kept"] = metrics.headings_kept(out.text, page.subheadings)
    return row


def aggregate(pages: list[Page], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One extractor's figures over a set, from its per-page rows."""
    counts = [r["shingle_counts"] for r in rows if "shingle_counts" in r]
    snippet = sum(
        (metrics.SnippetScore(**r["snippets"]) for r in rows if "snippets" in r),
        metrics.SnippetScore(),
    )
    snippet_pages = sum(1 for r in rows if "snippets" in r)
    figures: dict[str, Any] = {
        "pages": len(rows),
        "errors": sum(1 for r in rows if "error" in r),
        "seconds": sum(r["seconds"] for r in rows),
        "shingle": None,
        "snippets": None,
        "title": _ratio(
            sum(r["title_ok"] for r in rows if "title_ok" in r),
            sum(1 for r in rows if "title_ok" in r),
        ),
        "date": _ratio(
            sum(r["date_ok"] for r in rows if "date_ok" in r),
            sum(1 for r in rows if "date_ok" in r),
        ),
        "subheadings": _ratio(
            sum(r.get("subheadings_kept", 0) for r in rows),
            sum(len(p.subheadings) for p in pages),
        ),
    }
    if counts:
        p, r, f1 = metrics.prf(counts)
        accuracy = [c[1] == c[2] == 0 for c in counts]
        _, f1_std = metrics.bootstrap_f1(counts)
        figures["shingle"] = {
            "pages": len(counts),
            "precision": p,
            "recall": r,
            "f1": f1,
            "f1_std": f1_std,
            "accuracy": sum(accuracy) / len(counts),
        }
    if snippet_pages:
        p, r, f1 = snippet.prf()
        figures["snippets"] = {
            "pages": snippet_pages,
            **vars(snippet),
            "with_total": snippet.found + snippet.missed,
            "without_total": snippet.leaked + snippet.kept_out,
            "pages_with_without": sum(1 for page in pages if page.without),
            "precision": p,
            "recall": r,
            "f1": f1,
        }
    return figures


def score_set(
    pages: list[Page], results: dict[str, list[Result]]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """(figures by extractor, per-page rows by extractor)."""
    rows = {
        e: [page_figures(p, e, r) for p, r in zip(pages, res, strict=True)]
        for e, res in results.items()
    }
    figures = {e: aggregate(pages, r) for e, r in rows.items()}
    base = [r["shingle_counts"] for r in rows.get(BASELINE, []) if "shingle_counts" in r]
    for extractor, extractor_rows in rows.items():
        counts = [r["shingle_counts"] for r in extractor_rows if "shingle_counts" in r]
        if figures[extractor]["shingle"] and extractor != BASELINE and len(base) == len(counts):
            mean, std = metrics.bootstrap_f1(counts, base)
            figures[extractor]["shingle"]["f1_minus_baseline"] = {"mean": mean, "std": std}
    return figures, rows
