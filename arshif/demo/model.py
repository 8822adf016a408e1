"""The data the demo network is made of: sites, sections, stories, and what tests may expect."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import quote
from zoneinfo import ZoneInfo

DEMO_HOST_PORT = 8765


@dataclass(frozen=True)
class Section:
    """A section of a site; its articles are written on `topic`, in one of `subtopics`."""

    slug: str
    label: str
    topic: str
    subtopics: tuple[str, ...] = ("",)


@dataclass(frozen=True)
class DemoSite:
    """One demo news site, on its own loopback address."""

    name: str
    title: str  # the site's Arabic name, as in <title> and og:site_name
    host: str
    encoding: str  # what the HTML pages are encoded in
    charset_in_header: bool  # False: the charset is only declared in the page's <meta>
    timezone: str
    sections: tuple[Section, ...]
    members: Section  # the section robots.txt disallows
    members_prefix: str  # "/members" — robots.txt disallows members_prefix + "/"
    section_format: str  # path of a section page, from {slug}
    article_format: str  # path of an article, from {id}, {slug}, {yyyy}, {mm}
    feed_path: str
    feed_kind: str  # "rss" or "atom"
    sitemap_path: str
    article_pattern: str  # regex on the URL path (re.search)
    gzip: bool  # whether the server compresses responses for clients that accept it
    port: int = DEMO_HOST_PORT  # a scaled network's sites (arshif/demo/scale/) answer on another

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def domains(self) -> list[str]:
        return [self.host]

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def section(self, slug: str) -> Section:
        for section in (*self.sections, self.members):
            if section.slug == slug:
                return section
        raise KeyError(f"{self.name} has no section {slug!r}")

    def section_path(self, slug: str) -> str:
        if slug == self.members.slug:
            return self.members_prefix + "/"
        return self.section_format.format(slug=slug)

    def url(self, path: str) -> str:
        """The absolute URL of a path, percent-encoded as a crawler requests it."""
        return self.origin + quote(path, safe="/:@!$&'()*+,;=-._~")

    def iri(self, path: str) -> str:
        """The absolute URL of a path with Arabic left as is, as the site's HTML links it."""
        return self.origin + path


@dataclass(frozen=True)
class Block:
    """One block of an article body: a paragraph ("p") or a subheading ("h2")."""

    kind: str
    text: str


@dataclass(frozen=True)
class Story:
    """One article as a site serves it on some day."""

    site: str
    key: str  # stable across days: "<site>:<id>"
    id: int
    section: str  # section slug
    headline: str
    byline_prefix: str  # "كتب", "بقلم", ... ("" for agency copy)
    author: str
    published: datetime  # aware, in the site's timezone
    modified: datetime | None
    blocks: tuple[Block, ...]
    caption: str
    slug: str  # words of the headline, for sites that put them in the URL
    path: str  # the path as served, Arabic not percent-encoded
    members: bool = False
    first_day: int = 1

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "p"]

    @property
    def subheadings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "h2"]

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    @property
    def image_path(self) -> str:
        return f"/media/{self.published:%Y/%m}/{self.id}.png"


@dataclass(frozen=True)
class ExpectedArticle:
    """What a crawler should archive for one article on one day."""

    site: str
    url: str  # percent-encoded, as in the canonical link, feed and sitemap
    iri: str  # the same URL with Arabic unescaped, as the site's HTML links it
    title: str  # the headline, without the site's name
    paragraphs: list[str]
    subheadings: list[str]
    blocks: list[tuple[str, str]]  # ("p" | "h2", text) in page order
    published: datetime
    modified: datetime | None
    author: str
    section: str

    @property
    def text(self) -> str:
        """The body as lines in page order (subheadings included, headline and caption not)."""
        return "\n".join(text for _, text in self.blocks)


@dataclass(frozen=True)
class Scenario:
    """Which URLs play which part in the day-1 → day-2 story (see arshif/demo/scenario.py)."""

    seed: str  # masr-today's copy of the seed article (also wire_pair[0])
    edited: str  # edited on day 2 (a paragraph reworded, a sentence added) and again on day 3
    chrome_only: str  # day 2 re-render: new related box, ticker and "آخر تحديث" line; same text
    byte_identical: str  # day 2 serves the exact bytes of day 1
    wire_pair: tuple[str, str]  # (masr-today, day 1 and 2; gulf-wire, new on day 2)
    wire_ad_paragraph: str  # the advertising paragraph gulf-wire injected into its copy
    disallowed_prefix: dict[str, str]  # site -> path prefix robots.txt disallows
    disallowed_urls: dict[str, dict[int, list[str]]]  # site -> day -> articles under it
    new_on_day2: dict[str, list[str]]  # site -> articles first served on day 2
    new_on_day3: dict[str, list[str]] = field(default_factory=dict)  # site -> first served on day 3
    unpublished: str = ""  # a day-2 article answering 404 from day 3 (levant-post)
    moved_home: str = ""  # a day-2 article redirecting to the home page from day 3 (gulf-wire)
    feed_tracking_params: dict[str, str] = field(
        default_factory=dict
    )  # site -> query on feed links
