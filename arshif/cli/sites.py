"""``arshif sites check``: probe each site of a sites file before crawling it; ``arshif sites
list``: what a sites file holds and what the catalog has archived of each site."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from arshif.cli import app

sites_app = typer.Typer(help="List and check the sites of a sites file.", no_args_is_help=True)
app.add_typer(sites_app, name="sites")


def _default_sites() -> Path:
    return Path(__file__).resolve().parent.parent / "demo" / "sites.yaml"


@sites_app.command("list")
def list_sites(
    sites: Annotated[Path | None, typer.Option("--sites", help="sites file (default: the bundled demo's, arshif/demo/sites.yaml)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the sites as JSON")] = False,
) -> None:
    """Every site of the sites file: name, domains, feeds, timezone, enabled, schedule (its
    ``every``), and from the catalog its last run and the articles archived. Reads nothing
    over the network. Exits 2 for a bad sites file."""
    from arshif.config import ConfigError, load_sites

    sites = sites or _default_sites()
    try:
        config = load_sites(sites)
    except ConfigError as exc:
        typer.echo(f"arshif sites list: {exc}", err=True)
        raise typer.Exit(2) from None
    archived = _archived_by_site()
    rows = []
    for site in config.sites:
        seen = archived.get(site.name, {})
        rows.append({"name": site.name, "domains": site.domains, "feeds": site.feeds,
                     "timezone": site.timezone, "enabled": site.enabled, "schedule": f"every {site.every}",
                     "last_run": seen.get("last_run"), "articles_archived": seen.get("articles", 0)})
    if as_json:
        typer.echo(json.dumps({"sites_file": str(sites), "sites": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        state = "enabled" if row["enabled"] else "disabled"
        typer.echo(f"{row['name']} ({state}, {row['schedule']}, {row['timezone']})")
        typer.echo(f"  domains: {', '.join(row['domains'])}")
        typer.echo(f"  feeds: {', '.join(row['feeds']) or '-'}")
        typer.echo(f"  last run: {row['last_run'] or '-'}; articles archived: {row['articles_archived']}")
    typer.echo(f"{len(rows)} site(s), {sum(r['enabled'] for r in rows)} enabled")


def _archived_by_site() -> dict[str, dict]:
    """Each site's last run and distinct articles in the catalog; nothing when the catalog is
    missing or unreadable (listing a sites file needs no archive)."""
    from arshif.catalog import Catalog, CatalogError, catalog_path, is_postgres

    try:
        if not is_postgres() and not catalog_path().exists():
            return {}
        catalog = Catalog()
    except CatalogError as exc:
        typer.echo(f"warning: {exc}; listing without the archive's figures", err=True)
        return {}
    try:
        runs = {r[0]: r[1] for r in catalog.db.execute("SELECT site, MAX(run_key) FROM manifests GROUP BY site")}
        articles = {r[0]: r[1] for r in catalog.db.execute(
            "SELECT site, COUNT(DISTINCT canonical_url) FROM captures WHERE role = 'article' GROUP BY site")}
    finally:
        catalog.close()
    return {site: {"last_run": runs.get(site), "articles": articles.get(site, 0)}
            for site in set(runs) | set(articles)}


@sites_app.command("check")
def check(
    sites: Annotated[Path | None, typer.Option("--sites", help="sites file (default: the bundled demo's, arshif/demo/sites.yaml)")] = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="check only this site (repeatable)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the reports as JSON")] = False,
    timeout: Annotated[float, typer.Option(min=0.1, max=120, help="seconds per request")] = 10.0,
    budget: Annotated[float | None, typer.Option(min=0.1, help="seconds per site at most "
                                                 "(default: six request timeouts)")] = None,
    stale_after: Annotated[float, typer.Option("--stale-after", min=0.1,
                                               help="hours after which the newest item is stale")] = 48.0,
    now: Annotated[str | None, typer.Option("--now", help="reference time for freshness, ISO 8601 "
                                            "(a date is its 00:00 UTC; default: the current time)")] = None,
) -> None:
    """Probe each enabled site: robots.txt, feeds, sitemaps and section pages (reachability,
    newest item, articles listed), and extract one article. Every request passes the crawl's
    address guard and robots.txt. Exits 1 when a site is broken, 2 for a bad sites file."""
    from arshif.sites_check import check_sites

    if sites is None:
        sites = _default_sites()
    config = _load_for_check(sites, site)
    reference = None
    if now is not None:
        try:
            reference = _reference_time(now)
        except ValueError:
            typer.echo(f"arshif sites check: --now {now!r} is not an ISO 8601 date or time "
                       "(e.g. 2026-11-29 or 2026-11-29T12:00:00Z)", err=True)
            raise typer.Exit(2) from None

    def progress(report) -> None:
        detail = f"{report.articles_listed} articles listed"
        if report.newest_item:
            detail += f", newest {report.newest_item}"
        typer.echo(f"sites check: {report.name}: {report.status} ({detail})", err=True)

    reports = check_sites(config, site, timeout=timeout, budget=budget,
                          stale_after=timedelta(hours=stale_after), progress=progress,
                          now=reference)
    broken = [r.name for r in reports if r.status == "broken"]
    if as_json:
        typer.echo(json.dumps({"sites_file": str(sites), "user_agent": config.user_agent,
                               "sites": [r.to_dict() for r in reports], "broken": broken},
                              ensure_ascii=False, indent=2))
    else:
        _print_reports(reports, broken)
    if broken:
        raise typer.Exit(1)


def _load_for_check(sites: Path, names: list[str] | None):
    """The sites file, its warnings printed; exit 2 if it is bad or a --site is not in it."""
    from arshif.config import ConfigError, load_sites

    try:
        config = load_sites(sites)
        for name in names or ():
            config.site(name)
    except ConfigError as exc:
        typer.echo(f"arshif sites check: {exc}", err=True)
        raise typer.Exit(2) from None
    for note in config.warnings():
        typer.echo(f"warning: {note}", err=True)
    return config


def _print_reports(reports: list, broken: list[str]) -> None:
    for report in reports:
        typer.echo(f"{report.name}: {report.status}")
        typer.echo(f"  articles listed: {report.articles_listed}; newest item: {report.newest_item or '-'}")
        if report.sample and not report.sample.get("error"):
            typer.echo(f"  sample: {report.sample['title']!r} ({report.sample['text_chars']} chars, "
                       f"{'Arabic' if report.sample['arabic'] else 'no Arabic'})")
        for reason in report.reasons:
            typer.echo(f"  - {reason}")
        for note in report.notes:
            typer.echo(f"  note: {note}")
    typer.echo(f"{len(reports)} site(s): {sum(r.status == 'ok' for r in reports)} ok, "
               f"{sum(r.status == 'degraded' for r in reports)} degraded, {len(broken)} broken")


def _reference_time(text: str) -> datetime:
    """``--now``: an ISO date (its 00:00 UTC) or time (UTC unless it names a zone)."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
