"""Keep a one-paragraph article to its paragraph when trafilatura reaches past it.

trafilatura accepts an article-body container only once it yields two elements; a brief
written as one paragraph (common for 300-character Arabic news briefs) makes it fall through
to the next, wider container (``<main>``, the page column), which also holds teaser boxes:
the brief then comes out followed by other stories' teasers.

The check: find the element holding the first extracted paragraph; if its nearest
article-body container (``<article>``, or a class such as "article-text", "entry-content")
holds that paragraph and little else, the page itself says the article is that paragraph,
and the blocks from outside the container are dropped.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

# Only short outputs are checked: the overshoot adds a few boxes to a short brief, and a
# long article is no single paragraph.
_MAX_TEXT_CHARS = 5000
_MIN_PARAGRAPH_CHARS = 100
# The container may also hold a dateline, a caption or a credit line.
_CONTAINER_SLACK = 1.25
_CONTAINER_EXTRA_CHARS = 80
_PROBE_WORDS = 4

_TEXT_HOLDING = XPath("//body//text()[contains(., $probe)]")
_CLASS_COUNT = XPath("count(//*[@class = $name])")
# Article-body class and id names (after trafilatura's own first-choice selectors).
_BODY_NAME = re.compile(
    r"article[-_]?(?:text|body|content)|articlebody|(?:entry|post|story|page|news|text)"
    r"[-_]?(?:content|body|text|details?)|body[-_]?text|post[-_]?entry|field-body",
    re.IGNORECASE,
)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _is_body_container(elem: HtmlElement) -> bool:
    if elem.tag == "article":
        return True
    names = f"{elem.get('class') or ''} {elem.get('id') or ''}"
    return bool(_BODY_NAME.search(names))


def _container(elem: HtmlElement | None) -> HtmlElement | None:
    while elem is not None and elem.tag not in ("body", "html"):
        if _is_body_container(elem):
            return elem
        elem = elem.getparent()
    return None


def keep_lone_paragraph(tree: HtmlElement, blocks: list[str]) -> list[str]:
    """``blocks`` without those from outside a one-paragraph article's container."""
    if len(blocks) < 2 or sum(len(b) for b in blocks) > _MAX_TEXT_CHARS:
        return blocks
    first = _collapsed(blocks[0])
    if len(first) < _MIN_PARAGRAPH_CHARS:
        return blocks
    nodes = _TEXT_HOLDING(tree, probe=" ".join(first.split()[:_PROBE_WORDS]))
    if len(nodes) != 1:
        return blocks  # not found as written, or ambiguous: leave trafilatura's answer
    container = _container(nodes[0].getparent())
    if container is None:
        return blocks
    inside = _collapsed(container.text_content())
    if first not in inside or len(inside) > _CONTAINER_SLACK * len(first) + _CONTAINER_EXTRA_CHARS:
        return blocks
    name = container.get("class")
    if name and _CLASS_COUNT(tree, name=name) > 1:
        return blocks  # one container per paragraph: the article is all of them
    kept = [block for block in blocks if _collapsed(block) in inside]
    return kept if 0 < len(kept) < len(blocks) else blocks
