"""The markdown of the extraction section, from the raw figures of one run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Figures = dict[str, Any]
# Real pages (publishers' HTML, truth annotated outside this project) come first and the
# targets are judged on them; the synthetic gold set is a secondary check (issue 15).
REAL_SETS = ("scrapinghub", "arabic")
SYNTHETIC_SETS = ("gold",)
GROUPS = {"real": REAL_SETS, "synthetic": SYNTHETIC_SETS}
GROUP_TITLES = {
    "real": "Real pages",
    "synthetic": "Synthetic pages (the gold set: a secondary check)",
}
OURS, BARE = "arshif", "trafilatura"


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _ratio(r: Figures | None) -> str:
    return "–" if not r else f"{r['correct']}/{r['total']} ({100 * r['share']:.0f}%)"


def _prf(f: Figures, index: str) -> str:
    source = f["shingle"] or f["snippets"]
    if source is None:
        return "–"
    if index == "f1" and f["shingle"]:
        return f"{source['f1']:.3f} ± {source['f1_std']:.3f}"
    return _num(source[index])


def _delta(f: Figures) -> str:
    d = (f["shingle"] or {}).get("f1_minus_baseline")
    return "–" if not d else f"{d['mean']:+.3f} ± {d['std']:.3f}"


def _found(f: Figures) -> str:
    s = f["snippets"]
    if not s or not s["with_total"]:
        return "–"
    return f"{s['found']}/{s['with_total']} ({100 * s['found'] / s['with_total']:.0f}%)"


def _leaked(f: Figures) -> str:
    s = f["snippets"]
    return "–" if not s or not s["without_total"] else f"{s['leaked']}/{s['without_total']}"


def _leaked_per_page(f: Figures) -> str:
    s = f["snippets"]
    return (
        "–"
        if not s or not s["pages_with_without"]
        else f"{s['leaked'] / s['pages_with_without']:.2f}"
    )


COLUMNS: list[tuple[str, Callable[[Figures], str]]] = [
    ("pages", lambda f: str(f["pages"])),
    ("P", lambda f: _prf(f, "precision")),
    ("R", lambda f: _prf(f, "recall")),
    ("F1", lambda f: _prf(f, "f1")),
    ("F1 − trafilatura (paired)", _delta),
    ("snippets found", _found),
    ("boilerplate leaked", _leaked),
    ("leaked / page", _leaked_per_page),
    ("title", lambda f: _ratio(f["title"])),
    ("date", lambda f: _ratio(f["date"])),
    ("subheadings kept", lambda f: _ratio(f["subheadings"])),
    ("errors", lambda f: str(f["errors"]) if f["errors"] else "–"),
]


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def set_table(figures: dict[str, Figures]) -> list[str]:
    cells = {e: [(h, get(f)) for h, get in COLUMNS] for e, f in figures.items()}
    keep = [i for i, (h, _) in enumerate(COLUMNS) if any(c[i][1] != "–" for c in cells.values())]
    headers = ["extractor"] + [COLUMNS[i][0] for i in keep]
    return table(headers, [[e] + [c[i][1] for i in keep] for e, c in cells.items()])


def per_page_table(rows: dict[str, list[Figures]]) -> list[str]:
    """For a set of a few pages: shingle F1, or snippets found / leaked, page by page."""
    extractors = list(rows)

    def cell(row: Figures) -> str:
        if "shingle_prf" in row:
            return f"F1 {row['shingle_prf'][2]:.3f}"
        s = row.get("snippets")
        return f"found {s['found']}/{s['found'] + s['missed']}, leaked {s['leaked']}" if s else "–"

    ids = [r["id"] for r in rows[extractors[0]]]
    body = [[page_id] + [cell(rows[e][i]) for e in extractors] for i, page_id in enumerate(ids)]
    return table(["page"] + extractors, body)


def _f1_cell(f: Figures) -> str:
    source = f["shingle"] or f["snippets"]
    return "–" if source is None else f"{source['f1']:.3f}"


def comparison_table(run_sets: dict[str, Figures], names: list[str]) -> list[str]:
    """One row per set: arshif beside bare trafilatura on F1, leaked boilerplate snippets,
    title and date accuracy ("–": the set has no truth for it)."""
    headers = ["set", "pages"]
    for column in ("F1", "boilerplate leaked", "title", "date"):
        headers += [f"{column} {OURS}", f"{column} {BARE}"]
    rows = []
    for name in names:
        figures = run_sets[name]["figures"]
        ours, bare = figures[OURS], figures[BARE]
        row = [name, str(ours["pages"])]
        for get in (_f1_cell, _leaked, lambda f: _ratio(f["title"]), lambda f: _ratio(f["date"])):
            row += [get(ours), get(bare)]
        rows.append(row)
    return table(headers, rows)


def together_table(together: dict[str, Figures]) -> list[str]:
    rows = [
        [e, f"{f['leaked']}/{f['without_total']}", _ratio(f["title"]), _ratio(f["date"])]
        for e, f in together.items()
    ]
    return table(["extractor", "boilerplate leaked", "title", "date"], rows)


def throughput_table(t: Figures) -> list[str]:
    def rate(name: str, clock: str) -> str:
        s = t["docs_per_s"][name][clock]
        return f"{s['median']:.2f} ({s['min']:.2f}–{s['max']:.2f})"

    def ratio(clock: str) -> str:
        r = t["ratio"][clock]
        return f"**{r['median']:.2f}×** ({r['min']:.2f}–{r['max']:.2f})"

    rows = [
        [n, rate(n, "cpu_docs_per_s"), rate(n, "wall_docs_per_s")]
        for n in (t["numerator"], t["denominator"])
    ]
    rows.append(
        [
            f"{t['numerator']} / {t['denominator']}",
            ratio("cpu_docs_per_s"),
            ratio("wall_docs_per_s"),
        ]
    )
    return table(["extractor", "docs/s per core (CPU time)", "docs/s (wall)"], rows)
