"""Choose a page's publication and modification dates, most trustworthy source first.

1. ``published_hint`` from a news sitemap ("sitemap")
2. ``article:published_time`` and kin ("meta"), JSON-LD ``datePublished`` ("json-ld"),
   ``<time datetime>`` ("time-element")
3. htmldate, non-extensive, original date ("htmldate") — run by trafilatura; its YYYY-01-01
   is usually a bare year padded out, so it is kept only when the page spells that day out
4. Arabic dates printed on the page ("visible-text", ``visibledates``): beside the headline,
   in a date element, after a label, on the body's first lines
5. htmldate's extensive search of the whole page ("htmldate-extensive"), as bare trafilatura

An instant with the publisher's own offset wins over the same moment stated in UTC, and no
date later than the capture is ever reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract import meta
from arshif.extract.dates import local_date, offset_bearing, parse_timestamp

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
    "htmldate-extensive": 0.4,
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


# A publisher's clock may run a little ahead of ours; a stamp further ahead of the capture
# than this is a scheduled or wrong time, not the publication.
CLOCK_SKEW = timedelta(hours=1)
# The furthest any zone is ahead of UTC: a wall-clock time or a bare date up to this far past
# the capture (in UTC) may still be the capture's day where the publisher is.
MAX_AHEAD = timedelta(hours=14)


def after_capture(value: datetime | date, captured: datetime) -> bool:
    """True when ``value`` is later than a page captured at ``captured`` (aware) can claim."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value > captured.astimezone(UTC).replace(tzinfo=None) + MAX_AHEAD + CLOCK_SKEW
        return value > captured + CLOCK_SKEW
    return value > (captured + MAX_AHEAD).date()


def _finding(
    value: datetime | date, original: str, source: str, timezone: str | None
) -> DateFinding:
    day = local_date(value, timezone).isoformat()
    return DateFinding(day, source, CONFIDENCE[source], original=original.strip())


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
    tree: HtmlElement,
    timezone: str | None,
    published_hint: str | None = None,
    captured: datetime | None = None,
) -> DateFinding | None:
    """The publication date the page (or its sitemap) states in machine-readable form.

    The first source in rank order decides the moment. When that moment is stated in UTC (or
    without a zone) and another source states the same moment with the publisher's offset
    ("article:published_time" 23:30Z the day before, JSON-LD 01:30+02:00), that statement's
    day is the publisher's day and wins; so does an offset moment in the page's head beside a
    bare day; otherwise a UTC time is moved into ``timezone``. Only the same moment counts: a
    teaser's <time itemprop="datePublished"> of another story is no restatement. A value
    later than ``captured`` is ignored.
    """
    first: tuple[datetime | date, str, str] | None = None
    for value, source, in_head in _published_candidates(tree, published_hint):
        parsed = parse_timestamp(str(value)) if value else None
        if parsed is None or (captured is not None and after_capture(parsed, captured)):
            continue
        if first is None:
            first = (parsed, str(value), source)
            if offset_bearing(parsed):
                break  # the publisher's clock already
        elif offset_bearing(parsed) and _restates(first[0], parsed, in_head):
            return _finding(parsed, str(value), source, timezone)
        elif not isinstance(first[0], datetime) and not in_head:
            break  # a bare day is refined only by the page's own head, never by a teaser
    return _finding(*first, timezone) if first else None


def _restates(stated: datetime | date, other: datetime, in_head: bool) -> bool:
    """True when ``other`` is a more exact statement of the publication ``stated`` names: the
    same moment, or, for a bare day (a print issue's day, a UTC day), a moment the page's head
    declares within a day of it (junge Welt: "date" 2024-04-26, JSON-LD 25th 19:30+02:00)."""
    if isinstance(stated, datetime):
        return _same_moment(stated, other)
    return in_head and abs((other.date() - stated).days) <= 1


# Sources round the same moment differently (milliseconds, seconds dropped).
_SAME_MOMENT = timedelta(minutes=1)


def _same_moment(stated: datetime | date, other: datetime) -> bool:
    """True when ``other`` is the moment ``stated`` names (a time without a zone read as UTC)."""
    if not isinstance(stated, datetime):
        return False
    moment = stated if stated.tzinfo else stated.replace(tzinfo=UTC)
    return abs(moment - other) <= _SAME_MOMENT


def _published_candidates(
    tree: HtmlElement, published_hint: str | None
) -> Iterator[tuple[str | None, str, bool]]:
    """(value, source, whether the page's head declares it) in rank order. A generator: most
    pages declare the date in a <meta>, and the element scans below it are then never run."""
    yield published_hint, "sitemap", True
    yield meta.meta_content(tree, *_PUBLISHED_META), "meta", True
    yield _jsonld_date(tree, "datePublished"), "json-ld", True
    yield _jsonld_date(tree, "dateCreated"), "json-ld", True
    for value in _property_dates(tree):
        yield value, "meta", False
    for value in _time_elements(tree):
        yield value, "time-element", False


def modified(tree: HtmlElement, timezone: str | None) -> DateFinding | None:
    """The last-modified date the page declares, if any (never the publication date)."""
    candidates = [
        (meta.meta_content(tree, *_MODIFIED_META), "meta"),
        (_jsonld_date(tree, "dateModified"), "json-ld"),
    ]
    for value, source in candidates:
        parsed = parse_timestamp(str(value)) if value else None
        if parsed is not None:
            return _finding(parsed, str(value), source, timezone)
    return None


def declares_publication(tree: HtmlElement) -> bool:
    """True when the page has a publication-date field at all, readable or not."""
    return bool(meta.meta_content(tree, *_PUBLISHED_META) or _jsonld_date(tree, "datePublished"))


def htmldate_finding(
    value: str | None,
    html: str,
    modified: DateFinding | None = None,
    publication_declared: bool = True,
    source: str = "htmldate",
) -> DateFinding | None:
    """htmldate's answer, distrusting a January 1st the page never spells out, and, on a page
    that declares a modification date but no publication date, that modification day
    (htmldate falls back on it)."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    if not publication_declared and modified is not None and value == modified.date:
        return None
    if not value.endswith("-01-01"):
        return DateFinding(value, source, CONFIDENCE[source], original=value)
    year = value[:4]
    spelled = (f"{year}-01-01", f"{year}/01/01", f"01/01/{year}", f"01-01-{year}", f"1/1/{year}")
    if any(form in html for form in spelled):
        return DateFinding(value, source, CONFIDENCE["htmldate-jan1"], original=value)
    return None
