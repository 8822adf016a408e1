"""Memento (RFC 7089) pieces: HTTP dates, 14-digit stamps, Link headers and TimeMaps."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from arshif.retrieve import capture_time
from arshif.retrieve import second_of as stamp  # the capture's 14-digit Wayback timestamp

__all__ = ["Links", "http_date", "parse_http_date", "stamp"]


def http_date(row: dict) -> str:
    return format_datetime(capture_time(row).astimezone(UTC).replace(microsecond=0), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    """An Accept-Datetime (RFC 1123), or None when it cannot be read."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


class Links:
    """The replay origin's addresses for one original URL."""

    def __init__(self, base: str, original: str) -> None:
        self.base, self.original = base.rstrip("/"), original

    def memento(self, row: dict) -> str:
        return f"{self.base}/web/{stamp(row)}/{row['url']}"

    @property
    def timegate(self) -> str:
        return f"{self.base}/timegate/{self.original}"

    @property
    def timemap(self) -> str:
        return f"{self.base}/timemap/link/{self.original}"

    def header(self, rows: list[dict], current: dict | None = None) -> str:
        """The Link header of a memento (or of a TimeGate's answer)."""
        parts = [f'<{self.original}>; rel="original"', f'<{self.timegate}>; rel="timegate"',
                 f'<{self.timemap}>; rel="timemap"; type="application/link-format"']
        marked: dict[int, tuple[dict, list[str]]] = {}
        for row, word in ((rows[0], "first"), (rows[-1], "last"), (current, "")) if rows else ():
            if row is not None:
                marked.setdefault(id(row), (row, []))[1].append(word)
        for row, words in marked.values():
            rel = " ".join([w for w in words if w] + ["memento"])
            parts.append(f'<{self.memento(row)}>; rel="{rel}"; datetime="{http_date(row)}"')
        return ", ".join(parts)

    def timemap_body(self, rows: list[dict]) -> str:
        """application/link-format: original, timegate, self, then every memento, oldest first."""
        lines = [f'<{self.original}>; rel="original"',
                 f'<{self.timegate}>; rel="timegate"',
                 f'<{self.timemap}>; rel="self"; type="application/link-format"; '
                 f'from="{http_date(rows[0])}"; until="{http_date(rows[-1])}"']
        for i, row in enumerate(rows):
            words = [w for w, hit in (("first", i == 0), ("last", i == len(rows) - 1)) if hit]
            rel = " ".join([*words, "memento"])
            lines.append(f'<{self.memento(row)}>; rel="{rel}"; datetime="{http_date(row)}"')
        return ",\n".join(lines) + "\n"
