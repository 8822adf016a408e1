"""The article's text: trafilatura run on the chrome-free page, its body rendered into blocks.

trafilatura is run once per page, for the text; its metadata (and so htmldate) is worked out
field by field when the pipeline reads it (``trafmeta``). A second run favouring recall
happens only when the first finds no text at all.
"""

from __future__ import annotations

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


def run_trafilatura(tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's document for ``tree`` as arshif asks for it, or None."""
    options = trafilatura_options(url)
    # trafilatura copies a tree it is given before changing it, so ``tree`` stays usable.
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
