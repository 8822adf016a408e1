"""The demo network's public face: what each URL answers on each day, and what to expect of it.

`render` is all the server does per request, so tests can check pages without a socket;
`expected_articles`, `scenario` and `sites_yaml` tell the rest of arshif what a correct crawl of
the network archives.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from functools import cache
from typing import Any, ClassVar
from urllib.parse import unquote

from arshif.demo import feeds
from arshif.demo.chrome import Chrome, chrome, related
from arshif.demo.model import DEMO_HOST_PORT, DemoSite, ExpectedArticle, Section, Story
from arshif.demo.newsroom import Edition, edition
from arshif.demo.sites import (
    CONTROL_HOST,
    DAYS,
    DEMO_SITES,
    SERVER_NAME,
    check_day,
    network_version,
    site_named,
)
from arshif.demo.static import STYLESHEETS, placeholder_png
from arshif.demo.templates import TEMPLATES

Response = tuple[int, dict[str, str], bytes]

XML = "application/xml; charset=utf-8"
FEED_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
_TRAILING_ID = re.compile(r"-(\d+)$")


def html_type(site: DemoSite) -> str:
    return f"text/html; charset={site.encoding}" if site.charset_in_header else "text/html"


@cache
def _routes(site_name: str, day: int) -> dict[str, tuple[str, object]]:
    """Every path the site answers on `day` (Arabic unescaped) → (kind, subject)."""
    site = site_named(site_name)
    current = edition(site_name, day)
    routes: dict[str, tuple[str, object]] = {
        "/": ("home", None),
        "/robots.txt": ("robots", None),
        site.feed_path: ("feed", None),
        site.sitemap_path: ("sitemap", None),
        STYLESHEETS[site_name][0]: ("css", None),
    }
    for section in (*site.sections, site.members):
        routes[site.section_path(section.slug)] = ("section", section)
    for story in (*current.stories, *current.members):
        routes[story.path] = ("article", story)
        routes[story.image_path] = ("image", story)
    for story in current.moved_home:  # unpublished, and sent home (the unpublished `gone` are 404)
        routes[story.path] = ("moved_home", story)
    return routes


def _article(site: DemoSite, story: Story, day: int) -> Response:
    # the byte-identical article keeps the page it had on day 1, chrome and all
    page_day = 1 if story.key in edition(site.name, day).frozen else day
    template = TEMPLATES[site.name]
    text = template.article(
        chrome(site.name, page_day), story, related(site.name, story.key, page_day)
    )
    body = text.encode(site.encoding)
    headers = {
        "Content-Type": html_type(site),
        "Last-Modified": format_datetime(
            (story.modified or story.published).astimezone(UTC), usegmt=True
        ),
        "ETag": '"' + hashlib.sha1(body).hexdigest()[:20] + '"',
        "Cache-Control": "public, max-age=300",
    }
    return 200, headers, body


def _redirect(site: DemoSite, path: str) -> Response:
    body = f'<html><body><a href="{site.url(path)}">Moved</a></body></html>'.encode()
    return 301, {"Location": site.url(path), "Content-Type": "text/html"}, body


def _not_found(site: DemoSite, day: int) -> Response:
    return site_page("not_found", site, site.name, chrome(site.name, day), edition(site.name, day))


def site_page(kind: str, site: DemoSite, design: str, page_chrome: Chrome, listed: Edition,
              subject: object = None) -> Response:
    """A page of `site` other than an article, for either network (a scaled site renders with
    its `design`'s templates): "home", "section" (subject: the Section and the stories it
    lists), "feed" and "sitemap" (of `listed`), "robots", "css", "image" (subject: the story's
    id) or "not_found"."""
    template = TEMPLATES[design]
    page = html_type(site)
    if kind == "home":
        return 200, {"Content-Type": page}, template.home(page_chrome).encode(site.encoding)
    if kind == "section":
        section, stories = subject  # type: ignore[misc]
        text = template.section(page_chrome, section, stories)
        return 200, {"Content-Type": page}, text.encode(site.encoding)
    if kind == "feed":
        text = feeds.atom(listed) if site.feed_kind == "atom" else feeds.rss(listed)
        return 200, {"Content-Type": FEED_TYPES[site.feed_kind]}, text.encode()
    if kind == "sitemap":
        return 200, {"Content-Type": XML}, feeds.news_sitemap(listed).encode()
    if kind == "robots":
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, feeds.robots(site).encode()
    if kind == "css":
        return 200, {"Content-Type": "text/css; charset=utf-8"}, STYLESHEETS[design][1].encode()
    if kind == "image":
        assert isinstance(subject, int)
        return 200, {"Content-Type": "image/png", "Cache-Control": "max-age=86400"}, placeholder_png(subject)
    assert kind == "not_found", kind
    return 404, {"Content-Type": page}, template.not_found(page_chrome).encode(site.encoding)


def _alias(site: DemoSite, path: str, day: int) -> str | None:
    """The canonical path of a near miss: a missing trailing slash, an outdated slug."""
    routes = _routes(site.name, day)
    if path + "/" in routes:
        return path + "/"
    match = _TRAILING_ID.search(path)
    if match and re.search(site.article_pattern, path):
        for kind, subject in routes.values():
            if kind == "article" and isinstance(subject, Story) and subject.id == int(match[1]):
                return subject.path
    return None


@cache
def _render_route(site_name: str, path: str, day: int) -> Response:
    """The response for a path the site has (see `_routes`); pages are built once per day."""
    site = site_named(site_name)
    current = edition(site_name, day)
    kind, subject = _routes(site_name, day)[path]
    if kind == "article":
        assert isinstance(subject, Story)
        return _article(site, subject, day)
    if kind == "moved_home":
        return _redirect(site, "/")
    if kind == "section":
        assert isinstance(subject, Section)
        subject = (subject, current.by_section(subject.slug))
    elif kind == "image":
        assert isinstance(subject, Story)
        subject = subject.id
    return site_page(kind, site, site_name, chrome(site_name, day), current, subject)


def render(site: str, path: str, day: int) -> Response:
    """What `site` answers for GET `path` on `day`: (status, headers, body).

    The path may be percent-encoded or not, and carry a query (ignored, as the sites do).
    """
    check_day(day)
    path = unquote(path.split("#", 1)[0].split("?", 1)[0] or "/", errors="replace")
    demo_site = site_named(site)
    if path in _routes(site, day):
        status, headers, body = _render_route(site, path, day)
    else:
        canonical = _alias(demo_site, path, day)
        status, headers, body = (
            _redirect(demo_site, canonical) if canonical else _not_found(demo_site, day)
        )
    return status, dict(headers), body


def expected_articles(site: str, day: int) -> list[ExpectedArticle]:
    """Every article a crawler that obeys robots.txt should archive from `site` on `day`."""
    demo_site = site_named(site)
    current = edition(site, day)
    result = []
    for story in current.stories:
        result.append(
            ExpectedArticle(
                site=site,
                url=demo_site.url(story.path),
                iri=demo_site.iri(story.path),
                title=story.headline,
                paragraphs=story.paragraphs,
                subheadings=story.subheadings,
                blocks=[(b.kind, b.text) for b in story.blocks],
                published=story.published,
                modified=story.modified,
                author=story.author,
                section=story.section,
            )
        )
    return result


DEFAULT_SITES_HEADER = (
    "# The offline demo news network, served on loopback by `arshif demo start`.\n"
    "# Generated by arshif.demo.network.sites_yaml(); day 2's URLs are day 1's."
)


def sites_yaml(sites: Sequence[DemoSite] = DEMO_SITES, header: str = DEFAULT_SITES_HEADER) -> str:
    """The sites file (YAML) of the demo network (or of `sites`, a scaled one's), as
    `arshif run --sites` reads it."""
    allowed = ", ".join(json.dumps(f"{s.host}:{s.port}") for s in sites)
    lines = [*header.splitlines(), f"allow_private_addresses: [{allowed}]", "sites:"]
    for site in sites:
        lines += [
            f"  - name: {site.name}",
            f"    domains: {json.dumps(site.domains)}",
            f"    feeds: {json.dumps([site.url(site.feed_path)])}",
            f"    sitemaps: {json.dumps([site.url(site.sitemap_path)])}",
            "    start_urls:",
            f"      - {site.url('/')}",
            *(f"      - {site.url(site.section_path(s.slug))}" for s in site.sections),
            # Listed like any section, though robots.txt disallows it: the crawl must refuse it.
            f"      - {site.url(site.section_path(site.members.slug))}",
            f"    article_pattern: '{site.article_pattern}'",
            f"    timezone: {site.timezone}",
            # Our own server on loopback: no need for the real web's one request a second.
            "    politeness: {delay: 0.02, concurrency: 4}",
        ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class DefaultNetwork:
    """The three demo sites as arshif/demo/server.py serves them, day by day (a scaled network,
    arshif/demo/scale/pages.py, is served by the same server)."""

    port: int = DEMO_HOST_PORT  # another only for a server in a test; the pages link to 8765
    server_name: ClassVar[str] = SERVER_NAME
    control_host: ClassVar[str] = CONTROL_HOST
    days: ClassVar[tuple[int, ...]] = DAYS
    sites: ClassVar[tuple[DemoSite, ...]] = tuple(DEMO_SITES)

    def prepare(self) -> None:
        """Builds every day's pages, before the first request would wait on it."""
        for site in self.sites:
            for day in self.days:
                render(site.name, "/", day)

    def render(self, site: str, path: str, day: int) -> Response:
        return render(site, path, day)

    def status(self, day: int, requests: int) -> dict[str, Any]:
        return {
            "server": self.server_name,
            "day": day,
            "days": list(self.days),
            "sites": [s.name for s in self.sites],
            "addresses": {s.name: s.base_url for s in self.sites},
            "pid": os.getpid(),
            "version": network_version(),
        }

    def banner(self, day: int) -> str:
        return (f"{self.server_name}: serving day {day} on {', '.join(s.base_url for s in self.sites)}"
                f" (control http://{self.control_host}:{self.port}/status)")
