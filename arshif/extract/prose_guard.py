"""Keep prose blocks that trafilatura's precision mode would prune without a rule arshif names.

arshif runs trafilatura with ``favor_precision``, which keeps teaser cards, captions and date
lines out of short articles. It also prunes, unseen, whole blocks by their markup alone: a
``<header>``; a class or id with a "bottom" or "link" token; any ``style`` with a border; and
a ``<div>`` holding its text without ``<p>`` once the page has enough ``<p>`` text. A news
agency sets its lead paragraph apart in exactly such a block above the body (the page's
description meta is a truncated copy of it), and the lead was lost while bare trafilatura
kept it (issue 15). A block that holds running prose is not pruned by its markup here: the
header becomes a plain ``<div>``, the triggering class tokens and border style are taken
off, a ``<div>`` of inline prose becomes the ``<p>`` it reads as. Chrome is not prose (links
and short labels do not count), and arshif's named chrome rules have already run.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.etree import XPath
from lxml.html import HtmlElement

# A lead is a sentence or more; a masthead line, a date or a share row is not.
_MIN_PROSE_CHARS = 100
# What trafilatura's precision mode matches (trafilatura.xpaths.PRECISION_DISCARD_XPATH).
_TOKEN = re.compile(r"(?:^|\s)bottom|bottom(?:\s|$)|(?:^|\s)link(?:\s|$)")
_CANDIDATES = XPath(
    "//body//header"
    " | //body//*[self::div or self::p or self::section or self::span]"
    "[contains(@style, 'border') or contains(@class, 'bottom') or contains(@id, 'bottom')"
    " or contains(@class, 'link') or contains(@id, 'link')]"
)
# Short runs of text are labels, dates, names: a <div> of prose has a run this long of its own.
_MIN_RUN_CHARS = 40
# <div>s with a run of text of their own, and no line break (a body of paragraphs split by
# <br><br> is trafilatura's to read as it does); their children are checked in Python.
_BARE_DIVS = XPath(
    f"//body//div[text()[string-length(normalize-space()) >= {_MIN_RUN_CHARS}]][not(.//br)]"
)
_INLINE = frozenset(
    "a abbr b bdi bdo cite code em font i mark q s small span strong sub sup u".split()
)
_PROSE_RUNS = XPath(
    "descendant-or-self::*/text()[not(ancestor::a or ancestor::script or ancestor::style)]"
)


def prose_chars(elem: HtmlElement, min_run: int = _MIN_RUN_CHARS) -> int:
    """Characters of running text outside links (and scripts and styles), counting only runs
    of ``min_run`` characters or more: labels, dates and bylines are not prose, so a list of
    headlines has none however long it is. Also chrome removal's test (``chrome``)."""
    total = 0
    for node in _PROSE_RUNS(elem):
        length = len(" ".join(node.split()))
        if length >= min_run:
            total += length
    return total


def _unmark(elem: HtmlElement) -> None:
    if elem.tag == "header":
        elem.tag = "div"
    for name in ("class", "id"):
        value = elem.get(name)
        if value and _TOKEN.search(value):
            elem.set(name, _TOKEN.sub(" ", value).strip())
    style = elem.get("style")
    if style and "border" in style:
        elem.set("style", ";".join(p for p in style.split(";") if "border" not in p))


def _marked(elem: HtmlElement) -> bool:
    """True when precision mode would prune ``elem`` by its markup alone."""
    if elem.tag == "header" or "border" in (elem.get("style") or ""):
        return True
    return any(_TOKEN.search(elem.get(name) or "") for name in ("class", "id"))


def _inline_only(div: HtmlElement) -> bool:
    return all(child.tag in _INLINE for child in div if isinstance(child.tag, str))


def guard_prose(tree: HtmlElement) -> int:
    """Unmark, in place, the prose blocks precision mode would prune; returns how many."""
    changed = 0
    for elem in _CANDIDATES(tree):
        if _marked(elem) and prose_chars(elem) >= _MIN_PROSE_CHARS:
            _unmark(elem)
            changed += 1
    bare = [
        div
        for div in _BARE_DIVS(tree)
        if _inline_only(div) and prose_chars(div) >= _MIN_PROSE_CHARS
    ]
    # A lead is a block of its own: a body written as one <div> per paragraph (a class shared
    # by several, or siblings) is trafilatura's to read as it does.
    classes = Counter(div.get("class") for div in bare)
    parents = Counter(div.getparent() for div in bare)
    for div in bare:
        if classes[div.get("class")] == 1 and parents[div.getparent()] == 1:
            div.tag = "p"
            changed += 1
    return changed
