"""Rewrite one marked section of docs/benchmarks.md and keep the rest of the file as it is."""

from __future__ import annotations

from pathlib import Path

HEADER = """# Benchmarks

Each section below is written by a benchmark command (`make bench` runs them all). A command
rewrites only the text between its own `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`
markers; everything else in this file is kept.
"""


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def replace_section(document: str, name: str, body: str) -> str:
    """``document`` with section ``name`` replaced by ``body`` (appended when absent)."""
    start, end = markers(name)
    block = f"{start}\n{body.strip()}\n{end}"
    begin = document.find(start)
    finish = document.find(end, begin + len(start)) if begin >= 0 else -1
    if begin >= 0 and finish >= 0:
        return document[:begin] + block + document[finish + len(end) :]
    return document.rstrip("\n") + "\n\n" + block + "\n"


def write_section(path: Path, name: str, body: str) -> None:
    document = path.read_text("utf-8") if path.is_file() else HEADER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(replace_section(document, name, body), "utf-8")
