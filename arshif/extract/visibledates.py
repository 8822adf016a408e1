"""Publication dates printed on the page, read by the Arabic parser (``dates.find_dates``).

Where a page prints its date: beside the headline (the article's header line: "الأربعاء 13
تشرين الثاني/نوفمبر 2024 10:30 صباحاً"), in an element whose class says date, after a label
("نشر في"), or on one of the body's first short lines. Site chrome (a site header's "today"
date, footers, asides) is never read.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract.dates import first_date
from arshif.extract.pagedates import CONFIDENCE, MAX_AHEAD, DateFinding, htmldate_finding

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
    # Site headers show today's date ("الثلاثاء 5 مارس 2024"), not the article's; but an
    # <article>'s own <header> holds its headline, byline and date.
    ancestors = [elem, *elem.iterancestors()]
    for index, anc in enumerate(ancestors):
        if anc.tag in _CHROME_ANCESTORS:
            above = {a.tag for a in ancestors[index + 1 :]}
            if anc.tag != "header" or not above & {"article", "main"}:
                return True
    return False


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


# Text nodes that are read around a headline: the article's header line sits within a few
# nodes after it (byline, section, date) or just above it inside the same header block.
_AFTER_HEADLINE = XPath(
    "following::text()[normalize-space()][not(ancestor::script or ancestor::style)]"
    "[position() <= 12]"
)
_BEFORE_HEADLINE = XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)]"
    "[position() <= 4]"
)
# A text node this long is the body's prose: the header line is over.
_PROSE_CHARS = 200


def _header_texts(headline: HtmlElement) -> list[str]:
    """The short texts around ``headline``, in reading order, chrome left out."""
    block = headline.getparent()
    block = block.getparent() if block is not None and block.getparent() is not None else block
    before = [
        t
        for t in _BEFORE_HEADLINE(headline)
        if block is not None and block.tag not in ("body", "html") and _within(t, block)
    ]
    after: list[str] = []
    for text in _AFTER_HEADLINE(headline):
        if len(text.strip()) > _PROSE_CHARS:
            break
        after.append(text)
    return [
        str(t) for t in [*before, *after] if t.getparent() is None or not _in_chrome(t.getparent())
    ]


def _within(text: object, block: HtmlElement) -> bool:
    parent = text.getparent()  # type: ignore[attr-defined]
    return parent is not None and (parent is block or block in parent.iterancestors())


def headline_published(tree: HtmlElement, today: date | None = None) -> DateFinding | None:
    """The date printed beside the article's headline (its first ``<h1>`` outside chrome):
    a labelled one ("نشر في …") first, else the first date there."""
    for headline in tree.iter("h1"):
        if _in_chrome(headline):
            continue
        line = " ".join(" ".join(_header_texts(headline)).split())
        match = _LABELLED.search(line)
        labelled = match and _visible(line[match.end() :], "visible-text", today)
        return labelled or _visible(line, "visible-text", today)
    return None


def _without_site_chrome(tree: HtmlElement) -> HtmlElement:
    """A copy of ``tree`` without the site's header, menus, asides and footer."""
    root = copy.deepcopy(tree.getroottree().getroot())
    for elem in [e for e in root.iter(*_CHROME_ANCESTORS) if _in_chrome(e)]:
        if elem.getparent() is not None:
            elem.drop_tree()
    return root


def _first_spelled(value: str, html: str) -> bool:
    """True when the page writes the first of a month that htmldate may have padded in."""
    year, month, _ = value.split("-")
    forms = (f"{year}-{month}-01", f"{year}/{month}/01", f"01/{month}/{year}",
             f"01-{month}-{year}", f"01.{month}.{year}", f"1/{int(month)}/{year}")  # fmt: skip
    return any(form in html for form in forms)


def extensive_htmldate(
    tree: HtmlElement,
    html: str,
    url: str | None,
    captured: datetime,
    modified: DateFinding | None = None,
    publication_declared: bool = True,
) -> DateFinding | None:
    """htmldate's extensive search, as bare trafilatura runs it: the last resort when nothing
    better names the day. Site chrome is left out (its date is today's, not the article's), no
    day after the capture is searched for, and a first of the month must be written on the
    page (htmldate pads "2024-03" out to the 1st)."""
    latest = (captured + MAX_AHEAD).date()
    try:
        value = find_date(
            _without_site_chrome(tree),
            url=url,
            extensive_search=True,
            original_date=True,
            outputformat="%Y-%m-%d",
            max_date=latest.isoformat(),
        )
    except (ValueError, TypeError):  # htmldate raises these on pages it cannot read
        return None
    if not value or (value.endswith("-01") and not _first_spelled(value, html)):
        return None
    return htmldate_finding(value, html, modified, publication_declared, "htmldate-extensive")
