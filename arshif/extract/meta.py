"""Read a page's declared metadata: ``<meta>`` tags, JSON-LD, canonical link, ``lang``."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

# JSON-LD types that describe the article itself (not the site, a breadcrumb or a person).
ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "webpage",
    "liveblogposting",
    "scholarlyarticle",
    "report",
}


def meta_content(tree: HtmlElement, *keys: str) -> str | None:
    """First non-empty ``content`` of a ``<meta>`` whose property/name/itemprop is a key.

    Keys are matched case-insensitively, in the order given (the caller's preference).
    """
    wanted = [key.lower() for key in keys]
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key in wanted and key not in found:
                found[key] = content
    for key in wanted:
        if key in found:
            return found[key]
    return None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                yield from _walk(node[key])


def jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        objects.extend(_walk(data))
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values if v}


def jsonld_articles(tree: HtmlElement) -> list[dict[str, Any]]:
    """JSON-LD objects describing an article, the most specific types first."""
    objects = [obj for obj in jsonld_objects(tree) if _types(obj) & ARTICLE_TYPES]
    # A NewsArticle is about this story; a WebPage may describe the whole site's page type.
    return sorted(objects, key=lambda obj: "webpage" in _types(obj))


def jsonld_value(tree: HtmlElement, key: str) -> Any:
    """The first value of ``key`` in the page's article JSON-LD objects."""
    for obj in jsonld_articles(tree):
        value = obj.get(key)
        if value not in (None, "", []):
            return value
    return None


def names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value (string, object or list)."""
    if isinstance(value, str):
        # Entities inside a <script> are never decoded by the HTML parser.
        value = html.unescape(value).strip()
        return [value] if value else []
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in names(item)]
    return []


def canonical_url(tree: HtmlElement) -> str | None:
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (link.get("href") or "").strip():
            return link.get("href").strip()
    return meta_content(tree, "og:url")


def html_lang(tree: HtmlElement) -> str | None:
    """The primary language subtag from ``<html lang>`` or a content-language meta."""
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("xml:lang") or meta_content(tree, "content-language")
    if not lang:
        return None
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def site_names(tree: HtmlElement) -> list[str]:
    """Names the site calls itself by, from its metadata."""
    found = [
        meta_content(tree, "og:site_name"),
        meta_content(tree, "application-name"),
        meta_content(tree, "apple-mobile-web-app-title"),
    ]
    twitter = meta_content(tree, "twitter:site")
    if twitter:
        found.append(twitter.lstrip("@"))
    for obj in jsonld_objects(tree):
        if {"organization", "newsmediaorganization", "website"} & _types(obj):
            found.extend(names(obj.get("name")))
        publisher = obj.get("publisher")
        if publisher:
            found.extend(names(publisher))
    return [name.strip() for name in found if name and name.strip()]
