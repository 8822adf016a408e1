"""Discovery: article URLs from RSS/Atom feeds, (news) sitemaps and section pages.

Scrapy's own sitemap parser drops the ``news:`` children (publication date, title), the best
date source for Arabic news, so sitemaps are parsed here. XML is parsed without entity
expansion or network access: feeds and sitemaps are input from the open web, and one that
declares entities at all is refused (``UnsafeXML``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Lead:
    """A URL worth fetching, with what the listing said about it."""

    url: str
    published: str | None = None
    title: str | None = None
    modified: str | None = None  # sitemap <lastmod>, Atom <updated>: a re-check signal


@dataclass
class SitemapListing:
    leads: list[Lead]
    child_sitemaps: list[str]


class UnsafeXML(ValueError):
    """A feed or sitemap declares XML entities: an entity bomb or an external entity (XXE) at
    worst, never needed by a real listing. It is refused whole, as defusedxml would."""


def _parse_xml(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                             load_dtd=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    dtd = root.getroottree().docinfo.internalDTD
    entities = len(list(dtd.iterentities())) if dtd is not None else 0
    if entities:
        raise UnsafeXML(f"the document declares {entities} XML entities (an entity bomb or XXE?); "
                        "not expanded, the listing not read")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def parse_feed(body: bytes) -> list[Lead]:
    """Items of an RSS 2.0 or Atom feed, in feed order; raises ``UnsafeXML``."""
    root = _parse_xml(body)
    if root is None:
        return []
    leads: list[Lead] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":  # RSS
            fields = {_local(child.tag): child for child in element}
            link = _text(fields.get("link")) or _text(fields.get("guid"))
            if link:
                published = _text(fields.get("pubDate")) or _text(fields.get("date"))
                leads.append(Lead(link, published, _text(fields.get("title"))))
        elif name == "entry":  # Atom
            link = None
            for child in element:
                if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
                    link = child.get("href")
                    break
            fields = {_local(child.tag): child for child in element}
            published = _text(fields.get("published")) or _text(fields.get("updated"))
            if link:
                leads.append(Lead(link.strip(), published, _text(fields.get("title")),
                                  _text(fields.get("updated"))))
    return leads


def parse_sitemap(body: bytes) -> SitemapListing:
    """A sitemap index (child sitemaps) or a urlset, keeping news:publication_date and news:title;
    raises ``UnsafeXML``."""
    root = _parse_xml(body)
    listing = SitemapListing(leads=[], child_sitemaps=[])
    if root is None:
        return listing
    kind = _local(root.tag)
    for entry in root:
        loc = None
        published = title = modified = None
        for child in entry.iter():
            name = _local(child.tag)
            if name == "loc" and loc is None:
                loc = _text(child)
            elif name == "lastmod":
                modified = _text(child)
            elif name == "publication_date":
                published = _text(child)
            elif name == "title" and etree.QName(child.tag).namespace == NEWS_NS:
                title = _text(child)
        if not loc:
            continue
        if kind == "sitemapindex":
            listing.child_sitemaps.append(loc)
        else:
            listing.leads.append(Lead(loc, published, title, modified))
    return listing
