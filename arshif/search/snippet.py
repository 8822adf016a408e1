"""Snippets from the ORIGINAL text with the query's words marked, diacritics and all.

The index holds folded tokens only; to mark a word where it stands in the original, each query
token becomes a pattern over original spellings: each folded letter matches any character that
folds to it (ا: ا أ إ آ ٱ and their presentation forms; ي: ي ى; ه: ه ة; 1: 1 ١ ۱; a: a A),
and anything that folding deletes (tashkeel, tatweel, bidi marks) may sit between and after
the letters. One regular-expression pass per text, no per-word folding. A word written with a
ligature that NFKC splits into two letters (ﻻ) is found by search but not marked.

A word of the query matched by its stem marks every word of the text with that stem: the
stem's pattern finds where it stands inside words (a light stem is part of the word), and
each such word is kept when its own stem is the query's. A word whose stem is not a part of
it (rare: the stemmer also rewrites a final hamza) is found but not marked.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable

from arshif.search.normalize import search_fold, stem, tokens

SNIPPET_CHARS = 220  # about 35 Arabic words
_LEAD = 50  # characters kept before the first marked word
_ELLIPSIS = "…"
# Code points whose folding is looked at: Latin, Arabic and its supplements and presentation
# forms, general punctuation (bidi marks), fullwidth forms.
_RANGES = ((0x0000, 0x024F), (0x0600, 0x077F), (0x08A0, 0x08FF), (0x2000, 0x206F),
           (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF00, 0xFFEF))


@functools.cache
def _folding() -> tuple[dict[str, str], str]:
    """Folded character → every character that folds to it; and the class of characters that
    folding deletes."""
    variants: dict[str, list[str]] = {}
    deleted: list[str] = []
    for low, high in _RANGES:
        for code in range(low, min(high, sys.maxunicode) + 1):
            char = chr(code)
            folded = search_fold(char)
            if folded == "":
                deleted.append(char)
            elif len(folded) == 1 and folded != char:
                variants.setdefault(folded, []).append(char)
    classes = {k: "".join(sorted(set(v))) for k, v in variants.items()}
    return classes, "[" + "".join(re.escape(c) for c in deleted) + "]*"


def _token_pattern(token: str) -> str:
    classes, skip = _folding()
    letters = [f"[{re.escape(ch)}{''.join(re.escape(c) for c in classes.get(ch, ''))}]" for ch in token]
    return skip.join(letters) + skip


@functools.lru_cache(maxsize=256)
def matcher(terms: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the folded ``terms`` as a whole word of an original text."""
    if not terms:
        return None
    body = "|".join(_token_pattern(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")


@functools.lru_cache(maxsize=256)
def stem_matcher(stems: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``stems`` anywhere, inside words too."""
    if not stems:
        return None
    return re.compile("|".join(_token_pattern(t) for t in sorted(stems, key=lambda t: (-len(t), t))))


@functools.cache
def _word_part() -> re.Pattern[str]:
    """A run of letters, digits and what folding deletes (a word with its diacritics)."""
    return re.compile(rf"(?:[^\W_]|{_folding()[1][:-1]})+")


def _stem_marks(text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
    pattern = stem_matcher(stems)
    if pattern is None:
        return []
    found: list[tuple[int, int]] = []
    part = _word_part()
    for hit in pattern.finditer(text):
        start, end = hit.start(), hit.end()
        while start > 0 and part.fullmatch(text[start - 1]):
            start -= 1
        after = part.match(text, end)
        end = after.end() if after else end
        word = tokens(text[start:end])
        if len(word) == 1 and stem(word[0]) in stems and (not found or found[-1][1] <= start):
            found.append((start, end))
    return found


def marks(text: str, terms: frozenset[str], stems: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where the query's words are in ``text``: (start, end) character offsets; ``stems``
    also marks the other words with those stems."""
    pattern = matcher(terms)
    if not text:
        return []
    spans = [] if pattern is None else [m.span() for m in pattern.finditer(text)]
    if stems:
        spans = sorted(set(spans) | set(_stem_marks(text, stems)))
        kept: list[tuple[int, int]] = []
        for span in spans:  # one word found both ways is marked once
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        spans = kept
    return spans


def _term_of(text: str) -> str:
    """The query word a marked stretch stands for (its stem: بالقاهرة and القاهرة are one)."""
    found = tokens(text)
    return stem(found[0]) if found else text


def _window(text: str, spans: list[tuple[int, int]], exact: frozenset = frozenset()) -> tuple[int, int]:
    """The stretch of ``text`` that shows the most different query words, then the most in
    the form typed (``exact`` spans), then the most marks (the first such)."""
    if not spans:
        return 0, min(len(text), SNIPPET_CHARS)
    best, best_score = (0, 0), (-1, -1, -1)
    for start, _end in spans:
        low = max(0, start - _LEAD)
        high = low + SNIPPET_CHARS
        inside = [text[s:e] for s, e in spans if s >= low and e <= high]
        score = (len({_term_of(w) for w in inside}),
                 sum(1 for s, e in spans if s >= low and e <= high and (s, e) in exact), len(inside))
        if score > best_score:
            best, best_score = (low, high), score
    return best


def _snap(text: str, low: int, high: int) -> tuple[int, int]:
    """``low``/``high`` moved outwards to whole words."""
    if low > 0:
        space = max(text.rfind(" ", 0, low), text.rfind("\n", 0, low))
        low = space + 1 if space >= 0 else 0
    if high < len(text):
        ends = [i for i in (text.find(" ", high), text.find("\n", high)) if i >= 0]
        high = min(ends) if ends else len(text)
    return low, min(high, len(text))


def _squeeze(piece: str) -> str:
    return re.sub(r"\s+", " ", piece)


def snippet(text: str, terms: frozenset[str],
            stems: frozenset[str] = frozenset()) -> tuple[str, list[tuple[int, int]]]:
    """A short passage of the original ``text`` around the query's words, its white space
    squeezed to single spaces, and where the words are in it (character offsets)."""
    text = text or ""
    spans = marks(text, terms, stems)
    exact = frozenset(marks(text, terms)) if stems else frozenset()
    low, high = _snap(text, *_window(text, spans, exact))
    out: list[str] = [_ELLIPSIS + " "] if low > 0 else []
    length = len(out[0]) if out else 0
    highlights: list[tuple[int, int]] = []
    cursor = low
    for start, end in spans:
        if start < low or end > high:
            continue
        between = _squeeze(text[cursor:start])
        if not out and not highlights:
            between = between.lstrip()
        out.append(between)
        length += len(between)
        highlights.append((length, length + end - start))
        out.append(text[start:end])
        length += end - start
        cursor = end
    tail = _squeeze(text[cursor:high]).rstrip()
    if not highlights:
        tail = tail.lstrip()
    out.append(tail)
    if high < len(text.rstrip()):
        out.append(" " + _ELLIPSIS)
    return "".join(out), highlights


def render(text: str, highlights: Iterable[tuple[int, int]], before: str, after: str) -> str:
    """``text`` with each highlighted stretch between ``before`` and ``after``."""
    out, cursor = [], 0
    for start, end in highlights:
        out += [text[cursor:start], before, text[start:end], after]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
