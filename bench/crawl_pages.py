"""The crawl benchmark's site: N distinct Arabic article pages of a realistic size, a sitemap
index over sitemaps of 1,000 URLs each, and a robots.txt.

Each page is one of the demo network's day-1 article pages (three site designs: masthead, menus,
related stories, ticker, footer, JSON-LD, Open Graph) with its paragraphs replaced by new ones from
the demo's prose generator, so no two pages share their text, and padded to about ``page_kb``
with what makes real news pages heavy: inline scripts and styles and a long navigation menu.
Pages are rendered when asked for, from the templates, so 100,000 pages cost no memory.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

ARTICLES_PER_SITEMAP = 1000
_PAD_SCRIPT = "var arshifBench{n}=function(a,b){{return a.map(function(x){{return x*{n}+b;}});}};\n"


@dataclass(frozen=True)
class Template:
    html: str  # with {title} and {body} in place of the article's own headline and paragraphs
    paragraphs: int


def _templates() -> list[Template]:
    from arshif.demo.network import expected_articles, render
    from arshif.demo.sites import DEMO_SITES

    templates = []
    for site in DEMO_SITES:
        for article in expected_articles(site.name, 1):
            status, _headers, body = render(site.name, urlsplit(article.url).path, 1)
            page = body.decode("utf-8", errors="replace") if status == 200 else ""
            if not page or "charset=windows-1256" in page.lower():
                continue
            escaped = [html.escape(p, quote=False) for p in article.paragraphs]
            start = page.find("<body")
            if start < 0 or not all(p in page[start:] for p in escaped):
                continue
            # The first paragraph is in the page's description too: the body's own copy is replaced.
            first = page.rfind("<p", start, page.index(escaped[0], start))
            last = page.index("</p>", page.index(escaped[-1], first)) + len("</p>")
            page = page[:first] + "{body}" + page[last:]
            title = html.escape(article.title, quote=False)
            page = page.replace(title, "{title}")
            page = page.replace("{", "{{").replace("}", "}}").replace("{{body}}", "{body}")
            page = page.replace("{{title}}", "{title}")
            templates.append(Template(page, max(5, len(article.paragraphs))))
    if not templates:
        raise RuntimeError("the demo network rendered no usable article page")
    return templates


class BenchSite:
    """``pages`` article URLs under ``/news/<n>/``, deterministic for a seed. With ``real_pages``
    (a folder of saved pages, ``*.html`` or ``*.html.gz``, e.g. ../shared/eval), page n is the
    n-th of them, in turn, served as saved: no padding, and their texts repeat."""

    def __init__(self, pages: int, page_kb: int = 100, seed: int = 9, real_pages: Path | None = None) -> None:
        self.pages = pages
        self.page_kb = page_kb
        self.seed = seed
        self.real_pages = real_pages

    @cached_property
    def saved(self) -> list[bytes]:
        files = sorted(p for p in self.real_pages.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))
        if not files:
            raise SystemExit(f"no *.html or *.html.gz pages under {self.real_pages}")
        return [gzip.decompress(f.read_bytes()) if f.name.endswith(".gz") else f.read_bytes() for f in files]

    @cached_property
    def templates(self) -> list[Template]:
        return _templates()

    @cached_property
    def prose(self) -> tuple[list[str], list[str]]:
        from bench.search import prose_pool

        return prose_pool(400, self.seed)

    @cached_property
    def padding_units(self) -> list[str]:
        """Whole elements (a script, a style sheet, a menu), so that padding never cuts a tag:
        the weight of a real page's chrome."""
        rng = random.Random(self.seed)
        headlines = self.prose[0]
        units = []
        for block in range(12):
            script = "".join(_PAD_SCRIPT.format(n=block * 40 + n) for n in range(40))
            style = "".join(f".c{block}-{n}{{margin:{n % 7}px;color:#{n:06x}}}" for n in range(40))
            menu = "".join(f'<li><a href="/section/{block}/{i}/">{html.escape(rng.choice(headlines)[:40])}</a></li>'
                           for i in range(12))
            units += [f"<script>{script}</script>", f"<style>{style}</style>",
                      f'<nav class="menu-{block}"><ul>{menu}</ul></nav>']
        return units

    def _padding(self, size: int) -> str:
        parts, total = [], 0
        while total < size:
            unit = self.padding_units[len(parts) % len(self.padding_units)]
            parts.append(unit)
            total += len(unit.encode("utf-8"))
        return "".join(parts)

    def path(self, n: int) -> str:
        return f"/news/{n}/"

    def article(self, n: int) -> bytes:
        if self.real_pages is not None:
            return self.saved[n % len(self.saved)]
        rng = random.Random(self.seed * 1_000_003 + n)
        template = self.templates[n % len(self.templates)]
        headlines, paragraphs = self.prose
        body = "".join(f"<p>{html.escape(rng.choice(paragraphs), quote=False)}</p>\n"
                       for _ in range(template.paragraphs))
        page = template.html.format(title=html.escape(rng.choice(headlines), quote=False), body=body)
        target = self.page_kb * 1024 - len(page.encode("utf-8"))
        if target > 0:
            head = "".join(u for u in self._padding(target // 2).split("</nav>") if "<nav" not in u)
            # Scripts and styles in the head, menus and scripts after the article, as real pages have.
            page = page.replace("</head>", f"{head}</head>", 1)
            tail = self._padding(target - len(head.encode("utf-8")))
            page = page.replace("</body>", f"{tail}</body>", 1)
        return page.encode("utf-8")

    def etag(self, n: int) -> str:
        return '"' + hashlib.sha1(f"{self.seed}:{n}".encode()).hexdigest()[:16] + '"'

    def sitemap_index(self, origin: str) -> bytes:
        count = (self.pages + ARTICLES_PER_SITEMAP - 1) // ARTICLES_PER_SITEMAP
        entries = "".join(f"<sitemap><loc>{origin}/sitemap-{i}.xml</loc></sitemap>" for i in range(count))
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
                ).encode()

    def sitemap(self, origin: str, index: int) -> bytes:
        first = index * ARTICLES_PER_SITEMAP
        urls = "".join(f"<url><loc>{origin}{self.path(n)}</loc><lastmod>2026-11-28</lastmod></url>"
                       for n in range(first, min(first + ARTICLES_PER_SITEMAP, self.pages)))
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()

    @staticmethod
    def robots() -> bytes:
        return b"User-agent: *\nDisallow: /members/\n"
