"""What each site of a scaled network answers: the default demo's templates and feeds over the
scaled stories. Pages are rendered per request (30,000 articles would not fit in memory as
pages); listings are small at any scale, except the news sitemap, which is split into child
sitemaps of SITEMAP_URLS under a sitemap index, as large news sites do.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, replace
from datetime import UTC
from email.utils import format_datetime
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import unquote
from xml.sax.saxutils import escape

from arshif.demo.chrome import Chrome, chrome_of
from arshif.demo.model import Story
from arshif.demo.network import XML, Response, html_type, site_page
from arshif.demo.newsroom import Edition
from arshif.demo.scale.newsroom import DAY, ScaledEdition, write_edition
from arshif.demo.scale.sites import (
    CONTROL_HOST,
    DEFAULT_PORT,
    SERVER_NAME,
    ScaledSite,
    scaled_sites,
)
from arshif.demo.static import STYLESHEETS
from arshif.demo.templates import TEMPLATES

SITEMAP_URLS = 500  # per child sitemap (Google takes up to 1,000 in a news sitemap)
SECTION_ITEMS = 30  # a section page lists its newest articles, as a paginated site's first page


def child_sitemap_path(site: ScaledSite, number: int) -> str:
    return site.sitemap_path.removesuffix(".xml") + f"-{number}.xml"


@dataclass
class ScaledNetwork:
    """N sites × M articles; editions are written on first use (`write_all` writes them now).
    Served by arshif/demo/server.py as the default network is (its `Network` protocol)."""

    sites_count: int
    articles: int
    port: int = DEFAULT_PORT
    server_name: ClassVar[str] = SERVER_NAME
    control_host: ClassVar[str] = CONTROL_HOST
    days: ClassVar[tuple[int, ...]] = (DAY,)

    @cached_property
    def sites(self) -> list[ScaledSite]:
        return scaled_sites(self.sites_count, self.port)

    @cached_property
    def by_name(self) -> dict[str, ScaledSite]:
        return {s.name: s for s in self.sites}

    @cached_property
    def _editions(self) -> dict[str, ScaledEdition]:
        return {}

    def edition(self, name: str) -> ScaledEdition:
        if name not in self._editions:
            self._editions[name] = write_edition(self.by_name[name], self.articles)
        return self._editions[name]

    def write_all(self) -> None:
        for site in self.sites:
            self.edition(site.name)

    prepare = write_all  # every article written before the listeners open: /status means ready

    def status(self, day: int, requests: int) -> dict[str, Any]:
        return {
            "server": self.server_name,
            "sites": self.sites_count,
            "articles": self.articles,
            "port": self.port,
            "addresses": {s.name: s.base_url for s in self.sites},
            "requests": requests,
            "pid": os.getpid(),
        }

    def banner(self, day: int) -> str:
        return (f"{self.server_name}: {self.sites_count} sites × {self.articles} articles on port "
                f"{self.port} (control http://{self.control_host}:{self.port}/status)")

    @cached_property
    def _chromes(self) -> dict[str, Chrome]:
        return {}

    def chrome(self, name: str) -> Chrome:
        if name not in self._chromes:
            design, current = self.by_name[name].design, self.edition(name).edition
            self._chromes[name] = chrome_of(design, DAY, current, f"most-read/{name}")
        return self._chromes[name]

    def sitemap_chunks(self, name: str) -> list[tuple[Story, ...]]:
        stories = self.edition(name).edition.stories
        return [stories[i:i + SITEMAP_URLS] for i in range(0, len(stories), SITEMAP_URLS)]

    def _related(self, name: str, story: Story) -> tuple[Story, ...]:
        current = self.edition(name)
        rng = random.Random(f"related/{story.key}")
        same = [s for s in current.by_section.get(story.section, ())[:50]
                if s.key != story.key and not s.members]
        other = [s for s in current.edition.stories[:50] if s.section != story.section]
        return tuple(rng.sample(same, min(2, len(same))) + rng.sample(other, min(2, len(other))))

    def render(self, name: str, raw_path: str, day: int = DAY) -> Response:
        """What site `name` answers for GET `raw_path` (percent-encoded or not; query ignored),
        on its only day."""
        site = self.by_name[name]
        path = unquote(raw_path.split("#", 1)[0].split("?", 1)[0] or "/", errors="replace")
        current = self.edition(name)
        story = current.by_path.get(path)
        if story is not None:
            text = TEMPLATES[site.design].article(self.chrome(name), story, self._related(name, story))
            return 200, {
                "Content-Type": html_type(site),
                "Last-Modified": format_datetime(story.published.astimezone(UTC), usegmt=True),
                "Cache-Control": "public, max-age=300",
            }, text.encode(site.encoding)
        if path == site.sitemap_path and len(self.sitemap_chunks(name)) > 1:
            return 200, {"Content-Type": XML}, self._sitemap_index(site).encode()
        kind, subject, listed = self._page_of(site, path)
        return site_page(kind, site, site.design, self.chrome(name), listed, subject)

    def _page_of(self, site: ScaledSite, path: str) -> tuple[str, object, Edition]:
        """Which of network.site_page's pages `path` is, its subject, and the stories it lists."""
        current = self.edition(site.name)
        if path == "/":
            return "home", None, current.edition
        for section in (*site.sections, site.members):
            if path == site.section_path(section.slug):
                listed = current.by_section.get(section.slug, ())[:SECTION_ITEMS]
                return "section", (section, listed), current.edition
        if path == site.feed_path:
            return "feed", None, current.edition
        if path == "/robots.txt":
            return "robots", None, current.edition
        if path == STYLESHEETS[site.design][0]:
            return "css", None, current.edition
        if path == site.sitemap_path:  # one urlset: the sitemap index is answered before
            return "sitemap", None, current.edition
        chunks = self.sitemap_chunks(site.name)
        for number, chunk in enumerate(chunks, 1):
            if len(chunks) > 1 and path == child_sitemap_path(site, number):
                return "sitemap", None, replace(current.edition, stories=chunk)
        if path.startswith("/media/") and path.endswith(".png"):
            story_id = path.rsplit("/", 1)[1].removesuffix(".png")
            if story_id.isdigit() and int(story_id) in current.by_id:
                return "image", int(story_id), current.edition
        return "not_found", None, current.edition

    def _sitemap_index(self, site: ScaledSite) -> str:
        """The news sitemap of a large site: an index over child urlsets of SITEMAP_URLS."""
        entries = "\n".join(
            f"  <sitemap><loc>{escape(site.url(child_sitemap_path(site, n)))}</loc></sitemap>"
            for n in range(1, len(self.sitemap_chunks(site.name)) + 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{entries}\n</sitemapindex>\n")
