"""Which captures an export holds: a site's, an article's (any alias) or a story cluster's,
within a window of capture time (UTC, dates inclusive), never a withdrawn article's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from arshif.catalog import Catalog
from arshif.retrieve import BadTimestamp, NoCapture, Withdrawn, capture_time, history, parse_when

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SelectionError(ValueError):
    """The selection cannot be made as asked (bad option values): a usage error."""


class NothingSelected(LookupError):
    """The selection is well formed, but the archive holds nothing that matches it."""


@dataclass(frozen=True)
class Selection:
    site: str | None = None
    url: str | None = None
    cluster: str | None = None
    since: str | None = None  # as given: a date (from its 00:00 UTC) or a time
    until: str | None = None  # as given: a date (to its end, inclusive) or a time

    def __post_init__(self) -> None:
        given = [name for name in ("site", "url", "cluster") if getattr(self, name)]
        if len(given) != 1:
            raise SelectionError("choose what to export with exactly one of --site S, --url URL, "
                                 f"--cluster ID (given: {', '.join('--' + g for g in given) or 'none'})")
        start, end = self.window()
        if start and end and start >= end:
            raise SelectionError(f"--from {self.since} is after --to {self.until}: nothing can be in between")

    def window(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) in UTC: a date given as --to counts whole (its next 00:00 is the end)."""
        return bound(self.since, "--from", end=False), bound(self.until, "--to", end=True)

    def describe(self) -> str:
        what = (f"site {self.site}" if self.site else f"article {self.url}" if self.url
                else f"story cluster {self.cluster}")
        if self.since or self.until:
            what += f", captured {self.since or 'from the start'} to {self.until or 'now'} (UTC)"
        return what

    def to_dict(self) -> dict:
        start, end = self.window()
        return {"site": self.site, "url": self.url, "cluster": self.cluster, "from": self.since,
                "to": self.until, "window_utc": {"start": iso(start), "end_exclusive": iso(end)}}


def bound(value: str | None, option: str, end: bool) -> datetime | None:
    if value is None:
        return None
    text = value.strip()
    try:
        moment = parse_when(text)
    except BadTimestamp as exc:
        raise SelectionError(f"{option}: {exc}") from None
    if end and DATE.match(text):
        return moment + timedelta(days=1)
    # A time given as --to is included: the window ends just after it.
    return moment + timedelta(microseconds=1) if end else moment


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def select_captures(catalog: Catalog, selection: Selection) -> list[dict]:
    """The selected captures (catalog rows), oldest first. Raises NothingSelected, saying why."""
    if selection.site:
        rows = _rows(catalog, "SELECT * FROM captures WHERE site = ? ORDER BY timestamp, record_id",
                     (selection.site,))
        if not rows:
            sites = [r[0] for r in catalog.db.execute("SELECT DISTINCT site FROM captures ORDER BY site")]
            raise NothingSelected(f"no capture of site {selection.site!r} in the catalog; sites archived: "
                                  f"{', '.join(sites) or 'none (run `arshif run` first)'}")
    elif selection.url:
        try:
            rows = history(catalog, selection.url)
        except Withdrawn as exc:
            raise NothingSelected(str(exc)) from None
        except NoCapture as exc:
            raise NothingSelected(f"{exc}; `arshif history URL` lists what the archive holds") from None
    else:
        # Every capture of every article of the story, also those captured before the story
        # had a cluster (the cluster id is stamped on captures from the one that joined it on).
        rows = _rows(catalog, "SELECT * FROM captures WHERE canonical_url IN "
                     "(SELECT canonical_url FROM captures WHERE cluster = ?) ORDER BY timestamp, record_id",
                     (selection.cluster,))
        if not rows:
            raise NothingSelected(f"no story cluster {selection.cluster!r} in the catalog; "
                                  "`arshif cluster URL` names an article's cluster (c-…)")
    # Withdrawn articles (takedowns) are never exported, whatever the selection.
    withdrawn = catalog.withdrawn()
    rows = [r for r in rows if r["canonical_url"] not in withdrawn]
    if not rows:
        raise NothingSelected(f"every capture of {selection.describe().split(',')[0]} is withdrawn "
                              "by a takedown; `arshif takedowns` lists them")
    start, end = selection.window()
    kept = [r for r in rows if (start is None or capture_time(r) >= start)
            and (end is None or capture_time(r) < end)]
    if not kept:
        raise NothingSelected(
            f"{len(rows)} capture(s) of {selection.describe().split(',')[0]}, but none captured between "
            f"{iso(start) or 'the start'} and {iso(end) or 'now'} (UTC); they run from "
            f"{rows[0]['timestamp']} to {rows[-1]['timestamp']}")
    return kept


def _rows(catalog: Catalog, sql: str, params: tuple) -> list[dict]:
    return [dict(r) for r in catalog.db.execute(sql, params)]
