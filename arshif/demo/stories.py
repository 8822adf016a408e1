"""The hand-written stories in data/stories.txt: the seed article, its wire rewrite, the edit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from arshif.demo.model import Block


@dataclass(frozen=True)
class HandWritten:
    key: str
    headline: str
    caption: str
    versions: dict[str, tuple[Block, ...]]  # "all", or "day1" / "day2"

    def blocks(self, day: int) -> tuple[Block, ...]:
        return self.versions.get("all") or self.versions[f"day{day}"]


@cache
def hand_written() -> dict[str, HandWritten]:
    text = resources.files("arshif.demo").joinpath("data", "stories.txt").read_text("utf-8")
    fields: dict[str, dict[str, str]] = {}
    versions: dict[str, dict[str, list[Block]]] = {}
    key = version = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not (version and line.startswith("## "))):
            continue
        if line.startswith("=== "):
            key, version = line[4:], ""
            fields[key], versions[key] = {}, {}
        elif line.startswith("--- "):
            version = line[4:]
            versions[key][version] = []
        elif not version:
            name, _, value = line.partition(":")
            fields[key][name.strip()] = value.strip()
        else:
            block = Block("h2", line[3:]) if line.startswith("## ") else Block("p", line)
            versions[key][version].append(block)
    return {
        key: HandWritten(
            key,
            fields[key]["headline"],
            fields[key]["caption"],
            {name: tuple(blocks) for name, blocks in versions[key].items()},
        )
        for key in fields
    }
