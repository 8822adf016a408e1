"""The whole extraction section of docs/benchmarks.md: header, targets, tables, method."""

from __future__ import annotations

from typing import Any

from bench import report

OURS, BARE = "arshif", "trafilatura"
PAGE_BY_PAGE = {"arabic"}  # sets small and different enough to show each page

METHOD = """\
- **Input.** Every extractor gets the page bytes as served. arshif also gets the HTTP
  Content-Type and the site's time zone when the set records them (its own decoding is part of
  what is measured). trafilatura gets the bytes and decodes them itself (UTF-8, else charset
  detection), as its `fetch_url` → `extract` path does; readability-lxml and jusText get exactly
  the string trafilatura decodes to, so the baselines read identical text.
- **Extractors.** arshif: `extract_article(body, url=, content_type=, timezone=)`.
  trafilatura: `bare_extraction(body, url=, with_metadata=True)`, all other options default
  (comments included; AEB's own runner passes `include_comments=False`), and the same with
  `favor_precision=True`. readability-lxml: `Document(html).summary(html_partial=True)`, text
  by lxml `text_content()` with a line break around block elements, title `short_title()`, no
  date. jusText 3 defaults: `justext(html, stoplist)`, non-boilerplate paragraphs one per line;
  stoplist Arabic on the Arabic sets, else py3langid on the page's visible text (English when
  there is too little text; the union of all stoplists for a language jusText lacks).
- **P/R/F1.** ScrapingHub and the full-text Arabic pages (cnn-arabic, lbc): the AEB metric —
  `\\w+` tokens, 4-token shingles counted as a multiset, TP/FP/FN normalised per page, precision
  averaged over pages that output text, recall over all pages, F1 of the two means; ± is the
  std over 1,000 bootstrap resamples of pages; "F1 − trafilatura" resamples both extractors on
  the same pages (a paired difference). Snippet sets (assabah, gold): trafilatura's own
  metric, `with` found = TP, `without` found = FP, counts pooled over pages. Snippets match
  after NFC, dropping bidi/zero-width marks and collapsing whitespace.
- **Title**: exact match after `arshif.textnorm.normalize_for_matching` on both sides. **Date**:
  exact YYYY-MM-DD; a missing date is wrong; pages without a date truth are not counted.
  **Subheadings kept**: the heading appears as a line of its own in the text.
- **Throughput**: one process; each page goes through both extractors back to back, order
  flipped page by page and round by round, after the quality pass has warmed both up.
  docs/s per core = pages / CPU seconds of the process, with numpy's BLAS held to one thread
  (`OPENBLAS_NUM_THREADS=1`: py3langid's spinning BLAS thread otherwise bills CPU time to
  whatever runs next); the ratio is taken per round, median (min–max) shown."""


def _f1(figures: dict[str, Any]) -> float | None:
    source = figures["shingle"] or figures["snippets"]
    return None if source is None else source["f1"]


def targets(run: dict[str, Any]) -> list[str]:
    lines = []
    for name, data in run["sets"].items():
        ours, bare = (_f1(data["figures"][e]) for e in (OURS, BARE))
        if ours is not None and bare is not None:
            mark = "x" if ours >= bare else " "
            lines.append(f"- [{mark}] {name}: arshif F1 {ours:.3f} ≥ bare trafilatura {bare:.3f}")
    together = run.get("together") or {}
    if OURS in together and BARE in together:
        ours, bare = together[OURS], together[BARE]
        mark = "x" if ours["leaked"] < bare["leaked"] else " "
        lines.append(
            f"- [{mark}] Arabic pages together: fewer boilerplate snippets leaked than bare "
            f"trafilatura: {ours['leaked']} vs {bare['leaked']} of {ours['without_total']}"
        )
        for key in ("title", "date"):
            r = ours[key]
            if r:
                mark = "x" if r["share"] >= 0.95 else " "
                lines.append(
                    f"- [{mark}] Arabic pages together: {key} accuracy {100 * r['share']:.1f}% "
                    f"≥ 95% (bare trafilatura {report._ratio(bare[key])})"
                )
    t = run.get("throughput")
    if t:
        r = t["ratio"]["cpu_docs_per_s"]["median"]
        lines.append(f"- [{'x' if r >= 0.8 else ' '}] throughput {r:.2f}× bare trafilatura ≥ 0.8×")
    return lines


def render(run: dict[str, Any]) -> str:
    env = run["environment"]
    packages = " · ".join(f"{k} {v}" for k, v in env["packages"].items())
    out = [
        "## Main-text extraction",
        "",
        f"Command: `{run['command']}` — run {run['started']}, {run['runtime_s'] / 60:.1f} min.",
        f"Machine: {env['cores']} cores ({env['usable_cores']} usable), {env['cpu']}; "
        f"load average at start {env['load_average_at_start']}; {env['platform']}.",
        f"Python {env['python']} · {packages} · arshif extractor `{env['extractor']}` "
        f"at {env['source']}.",
        "",
        "### Targets (issue 3)",
        "",
        *targets(run),
    ]
    for name in run["order"]:
        if name in run["skipped"]:
            out += ["", f"### {name}", "", f"Skipped: {run['skipped'][name]}."]
            continue
        data = run["sets"][name]
        out += ["", f"### {name}", "", data["description"]]
        out += [f"Note: {n}." for n in data["notes"]]
        out += ["", *report.set_table(data["figures"])]
        if name in PAGE_BY_PAGE:
            out += ["", "Page by page:", "", *report.per_page_table(data["rows"])]
    if run.get("together"):
        sets = " + ".join(run["together_sets"])
        out += ["", f"### Arabic pages together ({sets}, {run['together_pages']} pages)", ""]
        out += report.together_table(run["together"])
    if run.get("throughput"):
        t = run["throughput"]
        out += [
            "",
            "### Throughput",
            "",
            f"{t['pages']} pages (every page of the sets above) × {t['rounds']} "
            f"round{'s' if t['rounds'] != 1 else ''}, "
            "median of rounds (min–max).",
            "",
            *report.throughput_table(t),
        ]
    out += ["", "### How it is measured", "", METHOD]
    return "\n".join(out) + "\n"
