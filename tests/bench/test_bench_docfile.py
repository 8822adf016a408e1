"""docs/benchmarks.md: a benchmark rewrites its own section and nothing else."""

from __future__ import annotations

from pathlib import Path

from bench.docfile import HEADER, replace_section, write_section

DOC = """# Benchmarks

Intro by hand.

<!-- bench:dedupe:start -->
dedupe figures
<!-- bench:dedupe:end -->

<!-- bench:extraction:start -->
old extraction figures
<!-- bench:extraction:end -->

A closing note by hand.
"""


def test_replace_keeps_everything_else() -> None:
    updated = replace_section(DOC, "extraction", "## New\n\nnew figures\n")
    assert "old extraction figures" not in updated
    assert (
        "<!-- bench:extraction:start -->\n## New\n\nnew figures\n<!-- bench:extraction:end -->"
        in updated
    )
    before, after = DOC.split("<!-- bench:extraction:start -->")
    assert updated.startswith(before)
    assert updated.endswith("\n\nA closing note by hand.\n")
    assert "dedupe figures" in updated


def test_missing_section_is_appended_and_replaced_in_place_next_time() -> None:
    doc = "# Benchmarks\n\nOther text.\n"
    once = replace_section(doc, "extraction", "first")
    assert once.startswith(doc)
    assert once.endswith("<!-- bench:extraction:start -->\nfirst\n<!-- bench:extraction:end -->\n")
    twice = replace_section(once, "extraction", "second")
    assert twice == once.replace("first", "second")


def test_write_creates_the_file_with_a_header(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "benchmarks.md"
    write_section(target, "extraction", "figures")
    text = target.read_text("utf-8")
    assert text.startswith(HEADER)
    assert text.count("<!-- bench:extraction:start -->") == 1
