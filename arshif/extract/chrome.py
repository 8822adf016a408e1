"""Remove page chrome that sits in or near the article before trafilatura sees it.

trafilatura already drops most navigation, headers and footers. What leaks through on Arabic
news sites is chrome *inside* the article column: the breaking-news ticker ("عاجل"), share
rows, "read also" boxes, newsletter boxes, ads, and masthead credits ("رئيس التحرير / …").
The rules here are generic (class/id words and visible labels), not one site's class names;
learning chrome per site is a later step. Every removal is guarded so that a misleading
class name (an article container called "breaking-news") cannot take the story with it.
"""

from __future__ import annotations

import functools
import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from arshif.extract.chrome_labels import (
    BOX_LABELS,
    HEADINGS,
    MASTHEAD,
    MASTHEAD_MAX_CHARS,
    is_credit,
    is_name,
    label_key,
)
from arshif.extract.prose_guard import prose_chars
from arshif.extract.record import Dropped

# Class/id words that mark chrome. Long words match anywhere in a class name, short ones only
# as a whole token of it ("ad" must not match "header", "shadow" or "download").
_CHROME_SUBSTRINGS = re.compile(
    r"ticker|breaking|urgent|عاجل|marquee|newsbar|"
    r"share|addthis|a2a_kit|"
    r"related|readalso|read-also|read_also|alsoread|also-read|readmore|read-more|"
    r"more-news|morenews|most-read|mostread|recommend|"
    r"newsletter|subscribe|subscription|"
    r"advert|adsbygoogle|adslot|ad-slot|ad-container|adunit|ad-unit|sponsor|dfp|gpt-ad|taboola|outbrain"
)
_CHROME_TOKENS = {"ad", "ads", "adv", "social", "promo", "sharing", "trending"}
_TOKEN_SPLIT = re.compile(r"[-_\s]+")


# Elements never removed whatever their class says. Table parts are data: a "ticker" column
# in a table of share prices is content, not a news ticker.
_PROTECTED_TAGS = {"html", "body", "main", "article"}
_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col", "colgroup"}
# A removal may not take more than this share of the page's text…
_MAX_SHARE = 0.5
# …nor this much prose (paragraph text outside links): chrome is links and labels, and a
# class like "entry-content-read-more" or "g-row-breaking-news" may wrap the story itself.
_MAX_PROSE_CHARS = 400
_PROSE_MIN_RUN = 60

_LABEL_MAX_CHARS = 40
# An element this short around a label is part of the label's box (an icon row, a wrapper).
_TINY_CHARS = 60


def _text(elem: HtmlElement) -> str:
    return " ".join(elem.text_content().split())


def _link_text_len(elem: HtmlElement) -> int:
    return sum(len(_text(a)) for a in elem.iter("a"))


def _drop(elem: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = elem.getparent()
    if parent is None:
        return
    if elem.tail and elem.tail.strip():
        previous = elem.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + elem.tail
        else:
            parent.text = (parent.text or "") + elem.tail
    parent.remove(elem)


def _remove(elem: HtmlElement, rule: str, removed: list[Dropped] | None) -> None:
    """``_drop``, noting the element's text and ``rule`` in ``removed`` (when given)."""
    if removed is not None:
        text = _text(elem)
        if text:
            removed.append(Dropped(text, rule))
    _drop(elem)


def _attached(elem: HtmlElement, tree: HtmlElement) -> bool:
    # An element whose ancestor was removed is still reachable from our lists, but not from
    # the document any more.
    return elem.getroottree().getroot() is tree.getroottree().getroot()


# len(_text(elem)), counted in C: the whole page's text need not become a Python string.
_TEXT_LENGTH = XPath("string-length(normalize-space(.))")


class _Guard:
    """Decides whether removing an element would take the article with it."""

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._total: int | None = None

    @property
    def total(self) -> int:
        # Measured on first need: most pages have nothing to remove.
        if self._total is None:
            body = self._tree.find(".//body")
            self._total = int(_TEXT_LENGTH(body if body is not None else self._tree)) or 1
        return self._total

    def allows(self, elem: HtmlElement) -> bool:
        if elem.tag in _PROTECTED_TAGS or elem.getparent() is None:
            return False
        if next(elem.iter("h1", "article", "main"), None) is not None:
            return False
        length = len(_text(elem))
        if length > _MAX_SHARE * self.total:
            return False
        # Shorter than the prose limit altogether (a share row, an ad slot): no need to count.
        return length < _MAX_PROSE_CHARS or prose_chars(elem, _PROSE_MIN_RUN) < _MAX_PROSE_CHARS


def is_chrome_class(elem: HtmlElement) -> bool:
    """True when an element's class or id names it as chrome."""
    if elem.tag in _TABLE_PARTS:
        return False
    return _chrome_names(f"{elem.get('class') or ''} {elem.get('id') or ''}")


# A page repeats a few dozen class strings over thousands of elements: decide each once.
@functools.lru_cache(maxsize=16384)
def _chrome_names(names: str) -> bool:
    names = names.lower().strip()
    if not names:
        return False
    if _CHROME_SUBSTRINGS.search(names):
        return True
    return any(token in _CHROME_TOKENS for token in _TOKEN_SPLIT.split(names))


# Never removed by name: <head> is outside the body, and scripts hold JSON-LD metadata.
_NOT_BY_NAME = _TABLE_PARTS | {"script", "style"}


def _named_chrome(tree: HtmlElement) -> list[HtmlElement]:
    """Elements of the body whose class or id names them as chrome. A plain walk over the
    body, deciding each distinct name once, is the cheapest way through a large page."""
    body = tree.find("body")
    marked = []
    for elem in (body if body is not None else tree).iter():
        names = elem.get("class"), elem.get("id")
        if (names[0] or names[1]) and _chrome_names(f"{names[0] or ''} {names[1] or ''}"):
            if isinstance(elem.tag, str) and elem.tag not in _NOT_BY_NAME:
                marked.append(elem)
    return marked


def _strip_by_class(tree: HtmlElement, guard: _Guard, log: list[Dropped] | None) -> int:
    marked = _named_chrome(tree)
    removed = 0
    for elem in marked:
        if _attached(elem, tree) and guard.allows(elem):
            _remove(elem, "chrome-class", log)
            removed += 1
    return removed


def _container(node_text: str, parent: HtmlElement) -> HtmlElement:
    # A tail string belongs to the parent of the element it follows.
    if getattr(node_text, "is_tail", False):
        return parent.getparent() if parent.getparent() is not None else parent
    return parent


# Only the start of a text node is compared with the labels; longer labels do not exist.
_LABEL_HEAD_CHARS = 40
# Text nodes that may start a label or a credit, selected in C: short enough to belong to a
# box of at most 300 characters (raw text, before normalisation shortens it), and holding an
# alef, as every label and credit does ("عاجل", "شارك", "رئيس التحرير"…). English pages and
# long paragraphs never reach Python.
_LABEL_NODES = XPath(
    "//body//text()[string-length(.) <= 600]"
    "[contains(., 'ا') or contains(., 'أ') or contains(., 'إ') or contains(., 'آ')]"
    "[not(ancestor::script or ancestor::style)]"
)


def _start_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    # A raw-text pre-filter on the first word of each label, spelling variants allowed, so that
    # only candidate nodes pay for full normalisation.
    words = sorted({p.split()[0] for p in prefixes}, key=len, reverse=True)
    variants = "|".join(w.replace("ا", "[اأإآٱ]").replace("ي", "[يى]") for w in words)
    return re.compile(rf"^[\W\U00010080-\U0001008e]*(?:{variants})")


_BOX_START = _start_pattern(BOX_LABELS)
_MASTHEAD_START = _start_pattern(MASTHEAD)


def _starts_with(key: str, prefixes: tuple[str, ...]) -> bool:
    # Whole words only: "شارك" is a label, "شاركت الوزارة" is a sentence.
    return any(key == p or key.startswith(p + " ") for p in prefixes)


def _label_candidates(tree: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """Text nodes that start like a box label or a credit, with their element: one pass
    over the page for both kinds."""
    found = []
    for node in _LABEL_NODES(tree):
        if _BOX_START.match(node) or _MASTHEAD_START.match(node):
            elem = _container(node, node.getparent())
            if elem is not None:
                found.append((str(node), elem))
    return found


def _labelled_nodes(
    tree: HtmlElement,
    candidates: list[tuple[str, HtmlElement]],
    prefixes: tuple[str, ...],
    limit: int,
) -> list[HtmlElement]:
    """Elements whose visible text starts with one of ``prefixes`` and is at most ``limit``
    characters long (normalised), among those still in ``tree``."""
    found: list[HtmlElement] = []
    for node, elem in candidates:
        if not _attached(elem, tree):
            continue
        head = node.lstrip()[:_LABEL_HEAD_CHARS]
        if not _starts_with(label_key(head), prefixes):
            continue
        key = label_key(_text(elem))
        if len(key) <= limit and _starts_with(key, prefixes):
            found.append(elem)
    return found


def _is_label(elem: HtmlElement) -> bool:
    key = label_key(_text(elem))
    return len(key) <= _LABEL_MAX_CHARS and _starts_with(key, BOX_LABELS)


def _link_dense(elem: HtmlElement, ignore: int = 0) -> bool:
    text = len(_text(elem)) - ignore
    return text > 0 and _link_text_len(elem) >= 0.5 * text


def _strip_boxes(
    tree: HtmlElement,
    guard: _Guard,
    candidates: list[tuple[str, HtmlElement]],
    log: list[Dropped] | None,
) -> int:
    removed = 0
    for label in _labelled_nodes(tree, candidates, BOX_LABELS, 300):
        if not _attached(label, tree) or not guard.allows(label):
            continue
        is_label = _is_label(label)
        # A sentence that merely starts with "ذات صلة" or "عاجل" is article text.
        if not is_label and not _link_dense(label):
            continue
        label_len = len(_text(label)) if is_label else 0
        box = label
        # Climb while the enclosing element is still just this box: mostly links, or tiny.
        while (parent := box.getparent()) is not None and guard.allows(parent):
            if _link_dense(parent, ignore=label_len) or len(_text(parent)) <= _TINY_CHARS:
                box = parent
            else:
                break
        if box is label and is_label:
            following = label.getnext()
            if following is not None and _link_dense(following) and guard.allows(following):
                _remove(following, "chrome-box", log)
                removed += 1
        _remove(box, "chrome-box", log)
        removed += 1
    return removed


def _strip_masthead(
    tree: HtmlElement,
    guard: _Guard,
    candidates: list[tuple[str, HtmlElement]],
    log: list[Dropped] | None,
) -> int:
    removed = 0
    for credit in _labelled_nodes(tree, candidates, MASTHEAD, MASTHEAD_MAX_CHARS):
        if not _attached(credit, tree) or not guard.allows(credit):
            continue
        if not is_credit(_text(credit), bare_name=credit.tag not in HEADINGS):
            continue
        box = credit
        while (parent := box.getparent()) is not None and guard.allows(parent):
            if len(label_key(_text(parent))) > 2 * MASTHEAD_MAX_CHARS:
                break
            box = parent
        following = box.getnext()
        if following is not None and is_name(_text(following)) and guard.allows(following):
            _remove(following, "masthead", log)
            removed += 1
        _remove(box, "masthead", log)
        removed += 1
    return removed


def may_be_arabic(html: str | None) -> bool:
    """False when a page's source holds no alef, so no Arabic text at all: then no Arabic rule
    (labels, credits, bylines) can match and its pass over the page can be skipped. Cheap: a
    str of Latin-1 characters only answers at once."""
    return html is None or any(alef in html for alef in _ALEFS)


_ALEFS = ("ا", "أ", "إ", "آ")


def strip_chrome(
    tree: HtmlElement, html: str | None = None, log: list[Dropped] | None = None
) -> int:
    """Remove chrome elements from ``tree`` in place; returns how many were removed.
    ``html``, the page's source, lets pages without Arabic skip the label passes; ``log``, when
    given, receives the text of each removed element with the rule that removed it."""
    guard = _Guard(tree)
    removed = _strip_by_class(tree, guard, log)
    # Found after the class pass, so nodes it removed are not looked at; the masthead pass
    # skips those the box pass removed.
    candidates = _label_candidates(tree) if may_be_arabic(html) else []
    removed += _strip_boxes(tree, guard, candidates, log)
    removed += _strip_masthead(tree, guard, candidates, log)
    return removed
