"""Carry invisible bidi and joiner marks through trafilatura.

trafilatura drops every non-printable character (``str.isprintable``), which removes RLM,
LRM, ALM, ZWNJ/ZWJ and the bidi embeddings/isolates that Arabic pages use to keep numbers,
Latin names and punctuation in the right visual order. The archive stores text as published,
so each mark is swapped for a printable stand-in before extraction and swapped back after.

The stand-ins are Linear B ideograms (U+10080…): letters that trafilatura keeps and that no
news page plausibly contains. A page that does contain one is left unprotected.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html import unescape

from lxml.etree import XPath, _Element

_MARKS = (
    "\u200b\u200c\u200d\u200e\u200f"  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    "\u061c"  # Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_STAND_INS = "".join(chr(0x10080 + i) for i in range(len(_MARKS)))

_PAIRS = tuple(zip(_MARKS, _STAND_INS, strict=True))
# str.translate with a dict looks up every character; on a 200 KB page a handful of
# str.replace calls (each a C-speed scan) is an order of magnitude faster.
_ANY_MARK = re.compile(f"[{_MARKS}]")
_ANY_STAND_IN = re.compile(f"[{_STAND_INS}]")


def protect(html: str) -> str:
    """Replace the marks with stand-ins (unchanged if the page already uses a stand-in)."""
    if not _ANY_MARK.search(html) or _ANY_STAND_IN.search(html):
        return html
    for mark, stand_in in _PAIRS:
        html = html.replace(mark, stand_in)
    return html


def restore(text: str) -> str:
    """Put the marks back."""
    if not _ANY_STAND_IN.search(text):
        return text
    for mark, stand_in in _PAIRS:
        text = text.replace(stand_in, mark)
    return text


# Marks written as entities ("&rlm;", "&#8207;") are only characters once parsed.
_ENTITY = re.compile(r"&(?:lrm|rlm|zwnj|zwj|#\d{3,5}|#[xX][0-9a-fA-F]{3,4});")
_STAND_IN_OF = dict(_PAIRS)


@functools.lru_cache(maxsize=256)
def _holding(chars: str) -> XPath:
    # Text nodes (and <meta> values, which trafilatura's metadata reads) holding one of
    # ``chars``. One contains() per character actually on the page: evaluated in C, a pass
    # costs a fraction of a re-parse, where translate() over every node would cost more.
    test = " or ".join(f"contains(., '{ch}')" for ch in chars)
    return XPath(f"//text()[{test}] | //meta/@content[{test}]")


def _swap_in_tree(tree: _Element, chars: str, swap: Callable[[str], str]) -> None:
    for found in _holding(chars)(tree):
        parent = found.getparent()
        if parent is None:
            continue
        if found.is_attribute:
            parent.set(found.attrname, swap(str(found)))
        elif found.is_tail:
            parent.tail = swap(parent.tail or "")
        else:
            parent.text = swap(parent.text or "")


def marks_in(html: str) -> str:
    """The marks a page's source holds, as characters or as entities (sorted, no repeats)."""
    # One str search per mark: each is a tight C loop (and instant on a page of Latin-1
    # text), faster than one regex over the page.
    found = {mark for mark in _MARKS if mark in html}
    found.update(ch for ch in map(unescape, _ENTITY.findall(html)) if ch in _STAND_IN_OF)
    return "".join(sorted(found))


def protect_tree(tree: _Element, html: str) -> str:
    """``protect`` in place on ``tree``, the parsed ``html``, so the page is parsed once.
    Returns the stand-ins put in, for ``restore_tree``; "" when nothing was changed (no
    marks, or the page already uses a stand-in and is left unprotected, like ``protect``)."""
    chars = marks_in(html)
    if not chars or _ANY_STAND_IN.search(html):
        return ""
    _swap_in_tree(tree, chars, protect)
    return "".join(_STAND_IN_OF[ch] for ch in chars)


def protect_again(tree: _Element, stand_ins: str) -> None:
    """``protect_tree`` once more on a tree it protected and ``restore_tree`` restored, without
    scanning the page's source again (``stand_ins`` is what ``protect_tree`` returned)."""
    if stand_ins:
        marks = "".join(_MARKS[_STAND_INS.index(ch)] for ch in stand_ins)
        _swap_in_tree(tree, marks, protect)


def restore_tree(tree: _Element, stand_ins: str) -> None:
    """Undo ``protect_tree`` (``stand_ins`` is what it returned)."""
    if stand_ins:
        _swap_in_tree(tree, stand_ins, restore)


def only_marks(text: str) -> bool:
    """True when a string holds nothing but marks, stand-ins and whitespace."""
    return all(ch.isspace() or ch in _MARKS or ch in _STAND_INS for ch in text)
