"""Extraction benchmark: arshif's extractor and its baselines on the same pages, in one run.

    python bench/extraction.py [--sets scrapinghub,arabic,gold] [--limit N]
                               [--out docs/benchmarks.md] [--json FILE] [--rounds N]

Extractors: arshif, bare trafilatura (default and favor_precision), readability-lxml, jusText.
Sets: real pages — ScrapingHub AEB and the real Arabic pages from ../shared/eval (read in
place) — then synthetic pages, the gold set bench/gold/gold.json; a missing one is skipped with
a note. Real and synthetic pages are reported in separate tables, real first, and the targets
are judged on the real pages. Then documents per second per core, arshif vs bare trafilatura
with metadata, on the real pages (on all pages when no real set was run). Rewrites only the extraction section
of docs/benchmarks.md; ``--json`` keeps every raw figure. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# One core per process: py3langid's numpy would otherwise start an OpenBLAS thread whose
# spinning adds CPU time to whatever runs next. Set before numpy is first imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from trafilatura.utils import decode_file  # noqa: E402

from arshif.extract import decode_html  # noqa: E402
from bench import environment, scoring, section, sets, throughput  # noqa: E402
from bench.docfile import write_section  # noqa: E402
from bench.extractors import EXTRACTORS, stoplist_name  # noqa: E402
from bench.progress import say  # noqa: E402
from bench.report import GROUPS  # noqa: E402

SET_NAMES = ("scrapinghub", "arabic", "gold")
SECTION = "extraction"

DESCRIPTIONS = {
    "scrapinghub": (
        "ScrapingHub Article Extraction Benchmark (`../shared/eval/scrapinghub`: news and blog "
        "articles, mostly English, human `articleBody`). P/R/F1: 4-word shingles, the "
        "benchmark's own metric. Published there, for comparison only (not this run): "
        "trafilatura 2.0.0 F1 0.958, readability-lxml 0.922, jusText 0.804."
    ),
    "arabic": (
        "The real Arabic pages with outside ground truth (`../shared/eval/arabic`): "
        "assabah.com.tn (trafilatura's human with/without snippets, title), arabic.cnn.com 2013 "
        "(newspaper4k's full text, title), lbcgroup.tv 2026 (Fundus' title, paragraphs and "
        "date). P/R/F1: shingles over cnn-arabic and lbc; snippets: assabah."
    ),
    "gold": (
        "arshif's own gold set (`bench/gold/gold.json`{extra}): with/without snippets, title, "
        "date and subheadings per page. P/R/F1: snippets (trafilatura's metric)."
    ),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SET_NAMES), help="comma-separated")
    parser.add_argument("--limit", type=int, help="at most N pages per set")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--json", type=Path, help="write every raw figure here")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds (0: skip)")
    parser.add_argument("--eval-dir", type=Path, default=sets.default_eval_dir(ROOT))
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "gold.json")
    args = parser.parse_args(argv)
    unknown = set(args.sets.split(",")) - set(SET_NAMES)
    if unknown:
        parser.error(f"unknown set(s) {', '.join(sorted(unknown))}; known: {', '.join(SET_NAMES)}")
    return args


def load(name: str, args: argparse.Namespace) -> tuple[list[sets.Page] | None, list[str], str]:
    """(pages or None when missing, notes, where it was looked for)."""
    if name == "scrapinghub":
        folder = args.eval_dir / "scrapinghub"
        return sets.scrapinghub(folder), [], str(folder)
    if name == "arabic":
        folder = args.eval_dir / "arabic"
        found = sets.arabic(folder)
        return (found[0], found[1], str(folder)) if found else (None, [], str(folder))
    return sets.gold(args.gold), [], str(args.gold)


def decoding_note(pages: list[sets.Page]) -> list[str]:
    differs = [p.id for p in pages if decode_file(p.body) != decode_html(p.body, p.content_type)[0]]
    if not differs:
        return []
    shown = ", ".join(differs[:5]) + (" …" if len(differs) > 5 else "")
    return [f"the baselines' decoding differs from arshif's on {len(differs)} page(s): {shown}"]


def stoplist_note(pages: list[sets.Page]) -> list[str]:
    """Which jusText stoplists py3langid chose, for the pages of unknown language."""
    chosen = Counter(
        stoplist_name(p, decode_file(p.body)) or "union of all" for p in pages if not p.language
    )
    if not chosen:
        return []
    return [
        "jusText stoplists by py3langid: " + ", ".join(f"{k} {v}" for k, v in chosen.most_common())
    ]


def ordered(names: list[str]) -> list[str]:
    """The sets asked for, real pages first, then the synthetic ones (as given otherwise)."""
    rank = {n: i for i, n in enumerate(n for group in GROUPS.values() for n in group)}
    return sorted(names, key=lambda n: rank.get(n, len(rank)))


def together(
    run_sets: dict[str, Any], group: tuple[str, ...]
) -> tuple[dict[str, Any], list[str], int]:
    """Leaked snippets, title and date over the pages of a group of sets, per extractor."""
    names = [n for n in group if n in run_sets]
    figures: dict[str, Any] = {}
    for extractor in EXTRACTORS:
        rows = [r for n in names for r in run_sets[n]["rows"][extractor]]
        snippets = [r["snippets"] for r in rows if "snippets" in r]
        entry: dict[str, Any] = {
            "leaked": sum(s["leaked"] for s in snippets),
            "without_total": sum(s["leaked"] + s["kept_out"] for s in snippets),
        }
        for key in ("title", "date"):
            marks = [r[f"{key}_ok"] for r in rows if f"{key}_ok" in r]
            entry[key] = (
                {"correct": sum(marks), "total": len(marks), "share": sum(marks) / len(marks)}
                if marks
                else None
            )
        figures[extractor] = entry
    pages = sum(len(run_sets[n]["rows"]["arshif"]) for n in names)
    return figures, names, pages


def _python() -> str:
    """The interpreter as typed from the project root (``.venv/bin/python``), else ``python``."""
    executable = Path(sys.executable)
    return str(executable.relative_to(ROOT)) if executable.is_relative_to(ROOT) else "python"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    started = time.perf_counter()
    run: dict[str, Any] = {
        "command": shlex.join(
            [_python(), "bench/extraction.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": environment.describe(ROOT),
        "order": ordered(args.sets.split(",")),
        "sets": {},
        "skipped": {},
    }
    all_pages: list[sets.Page] = []
    for name in run["order"]:
        pages, notes, where = load(name, args)
        if pages is None:
            run["skipped"][name] = f"nothing at `{where}`"
            say(f"{name}: skipped, nothing at {where}")
            continue
        pages = pages[: args.limit] if args.limit else pages
        results = scoring.run_set(name, pages, EXTRACTORS)
        figures, rows = scoring.score_set(pages, results)
        sites = {p.meta.get("site") for p in pages if p.meta.get("site")}
        extra = f", {len(pages)} pages, {len(sites)} sites" if sites else f", {len(pages)} pages"
        run["sets"][name] = {
            "description": DESCRIPTIONS[name].format(extra=extra),
            "source": where,
            "notes": notes + decoding_note(pages) + stoplist_note(pages),
            "figures": figures,
            "rows": rows,
        }
        all_pages += pages
    run["groups"] = {}
    for group, members in GROUPS.items():
        if any(n in run["sets"] for n in members):
            figures, names, count = together(run["sets"], members)
            run["groups"][group] = {"figures": figures, "sets": names, "pages": count}
    # Speed is judged on the real pages when there are any (issue 15).
    real = [p for p in all_pages if p.set in GROUPS["real"]]
    all_pages = real or all_pages
    if args.rounds > 0 and all_pages:
        run["throughput"] = throughput.measure(
            all_pages,
            ("arshif", EXTRACTORS["arshif"]),
            ("trafilatura+metadata", EXTRACTORS["trafilatura"]),
            args.rounds,
        )
        run["throughput"]["pages_from"] = "real" if real else "synthetic"
    run["runtime_s"] = time.perf_counter() - started
    text = section.render(run)
    write_section(args.out, SECTION, text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(run, ensure_ascii=False, indent=1), "utf-8")
    print(text)
    say(f"wrote the '{SECTION}' section of {args.out} in {run['runtime_s']:.0f} s")
    return run


if __name__ == "__main__":
    main()
