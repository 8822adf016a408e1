"""Moved to arshif/textdiff.py (importing it from here loads the whole dedupe package, and with
it trafilatura: ``arshif diff`` must not pay for that). Kept so that older imports still work."""

from arshif.textdiff import (  # noqa: F401
    GREEN,
    RED,
    RESET,
    STRIKE,
    ParagraphChange,
    Piece,
    diff_texts,
    paragraphs,
    render,
    to_json,
)
