"""``arshif search``: articles by the words of their text (arshif/search)."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta

import typer

from arshif.cli import app

_BOLD, _PLAIN = "\033[1m", "\033[0m"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _bound(value: str | None, name: str, end: bool = False) -> datetime | None:
    """A --from/--to value as a time; a bare date as --to means up to the end of that day."""
    from arshif.retrieve import BadTimestamp, parse_when

    if value is None:
        return None
    try:
        moment = parse_when(value)
    except BadTimestamp as exc:
        raise _fail(f"{name}: {exc}", 2) from None
    if end and len(value.strip()) == 10:  # YYYY-MM-DD
        moment += timedelta(days=1)
    return moment


def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise _fail(f"{name}: {value!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-29", 2) from None


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help='Words that must all appear (any diacritics, alef or '
                                'ة/ه spelling, digits), each in any form with the same light stem '
                                '(بالقاهرة finds القاهرة); "quoted words" must appear together, as typed.'),
    site: str | None = typer.Option(None, "--site", help="Only this site's articles."),
    since: str | None = typer.Option(None, "--from", help="Only versions in the archive at or after "
                                     "this time (2026-11-29, 2026-11-29T08:15Z, 20261129081502)."),
    until: str | None = typer.Option(None, "--to", help="Only versions captured before this time "
                                     "(a bare date: up to the end of that day)."),
    published_from: str | None = typer.Option(None, "--published-from",
                                              help="Only articles published on or after this date."),
    published_to: str | None = typer.Option(None, "--published-to",
                                            help="Only articles published on or before this date."),
    limit: int = typer.Option(20, "--limit", help="How many articles (1-200)."),
    offset: int = typer.Option(0, "--offset", help="Skip this many articles (the next page)."),
    every: bool = typer.Option(False, "--all", help="One result per article (every copy of a story "
                               "on its own), not one per story."),
    as_json: bool = typer.Option(False, "--json", help="Print the query, filters and hits as JSON (with "
                                 "--all: one per article; else one per story, with versions, copies, "
                                 "sites, cluster and members: every article of the story)."),
) -> None:
    """Archived articles containing the words, best first (bm25; the words as typed before other
    forms of them, the title before the text): site, capture date, title, URL
    and a passage of the original text with the words marked. One result per story: an
    article's versions and its near-copies on this and other sites (its story cluster, see
    `arshif cluster`) are one result, the best-matching copy at its best version, then
    "N versions · M copies on K sites"; --limit and --offset count stories. --all lists every
    article instead. Articles withdrawn by a takedown are never shown."""
    start, end = _bound(since, "--from"), _bound(until, "--to", end=True)
    published = (_day(published_from, "--published-from"), _day(published_to, "--published-to"))
    page = _ask(query, every, site=site, since=start, until=end, limit=limit, offset=offset,
                published_since=published[0], published_until=published[1])
    results = page.hits if every else page.stories
    if as_json:
        typer.echo(json.dumps({
            "query": query, "site": site, "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None, "published_from": published[0],
            "published_to": published[1], "limit": limit, "offset": offset, "ranked_all": page.ranked_all,
            "grouped": not every, "hits": [r.to_dict() for r in results]}, ensure_ascii=False, indent=2))
    elif not results:
        typer.echo("no archived article matches" + (" on the next page" if offset else ""), err=True)
    else:
        _print_results(results, every)


def _ask(query: str, every: bool, **filters):
    """The page of hits (``every``) or of stories for ``query``; says on stderr when the newest
    matches only were ranked, or when run parts are missing from the index."""
    from arshif.catalog import Catalog, CatalogError
    from arshif.search import IndexMissing, QueryError, index_status, search_page
    from arshif.search.stories import search_stories

    try:
        catalog = Catalog()
    except CatalogError as exc:
        raise _fail(str(exc), 1) from None
    try:
        page = (search_page if every else search_stories)(catalog, query, **filters)
        status = index_status(catalog)
    except QueryError as exc:
        raise _fail(f"{exc} (see `arshif search --help`)", 2) from None
    except IndexMissing as exc:
        raise _fail(str(exc), 1) from None
    finally:
        catalog.close()
    if not page.ranked_all:
        typer.echo("note: these words are in very many articles; the newest matches were ranked: add a "
                   "word, a \"phrase\", --site or --from/--to to narrow them", err=True)
    missing = status["run_parts"] - status["run_parts_indexed"]
    if missing > 0:
        typer.echo(f"warning: {missing} of {status['run_parts']} archived run parts are not in the search "
                   "index (applied before search existed): run `arshif reindex` to search them too", err=True)
    return page


def _print_results(results: list, every: bool) -> None:
    from arshif.search import render

    bold = sys.stdout.isatty()
    before, after = (_BOLD, _PLAIN) if bold else ("«", "»")
    for result in results:
        hit = result if every else result.hit
        version = f"v{hit.version}" if hit.version is not None else "-"
        title = render(hit.title, hit.title_highlights, _BOLD, _PLAIN) if bold else hit.title
        typer.echo(f"{hit.rank:>3}. {hit.site}  {hit.captured_at[:16].replace('T', ' ')}  {version}  {title}\n"
                   f"     {hit.url}\n"
                   f"     {render(hit.snippet, hit.highlights, before, after)}")
        if not every and (result.versions > 1 or result.copies > 1):
            typer.echo(f"     {story_line(result)}")


def story_line(story) -> str:
    """"2 versions · 4 copies on 3 sites", and the commands that list them."""
    counts = f"{_count(story.versions, 'version')} · {_count(story.copies, 'copy', 'copies')} on " \
             f"{_count(story.sites, 'site')}"
    where = [f"arshif history {story.hit.url}"] if story.versions > 1 else []
    if story.copies > 1:
        where.append(f"arshif cluster {story.hit.url}")
    return f"{counts}  ({'; '.join(where)})"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
