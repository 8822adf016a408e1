"""The run report as a plain-text table, readable in a task log and on a terminal."""

from __future__ import annotations

COLUMNS = ("status", "discovered", "rechecks", "fetched", "new", "changed", "unchanged", "identical",
           "removed", "failures", "chrome_skipped", "robots_forbidden", "bytes")
# "revisit": a re-check that found the same bytes or got 304; "removed": one that found it gone.
# "chrome-kept": articles whose text was kept unfiltered because the site's chrome model would
# have taken most of it (the chrome-skipped alert).
HEADINGS = {"robots_forbidden": "robots", "identical": "revisit", "chrome_skipped": "chrome-kept"}


def format_report(run_key: str, report: dict[str, dict], ledger_head: dict | None = None) -> str:
    """The table; with ``ledger_head`` (position, sha256), the run ledger's head after the run:
    the figure an outsider writes down to witness the archive (`arshif ledger head`)."""
    heads = ["site", *(HEADINGS.get(c, c) for c in COLUMNS)]
    rows = [[site, *(str(figures.get(c, "-")) for c in COLUMNS)] for site, figures in report.items()]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    lines = [f"run {run_key}"]
    for row in [heads, *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)))
    lines.extend(f"{site}: {figures['error']}" for site, figures in report.items() if figures.get("error"))
    alerts = [a for figures in report.values() for a in figures.get("alerts") or []]
    for alert in alerts:
        lines.append(f"ALERT {alert['severity']} {alert['rule']}: {alert['message']}\n"
                     f"      what to do: {alert['action']}")
    if ledger_head:
        lines.append(f"ledger head: position {ledger_head['position']}, sha256 {ledger_head['sha256']}")
    return "\n".join(lines)
