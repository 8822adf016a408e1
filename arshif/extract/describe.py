"""What a page says about itself beyond title and dates: section, tags, lead image, canonical
URL, each returned with where it was read, so that an archivist can cite it.

Sources, most specific first: the page's own ``<meta>`` tags and JSON-LD, then breadcrumbs,
then what trafilatura inferred (category and tag links), which is the weakest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract import meta
from arshif.textnorm import normalize_for_matching


@dataclass(frozen=True)
class Found:
    value: Any
    source: str


_SECTION_META = ("article:section", "og:article:section", "section", "parsely-section")
# First crumbs that only lead home.
_HOME = {"الرئيسية", "الصفحة الرئيسية", "home", "homepage", "accueil", "الرئيسيه"}
_MAX_SECTION_CHARS = 60
# A "breadcrumb" element with more links than this is a menu or a wrapper, not a trail.
_MAX_CRUMBS = 8
# "breadcrumb", "Breadcrumbs", "breadCrumb"…: "rumb" is in every spelling and in little else.
_BREADCRUMB = XPath(
    "//body//*[contains(@class, 'rumb') or contains(@id, 'rumb') or contains(@itemtype, 'rumb')"
    " or contains(@aria-label, 'rumb')]"
)


def _clean(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    # JSON-LD sits in a <script>, so its entities were never decoded.
    text = " ".join(html.unescape(value).split())
    return text or None


def _crumb_name(item: dict[str, Any]) -> str | None:
    name = item.get("name")
    inner = item.get("item")
    if not name and isinstance(inner, dict):
        name = inner.get("name")
    return _clean(name)


def _usable_crumbs(names: list[str], title: str | None) -> list[str]:
    title_key = normalize_for_matching(title or "")
    kept = []
    for name in names:
        key = normalize_for_matching(name)
        if not key or key in _HOME or key == title_key or len(name) > _MAX_SECTION_CHARS:
            continue
        kept.append(name)
    return kept


def _jsonld_breadcrumbs(tree: HtmlElement) -> list[str]:
    for obj in meta.jsonld_objects(tree):
        if "breadcrumblist" not in meta.types(obj):
            continue
        items = obj.get("itemListElement")
        if not isinstance(items, list):
            continue
        ordered = sorted(
            (item for item in items if isinstance(item, dict)),
            key=lambda item: item.get("position") if isinstance(item.get("position"), int) else 0,
        )
        return [name for item in ordered if (name := _crumb_name(item))]
    return []


def _html_breadcrumbs(tree: HtmlElement) -> list[str]:
    for trail in _BREADCRUMB(tree):
        links = [" ".join(a.text_content().split()) for a in trail.iter("a")]
        items = [" ".join(li.text_content().split()) for li in trail.iter("li")]
        names = [name for name in (items if len(items) > len(links) else links) if name]
        if 0 < len(names) <= _MAX_CRUMBS:
            return names
    return []


def breadcrumbs(tree: HtmlElement, html: str | None = None) -> list[tuple[list[str], str]]:
    """The page's breadcrumb trails, with their sources. Read before chrome removal, which
    may take a trail for page furniture. ``html``, the page's source, saves the walk over
    the page when it never says "rumb"."""
    declared = _jsonld_breadcrumbs(tree)
    if declared:
        return [(declared, "json-ld:BreadcrumbList")]
    if html is not None and "rumb" not in html:
        return []
    return [(_html_breadcrumbs(tree), "breadcrumb")]


def declared_section(tree: HtmlElement) -> Found | None:
    """The section (desk) the page's metadata files the article under."""
    for key in _SECTION_META:
        value = _clean(meta.meta_content(tree, key))
        if value:
            return Found(value, f"meta:{key}")
    value = _clean(meta.jsonld_value(tree, "articleSection"))
    if value:
        return Found(value, "json-ld:articleSection")
    return None


def trail_section(
    trails: list[tuple[list[str], str]], title: str | None, categories: list[str]
) -> Found | None:
    """The section a breadcrumb trail (from ``breadcrumbs``) names, else trafilatura's first
    category."""
    for crumbs, source in trails:
        usable = _usable_crumbs(crumbs, title)
        if usable:
            # The trail ends with the article (dropped above when it repeats the title): the
            # deepest remaining crumb is the article's own section.
            return Found(usable[-1], source)
    if categories:
        return Found(categories[0], "trafilatura:categories")
    return None


_TAG_SPLIT = re.compile(r"\s*[,،؛;|]\s*")
_MAX_TAG_CHARS = 80
# Machine labels some CMSs put among keywords ("@post-id:1913719", "id:42").
_MACHINE_LABEL = re.compile(r"^[@#]?[\w.-]+:[\w.-]+$")


def _split(values: list[Any]) -> list[str]:
    # One string holds a list ("a, b، c"); a list holds one tag per item, and a tag may
    # itself contain a comma ("Elections, Governors").
    if len(values) == 1 and isinstance(values[0], str):
        return _TAG_SPLIT.split(values[0])
    items = values[0] if len(values) == 1 and isinstance(values[0], list) else values
    return [item for item in items if isinstance(item, str)]


def _tag_list(values: list[Any]) -> list[str]:
    tags: list[str] = []
    seen: set[str] = set()
    for part in _split(values):
        tag = _clean(part)
        key = normalize_for_matching(tag or "")
        if not tag or not key or key in seen or len(tag) > _MAX_TAG_CHARS:
            continue
        if _MACHINE_LABEL.match(tag):
            continue
        seen.add(key)
        tags.append(tag)
    return tags


def tags(tree: HtmlElement, trafilatura_tags: list[str] | Callable[[], list[str]]) -> Found | None:
    """The article's tags (keywords), from the first source that has any. trafilatura's
    (from tag links, the weakest source) may be a callable, called only when reached."""
    jsonld = meta.jsonld_value(tree, "keywords")
    candidates: list[tuple[list[Any], str]] = [
        (meta.meta_values(tree, "article:tag"), "meta:article:tag"),
        ([jsonld] if jsonld else [], "json-ld:keywords"),
        (meta.meta_values(tree, "news_keywords")[:1], "meta:news_keywords"),
        (meta.meta_values(tree, "keywords")[:1], "meta:keywords"),
    ]
    for values, source in candidates:
        found = _tag_list(values) if values else []
        if found:
            return Found(found, source)
    last = trafilatura_tags() if callable(trafilatura_tags) else trafilatura_tags
    found = _tag_list(last) if last else []
    return Found(found, "trafilatura:tags") if found else None


def _absolute(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    value = html.unescape(value.strip())
    if base and not urlsplit(value).scheme:
        return urljoin(base, value)
    return value


def _jsonld_image(value: Any) -> str | None:
    if isinstance(value, list):
        return next((url for item in value if (url := _jsonld_image(item))), None)
    if isinstance(value, dict):
        return _jsonld_image(value.get("url") or value.get("contentUrl"))
    return value.strip() if isinstance(value, str) and value.strip() else None


def image(tree: HtmlElement, base: str | None, trafilatura_image: str | None) -> Found | None:
    """The lead image's URL (absolute when the page's URL is known)."""
    for key in ("og:image:secure_url", "og:image", "og:image:url", "twitter:image"):
        value = meta.meta_content(tree, key)
        if value:
            return Found(_absolute(value, base), f"meta:{key}")
    value = _jsonld_image(meta.jsonld_value(tree, "image"))
    if value:
        return Found(_absolute(value, base), "json-ld:image")
    for link in tree.iter("link"):
        if "image_src" in (link.get("rel") or "").lower().split() and link.get("href"):
            return Found(_absolute(link.get("href"), base), "link:image_src")
    if trafilatura_image:
        return Found(_absolute(trafilatura_image, base), "trafilatura:image")
    return None


def canonical(tree: HtmlElement, base: str | None, trafilatura_url: str | None) -> Found | None:
    """The URL the publisher names as the page's own."""
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (link.get("href") or "").strip():
            return Found(_absolute(link.get("href"), base), "link:canonical")
    value = meta.meta_content(tree, "og:url")
    if value:
        return Found(_absolute(value, base), "meta:og:url")
    if trafilatura_url:
        # trafilatura falls back on the URL it was given: that is no claim of the page's.
        return Found(trafilatura_url, "url" if trafilatura_url == base else "trafilatura:url")
    return None
