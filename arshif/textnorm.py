"""Arabic text normalisation for hashing and search only.

What is stored and shown is always the text as extracted; this module builds *keys*: two
renderings of one article (a re-render, a copy with different diacritics, digits or bidi marks)
must give the same key. Changing any step changes every key, so bump ``NORMALIZER_VERSION``
whenever the output changes for any input: stored hashes and MinHash signatures carry it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata

NORMALIZER_VERSION = 1

# Harakat, tanwin, shadda, sukun (U+064B–U+0652) and the superscript (dagger) alef U+0670.
_TASHKEEL = re.compile("[\u064b-\u0652\u0670]")
_TATWEEL = "\u0640"

# Invisible marks that change rendering, not words: ZWSP/ZWNJ/ZWJ/LRM/RLM, the Arabic letter
# mark, embeddings/overrides, isolates, and a stray BOM inside text.
_INVISIBLE = re.compile("[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")

_LETTERS = str.maketrans(
    {
        # ى→ي must happen before alef folding: PyArabic's normalize_alef folds ى into ا and
        # turns "إلى" ("to") into "الا", the folding of "إلا" ("except"): two of the commonest
        # words would match each other.
        "\u0649": "\u064a",
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
    }
)

_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic ٠-٩
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian ۰-۹
        "\u066b": ".",  # ٫ Arabic decimal separator
        "\u066c": ",",  # ٬ Arabic thousands separator
    }
)


def fold_arabic(text: str) -> str:
    """Fold spelling variants (NFKC, diacritics, tatweel, ى/alef, digits, bidi marks).

    Keeps punctuation and layout, so date and byline parsers can use it on visible text.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _TASHKEEL.sub("", text)
    text = text.replace(_TATWEEL, "")
    text = text.translate(_LETTERS)
    text = text.translate(_DIGITS)
    return _INVISIBLE.sub("", text)


@functools.cache
def _punctuation() -> re.Pattern[str]:
    # Every Unicode punctuation character (categories P*), Arabic ، ؛ ؟ ٪ included; a '.' or
    # ',' between digits is part of the number ("3.5", "1,000") and is kept.
    points = [cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp))[0] == "P"]
    ranges: list[tuple[int, int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    parts = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    return re.compile(rf"(?<=\d)([.,])(?=\d)|[{parts}]")


def _punctuation_to_space(text: str) -> str:
    return _punctuation().sub(lambda m: m.group(1) or " ", text)


def normalize_for_matching(text: str) -> str:
    """The key text for hashing and search (never for storage or display)."""
    text = fold_arabic(text)
    text = _punctuation_to_space(text)
    return " ".join(text.split()).lower()


# Lines that only say when the page was last updated change on every re-render without the
# article changing. Kept deliberately short; each entry is matched on the folded line start:
#   آخر تحديث / اخر تحديث …   ("last update: …")
#   تم التحديث …              ("updated …")
#   تاريخ التحديث …           ("update date …")
#   محدث في / مُحدَّث …        ("updated at …")
#   updated: … / updated at|on … / last updated …
_STAMP_LINE = re.compile(
    r"^(?:(?:اخر تحديث|تم التحديث|تاريخ التحديث|محدث|last updated)\b|updated\s*(?::|at\b|on\b))",
    re.IGNORECASE,
)
_STAMP_MAX_CHARS = 80


def is_update_stamp(line: str) -> bool:
    """True for a short line that is only a visible "updated at …" stamp."""
    folded = fold_arabic(line).strip(" \t:-–—|•*#")
    return len(folded) <= _STAMP_MAX_CHARS and bool(_STAMP_LINE.match(folded))


def text_fingerprint(text: str) -> str:
    """``sha256:<hex>`` of the normalised text, ignoring "updated at" stamp lines."""
    kept = [line for line in text.splitlines() if not is_update_stamp(line)]
    key = normalize_for_matching("\n".join(kept))
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
