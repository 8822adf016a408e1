"""The article's text: trafilatura run on the chrome-free page, its body rendered into blocks.

trafilatura is run once per page, for the text; its metadata (and so htmldate) is worked out
field by field when the pipeline reads it (``trafmeta``). A second run favouring recall
happens only when the first finds no text at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml.html import HtmlElement

from arshif.extract import marks
from arshif.extract.body import render_body
from arshif.extract.chrome_lines import drop_chrome_lines
from arshif.extract.record import Dropped, dropped_blocks
from arshif.extract.trafmeta import TrafilaturaMetadata

# Measured with bench/extraction.py on ../shared/eval: ScrapingHub shingle F1 0.969 with
# precision vs 0.966 without; the Arabic pages score the same either way, and without it short
# briefs in full templates come out with teaser cards, captions and date lines. Precision
# mode also prunes blocks by markup alone (a <header>, a "bottom" class…), which took a news
# agency's lead: prose_guard unmarks prose blocks first (issue 15).
FAVOR_PRECISION = True

# htmldate, run by trafilatura's metadata: the original publication date, not the extensive
# search, whose guesses from any date on the page are worse than the Arabic visible-text parser.
DATE_PARAMS = {"extensive_search": False, "original_date": True}

# trafilatura's safety nets cost a fifth of an extraction (in precision mode, mostly the
# pruning of the whole raw page readability starts from), and on the real pages of
# ../shared/eval they changed one text in 184, one whose own extraction was short. So the
# first run goes without them (``fast``) and the full run is made only when its result is one
# the nets could change (``needs_safety_nets``): every text under SAFETY_NET_CHARS among
# them. tests/extract/test_extract_safety_nets.py holds the full and the lazy runs equal on
# every evaluation page; bench/extraction.py measures what it saves.
SAFETY_NET_CHARS = 1500
# trafilatura.external.SANITIZED_XPATH: an extraction holding one of these is "unclean".
_UNCLEAN = (
    ".//aside|.//audio|.//button|.//fencedframe|.//fieldset|.//figure|.//footer|.//iframe"
    "|.//input|.//label|.//link|.//nav|.//noindex|.//noscript|.//object|.//option|.//select"
    "|.//source|.//svg|.//time"
)


@dataclass
class MainText:
    blocks: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    # trafilatura's metadata, marks restored: each field worked out when first read
    metadata: TrafilaturaMetadata | dict[str, Any] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)  # blocks taken out after trafilatura


def trafilatura_options(url: str | None) -> dict[str, Any]:
    """The options arshif runs ``trafilatura.bare_extraction`` with (``run_trafilatura``)."""
    return {
        "url": url,
        # trafilatura's metadata is read field by field when needed (``trafmeta``).
        "with_metadata": False,
        "include_comments": False,
        "include_tables": True,
        # Keeps <hi> (bold) in the body tree, so a bold-only paragraph can be read as the
        # subheading it is on many Arabic CMSs; the stored text is rendered without markup.
        "include_formatting": True,
        "favor_precision": FAVOR_PRECISION,
        "date_extraction_params": dict(DATE_PARAMS),
    }


def needs_safety_nets(document: Any) -> bool:
    """Whether trafilatura's safety nets (readability, then jusText, each compared with its own
    extraction) could change ``document``, a run made without them (``fast``): its text is
    short, it holds no paragraph text or more tables than paragraphs (readability then wins
    by rule), or it holds markup trafilatura reads as unclean (which sends it to jusText)."""
    text = (document.text or "") if document is not None else ""
    if len(text) < SAFETY_NET_CHARS:
        return True
    body = document.body
    if body is None or not body.xpath(".//p//text()"):
        return True
    return len(body.findall(".//table")) > len(body.findall(".//p")) or bool(
        body.xpath(_UNCLEAN)
    )


@contextmanager
def head_set_aside(tree: HtmlElement) -> Iterator[None]:
    """The ``<head>``'s elements but its JSON-LD taken out of ``tree`` meanwhile, then put back
    as they were (tails included). trafilatura, run without its metadata, reads nothing in the
    head but JSON-LD (its forum check); yet each of its raw-page XPaths visits every meta, link,
    script and style there, about a tenth of a page's elements. The texts are the same
    (tests/extract/test_extract_safety_nets.py)."""
    head = tree.find("head")
    kept = list(head) if head is not None else []
    if head is not None:
        for child in kept:
            if not (child.tag == "script" and child.get("type") == "application/ld+json"):
                head.remove(child)
    try:
        yield
    finally:
        if head is not None:
            head[:] = kept


def run_trafilatura(tree: HtmlElement, url: str | None, *, lazy: bool = True) -> Any:
    """trafilatura's document for ``tree`` as arshif asks for it, or None. ``lazy=False``
    always runs the safety nets (the reference the lazy run is held to)."""
    options = trafilatura_options(url)
    # trafilatura copies a tree it is given before changing it, so ``tree`` stays usable.
    document = trafilatura.bare_extraction(tree, fast=True, **options) if lazy else None
    if not lazy or needs_safety_nets(document):
        document = trafilatura.bare_extraction(tree, **options)
    if document is None or not (document.text or "").strip():
        # Short briefs can fall below trafilatura's size thresholds in precision mode; ask for
        # recall before giving up on the text.
        options["favor_precision"] = False
        document = trafilatura.bare_extraction(tree, favor_recall=True, **options) or document
    return document


def extract_main(tree: HtmlElement, html: str, url: str | None) -> MainText:
    """Blocks, subheadings and trafilatura's metadata of ``tree`` (parsed from ``html``, chrome
    already removed). Bidi marks are protected in ``tree`` for trafilatura and put back."""
    stand_ins = marks.protect_tree(tree, html)
    try:
        with head_set_aside(tree):
            document = run_trafilatura(tree, url)
    finally:
        marks.restore_tree(tree, stand_ins)
    if document is None:
        return MainText()
    rendered = render_body(document.body)
    blocks = drop_chrome_lines(rendered.blocks)
    kept = {" ".join(block.split()) for block in blocks}
    metadata = TrafilaturaMetadata(tree, html, url, DATE_PARAMS, stand_ins)
    headings = [h for h in rendered.headings if h in kept]
    return MainText(
        blocks, headings, metadata, dropped_blocks(rendered.blocks, blocks, "chrome-line")
    )
