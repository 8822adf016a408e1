"""Drop chrome that survives extraction as whole lines of the text.

Some chrome has no markup to catch before trafilatura: a lone "عاجل" or "نشر" label, a
masthead credit printed as a paragraph, a comment-policy note under the story. These are
matched on whole extracted blocks only, never inside a paragraph.
"""

from __future__ import annotations

import re

from arshif.extract.chrome_labels import BOX_LABELS, MASTHEAD, is_credit, is_name, label_key

# Blocks that are chrome when they stand alone (normalised).
_LONE_LINES = {
    *BOX_LABELS,
    "نشر",
    "طباعة",
    "حفظ",
    "نسخ الرابط",
    "تكبير الخط",
    "تصغير الخط",
}

# Comment-policy and opinion disclaimers printed under the article ("الآراء الواردة أدناه لا
# تعبر عن رأي الموقع", "المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي …"), matched on
# normalised blocks of at most _DISCLAIMER_MAX_CHARS.
_DISCLAIMER = re.compile(
    r"^(?:الاراء الواردة|التعليقات المنشورة|جميع التعليقات)|لا (?:تعبر|يعبر) بالضرورة عن"
)
_DISCLAIMER_MAX_CHARS = 200
# Every rule above is about Arabic words, and normalising costs more than the rest of this
# module: a block with no Arabic letter, or too long to normalise down to the longest rule
# (diacritics and punctuation seldom take half of a text; 3× is the margin), is kept as it is.
_ARABIC = re.compile("[\u0621-\u064a]")
_MAX_RAW_CHARS = 3 * _DISCLAIMER_MAX_CHARS
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def drop_chrome_lines(blocks: list[str]) -> list[str]:
    """The blocks without lone chrome labels, disclaimers and masthead credits (a bare
    credit takes the name printed under it along)."""
    kept: list[str] = []
    expect_name = False
    for block in blocks:
        if expect_name and is_name(block):
            expect_name = False
            continue
        expect_name = False
        if len(block) > _MAX_RAW_CHARS or not _ARABIC.search(block):
            if _LETTER_OR_DIGIT.search(block):
                kept.append(block)
            continue
        key = label_key(block)
        if not key or key in _LONE_LINES:
            continue
        if len(key) <= _DISCLAIMER_MAX_CHARS and _DISCLAIMER.search(key):
            continue
        if is_credit(block):
            expect_name = key in MASTHEAD
            continue
        kept.append(block)
    return kept
