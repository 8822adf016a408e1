"""From a request to what ``arshif.retrieve`` needs: checked URLs and times, the catalog of the
worker thread; and ``retrieve``'s refusals (takedowns, nothing archived) as HTTP errors. Which
capture answers is chosen in ``arshif.retrieve`` alone, as for the CLI.

A URL given to the server is only ever a key looked up in the catalog, never a path opened on
disk; still, anything that is not an absolute http(s) URL (a file path, ``..`` segments, raw or
percent-encoded, NUL and other control characters) is refused before any lookup, so that the
answer to a probe is a plain 400.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import unquote, urlsplit

from arshif.serve.errors import MAX_REQUEST_TARGET, ApiError

EXAMPLE_URL = "http://example.com/news/1234/"
TIME_FORMATS = ["2026-11-29", "2026-11-29T08:15:02Z", "2026-11-29T10:15+02:00", "20261129081502"]


def checked_url(url: str | None, name: str = "url") -> str:
    """``url`` if it can name an archived page, else ApiError 400 saying what is accepted."""
    if url is None or not url.strip():
        raise ApiError(400, f"missing {name}", f"give the page's address: ?{name}={EXAMPLE_URL}")
    if len(url.encode()) > MAX_REQUEST_TARGET:
        raise ApiError(414, f"{name} is {len(url.encode())} bytes long",
                       f"URLs up to {MAX_REQUEST_TARGET} bytes are accepted")
    decoded = unquote(unquote(url))  # twice: %252e%252e is ``..`` to a server that decodes twice
    if any(ord(c) < 0x20 or c == "\x7f" for c in decoded):
        raise ApiError(400, f"{name} contains a NUL or control character", "give a plain http(s) URL")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ApiError(400, f"{name} {url[:200]!r} is not an absolute http(s) URL",
                       f"archived pages are named by their web address, e.g. {EXAMPLE_URL}")
    segments = unquote(unquote(parts.path)).replace("\\", "/").split("/")
    if any(s in ("..", ".") for s in segments):
        raise ApiError(400, f"{name} has '.' or '..' path segments",
                       "give the page's address as a browser shows it (no dot segments)")
    return url.strip()


def checked_time(value: str | None, name: str = "at") -> datetime | None:
    from arshif.retrieve import BadTimestamp, parse_when

    if value is None or value == "":
        return None
    if len(value) > 64 or "\x00" in value:
        raise ApiError(400, f"{name} is not a time", accepted=TIME_FORMATS)
    try:
        return parse_when(value)
    except BadTimestamp as exc:
        raise ApiError(400, f"{name}: {exc}", accepted=TIME_FORMATS) from None


class Catalogs:
    """One catalog connection per worker thread (sqlite3 connections stay in their thread),
    reopened when the file was replaced (``arshif reindex`` swaps a new one in)."""

    def __init__(self, path=None) -> None:
        self.path = path
        self.local = threading.local()

    def get(self):
        from arshif.catalog import Catalog, catalog_path, is_postgres

        if self.path is None and is_postgres():  # a database server: no file to watch
            held = getattr(self.local, "held", None)
            if held is None:
                self.local.held = held = (Catalog(), None)
            return held[0]
        path = self.path or catalog_path()
        inode = os.stat(path).st_ino if os.path.exists(path) else None
        held = getattr(self.local, "held", None)
        if held is None or held[1] != inode or held[0].path != path:
            if held is not None:
                held[0].close()
            catalog = Catalog(path)
            self.local.held = held = (catalog, os.stat(path).st_ino)
        return held[0]


def withdrawn_error(url: str, takedown: dict) -> ApiError:
    """410 for an article under a takedown, saying (as the CLI does) whether it was purged."""
    purged = " and purged" if takedown.get("purged_at") else ""
    return ApiError(410, f"{url} was withdrawn from access{purged}", "a takedown removed it from every access path",
                    takedown={"id": takedown["id"], "decided_at": takedown["decided_at"]})


NOT_ARCHIVED_HINT = ("check the address (any alias of an article works: AMP, tracking parameters, encoded or "
                     "raw Arabic path); /api/search finds articles by their words")


@contextmanager
def refusals(hint: str = NOT_ARCHIVED_HINT) -> Iterator[None]:
    """``arshif.retrieve``'s refusals as HTTP errors: a takedown is 410 (with the takedown's id),
    anything not archived 404 with ``hint``."""
    from arshif.retrieve import NoCapture, Withdrawn

    try:
        yield
    except Withdrawn as exc:
        raise withdrawn_error(exc.url, exc.takedown) from None
    except NoCapture as exc:
        raise ApiError(404, str(exc), hint) from None
