"""Choose a page's publication and modification dates, most trustworthy source first.

1. ``published_hint`` from a news sitemap ("sitemap")
2. ``article:published_time`` and kin ("meta"), JSON-LD ``datePublished`` ("json-ld"),
   ``<time datetime>`` ("time-element")
3. htmldate, non-extensive, original date ("htmldate") — run by trafilatura; its YYYY-01-01
   is usually a bare year padded out, so it is kept only when the page spells that day out
4. Arabic dates in the visible text ("visible-text")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract import meta
from arshif.extract.dates import first_date, local_date, parse_timestamp

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
)

CONFIDENCE = {
    "sitemap": 0.95,
    "meta": 0.9,
    "json-ld": 0.9,
    "time-element": 0.8,
    "htmldate": 0.6,
    "htmldate-jan1": 0.3,
    "visible-text": 0.5,
    "visible-text-body": 0.35,
}


@dataclass(frozen=True)
class DateFinding:
    date: str  # YYYY-MM-DD, the publisher's local calendar date
    source: str
    confidence: float
    # The value as the page states it ("2024-03-07T21:45:00+02:00", "24 شعبان 1445 هـ"), and
    # the calendar it is written in: a Hijri date is converted, and its original kept here.
    original: str | None = None
    calendar: str = "gregorian"


def _finding(value: str | None, source: str, timezone: str | None) -> DateFinding | None:
    if not value:
        return None
    parsed = parse_timestamp(str(value))
    if parsed is None:
        return None
    day = local_date(parsed, timezone).isoformat()
    return DateFinding(day, source, CONFIDENCE[source], original=str(value).strip())


def _jsonld_date(tree: HtmlElement, key: str) -> str | None:
    value = meta.jsonld_value(tree, key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def _time_elements(tree: HtmlElement) -> list[str]:
    """``<time datetime>`` values, those marked as the publication time first."""
    marked, others = [], []
    for elem in tree.iter("time"):
        value = (elem.get("datetime") or "").strip()
        if not value:
            continue
        hints = " ".join(elem.get(a) or "" for a in ("itemprop", "class", "pubdate")).lower()
        if elem.get("pubdate") is not None or "publish" in hints or "datepublished" in hints:
            marked.append(value)
        elif "modif" not in hints and "update" not in hints:
            others.append(value)
    return marked + others


_PUBLISHED_PROPS = {key for key in _PUBLISHED_META} | {
    "dc:date",
    "dc:created",
    "dcterms:created",
    "dcterms:issued",
    "schema:datepublished",
}


_PROPERTY_ELEMENTS = XPath("//*[@content or @datetime][@property or @itemprop][not(self::meta)]")


def _property_dates(tree: HtmlElement) -> list[str]:
    """RDFa/microdata dates on any element: ``<span property="dc:date" content="…">``."""
    found = []
    for elem in _PROPERTY_ELEMENTS(tree):
        key = (elem.get("property") or elem.get("itemprop") or "").strip().lower()
        value = (elem.get("content") or elem.get("datetime") or "").strip()
        if key in _PUBLISHED_PROPS and value:
            found.append(value)
    return found


def declared_published(
    tree: HtmlElement, timezone: str | None, published_hint: str | None = None
) -> DateFinding | None:
    """The publication date the page (or its sitemap) states in machine-readable form."""
    for value, source in _published_candidates(tree, published_hint):
        found = _finding(value, source, timezone)
        if found:
            return found
    return None


def _published_candidates(
    tree: HtmlElement, published_hint: str | None
) -> Iterator[tuple[str | None, str]]:
    # A generator: most pages declare the date in a <meta>, and the element scans below it
    # are then never run.
    yield published_hint, "sitemap"
    yield meta.meta_content(tree, *_PUBLISHED_META), "meta"
    yield _jsonld_date(tree, "datePublished"), "json-ld"
    yield _jsonld_date(tree, "dateCreated"), "json-ld"
    for value in _property_dates(tree):
        yield value, "meta"
    for value in _time_elements(tree):
        yield value, "time-element"


def modified(tree: HtmlElement, timezone: str | None) -> DateFinding | None:
    """The last-modified date the page declares, if any (never the publication date)."""
    candidates = [
        (meta.meta_content(tree, *_MODIFIED_META), "meta"),
        (_jsonld_date(tree, "dateModified"), "json-ld"),
    ]
    for value, source in candidates:
        found = _finding(value, source, timezone)
        if found:
            return found
    return None


def declares_publication(tree: HtmlElement) -> bool:
    """True when the page has a publication-date field at all, readable or not."""
    return bool(meta.meta_content(tree, *_PUBLISHED_META) or _jsonld_date(tree, "datePublished"))


def htmldate_finding(
    value: str | None,
    html: str,
    modified: DateFinding | None = None,
    publication_declared: bool = True,
) -> DateFinding | None:
    """htmldate's answer, distrusting a January 1st the page never spells out, and, on a page
    that declares a modification date but no publication date, that modification day
    (htmldate falls back on it)."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    if not publication_declared and modified is not None and value == modified.date:
        return None
    if not value.endswith("-01-01"):
        return DateFinding(value, "htmldate", CONFIDENCE["htmldate"], original=value)
    year = value[:4]
    spelled = (f"{year}-01-01", f"{year}/01/01", f"01/01/{year}", f"01-01-{year}", f"1/1/{year}")
    if any(form in html for form in spelled):
        return DateFinding(value, "htmldate", CONFIDENCE["htmldate-jan1"], original=value)
    return None


# Elements whose class/id/itemprop suggest they hold the article's date.
_DATE_HINT = re.compile(r"date|time|publish|posted|byline|meta|تاريخ", re.IGNORECASE)
_CHROME_ANCESTORS = {"header", "nav", "footer", "aside"}
_MAX_DATE_ELEMENT_CHARS = 200
# "نشر في 5 مارس 2024", "تاريخ النشر: …", "بتاريخ …": a label that says the next date is the
# publication date.
_LABELLED = re.compile(
    r"(?<!\w)(?:نشر|تاريخ النشر|بتاريخ|published|posted)\s*(?:في|بتاريخ|on)?\s*:?\s*"
)


def _in_chrome(elem: HtmlElement) -> bool:
    # Site headers show today's date ("الثلاثاء 5 مارس 2024"), not the article's.
    return any(anc.tag in _CHROME_ANCESTORS for anc in elem.iterancestors())


def _visible(text: str, confidence: str, today: date | None) -> DateFinding | None:
    found = first_date(text, today)
    if found is None:
        return None
    day = found.value.isoformat()
    return DateFinding(day, "visible-text", CONFIDENCE[confidence], found.text, found.calendar)


def visible_published(
    tree: HtmlElement, body_text: str, today: date | None = None
) -> DateFinding | None:
    """A date printed on the page, read by the Arabic parser."""
    for elem in tree.iter():
        if not isinstance(elem.tag, str) or elem.tag in ("script", "style") or _in_chrome(elem):
            continue
        hints = " ".join(elem.get(a) or "" for a in ("class", "id", "itemprop"))
        if not hints or not _DATE_HINT.search(hints):
            continue
        # Spaced between elements: "<span>24 شعبان 1445 هـ</span><span>نشر</span>" must not
        # read "هـنشر".
        text = " ".join(elem.itertext())
        if len(text) > _MAX_DATE_ELEMENT_CHARS:
            continue
        found = _visible(text, "visible-text", today)
        if found:
            return found
    # A labelled date anywhere in the article, then a date on one of its first short lines.
    for line in body_text.splitlines():
        match = _LABELLED.search(line)
        if match and (
            found := _visible(line[match.end() : match.end() + 60], "visible-text", today)
        ):
            return found
    for line in [line for line in body_text.splitlines() if line.strip()][:3]:
        if len(line) <= 120 and (found := _visible(line, "visible-text-body", today)):
            return found
    return None
