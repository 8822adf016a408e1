"""``arshif extract FILE``: print the article extracted from one saved page as JSON."""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from pathlib import Path
from typing import Annotated

import typer

from arshif.cli import app


def read_page(file: str) -> bytes:
    """The bytes of ``file`` (``-`` = stdin), gunzipped when they are gzip data."""
    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        data = Path(file).read_bytes()
    # Test the magic number, not the name: saved pages are often .html holding gzip bytes.
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


@app.command("extract")
def extract(
    file: Annotated[str, typer.Argument(help="saved HTML page (.gz allowed), or - for stdin")],
    url: Annotated[str | None, typer.Option(help="the page's URL")] = None,
    content_type: Annotated[
        str | None, typer.Option("--content-type", help="HTTP Content-Type, for its charset")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="IANA zone the site publishes in, e.g. Africa/Cairo: UTC times on the page are "
            "read as that zone's day (default: none; the page's own offsets decide)"
        ),
    ] = None,
    captured_at: Annotated[
        str | None,
        typer.Option(
            "--captured-at",
            help="when the page was fetched (ISO 8601, e.g. 2024-03-07T10:00:00Z); no later "
            "date is reported (default: now)",
        ),
    ] = None,
) -> None:
    """Print the article extracted from FILE as JSON."""
    from arshif.extract import extract_article
    from arshif.extract.dates import zone
    from arshif.frontier import parse_time

    try:
        zone(timezone)
    except ValueError as exc:
        typer.echo(f"arshif extract: {exc}", err=True)
        raise typer.Exit(2) from exc
    captured = parse_time(captured_at)
    if captured_at and captured is None:
        typer.echo(
            f"arshif extract: --captured-at {captured_at!r} is not an ISO 8601 time "
            "(e.g. 2024-03-07T10:00:00Z)",
            err=True,
        )
        raise typer.Exit(2)
    try:
        body = read_page(file)
    except (OSError, EOFError, zlib.error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        typer.echo(f"arshif extract: cannot read {file}: {reason}", err=True)
        raise typer.Exit(2) from exc
    article = extract_article(
        body, url=url, content_type=content_type, timezone=timezone, captured_at=captured
    )
    typer.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
