"""Find the article's author: declared metadata first, then a printed Arabic byline.

Bylines read "كتب: فلان", "كتبت: فلانة", "بقلم: فلان", "بقلم فلان", "حرر بواسطة فلان",
"إعداد: فلان" (and "حوار: فلان" for interviews). "كتب" and "إعداد" without a colon start
ordinary sentences ("كتب الوزير في رسالته …"), so those need the colon.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from arshif.extract import meta
from arshif.textnorm import normalize_for_matching

_MARKS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_BYLINE = re.compile(
    rf"^[\s{_MARKS}]*(?:"
    r"(?:كتب|كتبت|[اإأ]عداد|حوار|تقرير|تحرير)\s*[:：]"
    r"|بقلم\s*[:：]?"
    r"|حرر(?:ه|ها)?\s+بواسطة\s*[:：]?"
    rf")[\s{_MARKS}]*(?P<name>[^\n]+)",
    re.IGNORECASE,
)
# The name ends at the first separator: "كتب: أحمد علي - القاهرة", "كتبت: منى، الرياض".
_NAME_END = re.compile(r"\s*(?:[-–—|،,؛;(\[]|\s{2,}|\bفي\b|\bمن\b|\bبتاريخ\b)")
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 60
_AUTHOR_HINT = re.compile(r"author|byline|writer|kateb|كاتب", re.IGNORECASE)
_BYLINE_SCAN_BLOCKS = 6


def parse_byline(line: str) -> str | None:
    """The author named by a byline line, or None if the line is not a byline."""
    match = _BYLINE.match(line)
    if not match:
        return None
    name = match.group("name")
    end = _NAME_END.search(name)
    if end and end.start() > 0:
        name = name[: end.start()]
    name = name.strip(" .:：" + "\u200e\u200f\u061c")
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or len(name) > _MAX_NAME_CHARS:
        return None
    return name


# In an author field the byline word needs no colon: "كتب محمد" can only be a byline there.
_FIELD_PREFIX = re.compile(
    rf"^[\s{_MARKS}]*(?:كتب|كتبت|بقلم|[اإأ]عداد|حوار|تقرير|تحرير|حرر(?:ه|ها)?\s+بواسطة)"
    rf"(?:\s*[:：]\s*|\s+)"
)


def clean_author_field(value: str) -> str:
    """An author field without a leading byline word ("كتب محمد علي" → "محمد علي")."""
    stripped = _FIELD_PREFIX.sub("", value).strip()
    return stripped or value.strip()


def _declared(tree: HtmlElement) -> list[str]:
    found = meta.names(meta.jsonld_value(tree, "author"))
    for key in (
        "author",
        "article:author",
        "dc.creator",
        "byl",
        "sailthru.author",
        "parsely-author",
    ):
        value = meta.meta_content(tree, key)
        # article:author is often a profile URL, which is not a name.
        if value and not value.startswith(("http://", "https://")):
            found.append(value.strip())
    return found


def _not_site(name: str, site_names: list[str]) -> bool:
    key = normalize_for_matching(name)
    return bool(key) and all(key != normalize_for_matching(site) for site in site_names)


def find_author(
    tree: HtmlElement,
    text: str,
    trafilatura_author: str | Callable[[], str | None] | None = None,
    site_names: list[str] | None = None,
    arabic: bool = True,
) -> str | None:
    """The author: page metadata, else a byline in the text or in a byline element.

    ``arabic=False`` says the page holds no Arabic: the bylines read here are Arabic, so the
    scans of the page's elements are skipped."""
    names = site_names or []
    for author in _declared(tree):
        if author and _not_site(author, names):
            # Some sites put the printed byline itself in their author metadata.
            return clean_author_field(author)
    # trafilatura's author (looked for in the page's elements) only when the page declares
    # none: a callable is called here, not before.
    fallback = trafilatura_author() if callable(trafilatura_author) else trafilatura_author
    if fallback and _not_site(fallback, names):
        return clean_author_field(fallback)
    blocks = [block for block in text.splitlines() if block.strip()][:_BYLINE_SCAN_BLOCKS]
    for block in blocks:
        author = parse_byline(block)
        if author:
            return author
    if not arabic:
        return None
    for elem in tree.iter():
        if not isinstance(elem.tag, str):
            continue
        hints = f"{elem.get('class') or ''} {elem.get('id') or ''} {elem.get('rel') or ''}"
        if not _AUTHOR_HINT.search(hints):
            continue
        content = " ".join(elem.text_content().split())
        if not content or len(content) > 120:
            continue
        author = parse_byline(content)
        if author:
            return author
    # Short elements that read as a byline ("كتب: …"), inside the article when the page marks
    # one: a sidebar of opinion columns is full of "بقلم" lines for other articles.
    scope = next(tree.iter("article"), None)
    scope = scope if scope is not None else next(tree.iter("main"), tree)
    for elem in scope.iter("p", "span", "div", "strong", "b", "em"):
        content = " ".join(elem.text_content().split())
        if content and len(content) <= 80:
            author = parse_byline(content)
            if author:
                return author
    return None
