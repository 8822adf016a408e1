"""Turn trafilatura's body tree into the stored text: one block per paragraph or heading.

trafilatura's own plain-text output separates paragraphs by a single newline, so a heading
cannot be told from a paragraph; here each top-level element (``p``, ``head``, ``list``,
``table``, ``quote``…) becomes a block, blocks are separated by a blank line, and the
``head`` elements (and paragraphs that are one short bold phrase) are reported as headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.etree import _Element
from trafilatura.xml import xmltotxt

from arshif.extract.marks import only_marks, restore


@dataclass
class Blocks:
    blocks: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


# A bold-only paragraph is a subheading when it is short and not a sentence.
_BOLD_HEADING_MAX_WORDS = 20
_SENTENCE_END = (".", "،", ":", "؛", "!", "?", "؟", "…")


def _is_bold_heading(elem: _Element, text: str) -> bool:
    if elem.tag != "p" or len(elem) != 1 or (elem.text or "").strip():
        return False
    child = elem[0]
    if child.tag != "hi" or (child.tail or "").strip() or "b" not in (child.get("rend") or ""):
        return False
    return len(text.split()) <= _BOLD_HEADING_MAX_WORDS and not text.endswith(_SENTENCE_END)


def _render(elem: _Element) -> str:
    # The tail is text that follows the element in its parent; it is its own block. Detached
    # for the rendering rather than rendering a deep copy of the element.
    tail, elem.tail = elem.tail, None
    try:
        text = xmltotxt(elem, include_formatting=False).strip()
    finally:
        elem.tail = tail
    # A blank line separates blocks in the stored text, so none may occur inside one.
    return _BLANK_LINES.sub("\n", text)


# trafilatura turns <br> into a line break and merges "<br><br>", so a CMS that writes its
# paragraphs as one <div> split by <br><br> yields one block of lines. A break right after
# the end of a sentence is a paragraph break; other breaks (verse, an address) stay lines.
_BLANK_LINES = re.compile(r"\n\s*\n")
_PARAGRAPH_END = (".", "!", "?", "؟", "…", "»", '"')
# Marks may follow the full stop of an RTL sentence.
_TRAILING = " \t\u200e\u200f\u061c\u202c\u2069"


def _paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        lines.append(line)
        if line.rstrip(_TRAILING).endswith(_PARAGRAPH_END):
            paragraphs.append("\n".join(lines).strip())
            lines = []
    paragraphs.append("\n".join(lines).strip())
    return [p for p in paragraphs if p]


def render_body(body: _Element | None) -> Blocks:
    """Blocks and headings of a trafilatura body (marks restored)."""
    out = Blocks()
    if body is None:
        return out
    loose = (body.text or "").strip()
    if loose:
        out.blocks.append(restore(loose))
    for child in body:
        text = restore(_render(child))
        if text and not only_marks(text):
            if child.tag == "head" or _is_bold_heading(child, text):
                out.blocks.append(text)
                out.headings.append(" ".join(text.split()))
            elif child.tag == "p":
                out.blocks.extend(_paragraphs(text))
            else:
                out.blocks.append(text)
        tail = (child.tail or "").strip()
        if tail and not only_marks(tail):
            out.blocks.append(restore(tail))
    return out
