"""The verify report for a person: what was checked, each kind of problem with what to do."""

from __future__ import annotations

import textwrap

from arshif.integrity.problems import ADVICE, KINDS, Report

HEADINGS = {
    "corrupt": "CORRUPT: bytes that differ from what was committed",
    "missing": "MISSING: named by a manifest, not in the bucket",
    "incomplete": "INCOMPLETE RUNS: staged or started, never committed",
    "drift": "CATALOG DRIFT: the catalog disagrees with the bucket",
    "extra": "EXTRA: objects nothing accounts for",
}


def _wrap(text: str, indent: str, rest: str | None = None) -> str:
    # Keys and commands are never split: a person copies them whole.
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=rest or indent,
                         break_long_words=False, break_on_hyphens=False)


def human_size(n: int) -> str:
    """A byte count in decimal units: ``512 B``, ``3.2 MB``."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} B"


def format_report(report: Report, limit: int = 20) -> str:
    """The report for a person: what was checked, each kind of problem with what to do
    (at most ``limit`` problems of each kind; ``--json`` lists every one)."""
    c = report.checked
    scope = ", ".join(f"{name} {value}" for name, value in (("run", report.run_key), ("site", report.site))
                      if value) or "everything"
    lines = [f"arshif verify: bucket {report.bucket} at {report.endpoint} ({scope})",
             f"catalog: {report.catalog or 'not checked (--no-catalog)'}",
             f"checked {c.get('manifests', 0)} manifests naming {c.get('objects', 0)} objects "
             f"({human_size(c.get('bytes', 0))}): {c.get('by_stored_checksum', 0)} by the checksum stored "
             f"at write time, {c.get('read_in_full', 0)} read in full"
             + ("" if report.deep else " (--deep reads every byte)"),
             f"        {c.get('captures', 0)} catalog captures, {c.get('texts', 0)} text objects, "
             f"{c.get('reports', 0)} run reports, {c.get('staged', 0)} staged site runs"]
    if report.ledger is not None:
        head = report.ledger["head"]
        lines.append(f"ledger: {report.ledger['entries']} entries, "
                     + (f"head at position {head['position']}, sha256 {head['sha256']}" if head["position"]
                        else "empty")
                     + ("" if report.ledger["intact"] else f" (chain intact to entry {report.ledger['intact_to']})"))
    for kind in KINDS:
        found = [p for p in report.problems if p.kind == kind]
        if not found:
            continue
        lines += ["", f"{HEADINGS[kind]} ({len(found)})"]
        for p in found[:limit]:
            lines.append(f"  {p.key}")
            lines.append(_wrap(f"{p.reason}: {p.detail}", "      "))
        if len(found) > limit:
            lines.append(f"  … and {len(found) - limit} more (--json lists every one)")
        lines.append(_wrap(f"what to do: {ADVICE[kind]}", "  ", "      "))
        actions = sorted({p.action for p in found if p.action and p.action.startswith("arshif ")})
        if actions:
            lines.append(_wrap("commands: " + "; ".join(f"`{a}`" for a in actions), "  ", "      "))
    lines.append("")
    if report.clean:
        lines.append(_wrap("result: CLEAN: every object the manifests name is present with its size "
                           "and SHA-256; nothing extra; no incomplete run"
                           + ("; the catalog matches the bucket" if report.catalog else ""), "", "        "))
    else:
        counts = ", ".join(f"{n} {kind}" for kind, n in report.counts().items() if n)
        lines.append(f"result: NOT CLEAN: {counts}")
    return "\n".join(lines)
