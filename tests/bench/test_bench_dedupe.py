"""Smoke runs of bench/dedupe.py: a few labelled pairs and tiny index sizes, into a temp docs file.

No timing is asserted: only that the run measures what it says and writes its own section.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from arshif.dedupe.minhash import DEFAULT_PARAMS
from bench import dedupe
from bench.dedupe_scale import Builder, Corpus

ROOT = Path(__file__).resolve().parents[2]

DOC = """# Benchmarks

Written by hand, kept.

<!-- bench:extraction:start -->
## Main-text extraction

extraction figures
<!-- bench:extraction:end -->

Closing note by hand.
"""


def _section(text: str, name: str) -> str:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    assert text.count(start) == 1 and text.count(end) == 1
    return text[text.index(start) : text.index(end)]


def test_quality_and_scale_write_the_dedupe_section(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    out.write_text(DOC, "utf-8")
    raw = tmp_path / "run.json"
    run = dedupe.main([
        "--sizes", "500,2000", "--queries", "40", "--probe", "200", "--pairs-per-label", "3",
        "--out", str(out), "--json", str(raw), "--tmp-dir", str(tmp_path),
    ])

    quality = run["quality"]
    assert quality["labels"] == {"near_copy": 3, "different": 3, "rewrite": 3}
    assert not quality["inconsistent"]  # verdicts are "candidate and Jaccard ≥ threshold"
    assert [row["threshold"] for row in quality["sweep"]] == [
        0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9
    ]
    assert [(row["bands"], row["rows"]) for row in quality["bandings"]] == [
        (63, 2), (42, 3), (21, 6), (18, 7), (14, 9)
    ]
    assert sum(row["current"] for row in quality["bandings"]) == 1
    at = quality["at_threshold"]
    assert at["tp"] + at["fn"] == 3 and at["fp"] + at["tn"] == 3 and at["rewrites"] == 3
    if (ROOT / ".git").exists():
        assert quality["provenance"]["pairs_commits"], "bench/pairs has a commit"

    scale = run["scale"]
    assert [s["n"] for s in scale["sizes"]] == [500, 2000] and not scale["skipped"]
    for size in scale["sizes"]:
        assert size["queries"] == 40 and size["near"] == 20
        # Structure, not timing: a query reads its few candidates, never the whole index.
        assert size["candidates_max"] <= 5
        assert size["near_found"] >= 15
        assert size["disk_bytes"] > 0 and size["peak_rss"] > 0
    assert scale["ratio"]["small"] == 500 and scale["ratio"]["big"] == 2000
    assert not list(tmp_path.glob("arshif-bench-dedupe-*")), "the temporary index is removed"

    text = out.read_text("utf-8")
    assert text.startswith("# Benchmarks\n\nWritten by hand, kept.\n")
    assert text.rstrip().endswith("<!-- bench:dedupe:end -->")
    assert "Closing note by hand." in text
    assert "extraction figures" in _section(text, "extraction")
    section = _section(text, "dedupe")
    for expected in (
        "## Near-copy detection (dedupe)",
        "### Targets (issue 4)",
        "#### Threshold sweep",
        "#### How the threshold was chosen",
        "#### Recall per edit tag",
        "committed before any tuning",
        "| 2,000 |",
        "p50 latency at 2,000 vs 500 documents",
        f"{DEFAULT_PARAMS.bands} bands × {DEFAULT_PARAMS.rows} rows",
        f"| {DEFAULT_PARAMS.bands} × {DEFAULT_PARAMS.rows} (the index's)",
        "`lsh_bands` (band keys)",
    ):
        assert expected in section, expected
    assert json.loads(raw.read_text("utf-8"))["quality"]["pairs"] == 9

    # Run again: the section is replaced in place, not appended.
    dedupe.main(["--sizes", "", "--pairs-per-label", "1", "--out", str(out)])
    again = out.read_text("utf-8")
    assert "Not run (`--sizes ''`)." in _section(again, "dedupe")
    assert "extraction figures" in _section(again, "extraction")


def test_a_size_over_the_budget_is_skipped_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    run = dedupe.main([
        "--sizes", "300,600", "--budget-min", "0", "--batch", "100", "--workers", "1",
        "--queries", "10", "--pairs-per-label", "1", "--out", str(out),
        "--tmp-dir", str(tmp_path),
    ])
    assert run["scale"]["sizes"] == []
    assert [s["n"] for s in run["scale"]["skipped"]] == [300, 600]
    section = _section(out.read_text("utf-8"), "dedupe")
    assert "Note: 300 documents skipped: building the 300 documents from 0 to 300" in section
    assert "run with --force or choose --sizes" in section
    assert "not measured in this run" in section


def test_the_parallel_build_stores_what_plain_add_many_stores(tmp_path: Path) -> None:
    corpus = Corpus.from_texts(ROOT / "bench" / "pairs" / "texts", seed=7)
    tables = []
    for workers in (1, 2):
        builder = Builder(tmp_path / f"w{workers}.sqlite", corpus, DEFAULT_PARAMS, workers, 40)
        try:
            builder.grow(90)
        finally:
            builder.close()
        db = sqlite3.connect(tmp_path / f"w{workers}.sqlite")
        tables.append((
            db.execute("SELECT doc, doc_id, site, shingles, cluster FROM lsh_docs ORDER BY doc")
            .fetchall(),
            db.execute("SELECT key, doc FROM lsh_bands ORDER BY key, doc").fetchall(),
        ))
        db.close()
    assert len(tables[0][0]) == 90 and len(tables[0][1]) == 90 * DEFAULT_PARAMS.bands
    assert tables[0] == tables[1]


@pytest.mark.parametrize(
    ("value", "expected"), [("10000", 10_000), ("10k", 10_000), ("1M", 1_000_000), ("2.5k", 2_500)]
)
def test_sizes_accept_suffixes(value: str, expected: int) -> None:
    assert dedupe.parse_size(value) == expected
