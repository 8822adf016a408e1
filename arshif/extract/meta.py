"""Read a page's declared metadata: ``<meta>`` tags, JSON-LD, canonical link, ``lang``."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class _Index:
    root: HtmlElement
    values: dict[str, list[str]]  # property/name/itemprop (lower case) → contents, in order
    jsonld: list[dict[str, Any]]


# One page is read by many functions (title, dates, author, section…), each asking for a few
# keys; indexing its <meta> tags and JSON-LD once instead of scanning them per key is most of
# the metadata cost. The index of the last tree asked about is kept: the pipeline reads one
# page at a time, and a tree is never edited between reads (chrome removal leaves <head> and
# <script> alone).
_last: _Index | None = None


def _index(tree: HtmlElement) -> _Index:
    global _last
    root = tree.getroottree().getroot()
    cached = _last
    if cached is not None and cached.root is root:
        return cached
    values: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if not key:
                continue
            # itemprop and RDFa property may hold several names: "datePublished dateCreated".
            for name in {key, *key.split()}:
                values.setdefault(name, []).append(content)
    cached = _Index(root, values, _parse_jsonld(root))
    _last = cached
    return cached


def meta_content(tree: HtmlElement, *keys: str) -> str | None:
    """First non-empty ``content`` of a ``<meta>`` whose property/name/itemprop is a key.

    Keys are matched case-insensitively, in the order given (the caller's preference).
    """
    values = _index(tree).values
    for key in keys:
        found = values.get(key.lower())
        if found:
            return found[0]
    return None


def meta_values(tree: HtmlElement, key: str) -> list[str]:
    """Every non-empty ``content`` of the ``<meta>`` tags named ``key`` (``article:tag``)."""
    return list(_index(tree).values.get(key.lower(), []))


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                yield from _walk(node[key])


def _parse_jsonld(root: HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
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


def jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened."""
    return _index(tree).jsonld


def types(obj: dict[str, Any]) -> set[str]:
    """The JSON-LD ``@type`` values of ``obj``, lower case."""
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values if v}


def jsonld_articles(tree: HtmlElement) -> list[dict[str, Any]]:
    """JSON-LD objects describing an article, the most specific types first."""
    objects = [obj for obj in jsonld_objects(tree) if types(obj) & ARTICLE_TYPES]
    # A NewsArticle is about this story; a WebPage may describe the whole site's page type.
    return sorted(objects, key=lambda obj: "webpage" in types(obj))


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
        if {"organization", "newsmediaorganization", "website"} & types(obj):
            found.extend(names(obj.get("name")))
        publisher = obj.get("publisher")
        if publisher:
            found.extend(names(publisher))
    return [name.strip() for name in found if name and name.strip()]
