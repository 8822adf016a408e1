"""The words of page chrome in Arabic: labels that open a chrome box ("اقرأ أيضا", "عاجل",
"شارك") and the masthead credits printed around an article ("رئيس التحرير: …"), with the
tests that tell a credit line or a name from prose. Used by the removal of chrome elements
(``chrome``) and of chrome lines from the text (``chrome_lines``)."""

from __future__ import annotations

import re

from arshif.extract.marks import restore
from arshif.textnorm import fold_arabic, normalize_for_matching

# Visible labels (normalised) that open a chrome box: a related list, a ticker, a share row.
BOX_LABELS = (
    "اقرا ايضا",
    "اقرا المزيد",
    "شاهد ايضا",
    "طالع ايضا",
    "اخبار ذات صلة",
    "مواضيع ذات صلة",
    "ذات صلة",
    "الاكثر قراءة",
    "المزيد من الاخبار",
    "عاجل",
    "شارك",
    "شارك الخبر",
    "مشاركة",
    "تابعنا",
    "تابعونا",
    "اشترك في النشرة",
    "النشرة البريدية",
    "النشرة الاخبارية",
)

# Masthead credits printed around the article (normalised prefixes).
MASTHEAD = (
    "رئيس التحرير",
    "رئيس مجلس الادارة",
    "رئيسا مجلس الادارة",
    "نائب رئيس التحرير",
    "مدير التحرير",
)
MASTHEAD_MAX_CHARS = 80
# The name printed under a credit line: a few words, no sentence punctuation.
_NAME_MAX_WORDS = 4
_MASTHEAD_TITLES = "|".join(re.escape(m) for m in sorted(MASTHEAD, key=len, reverse=True))
# A credit is the title alone or followed by a separator and a name ("رئيس التحرير: أحمد
# ناصف"); "رئيس التحرير يعلن استقالته" is a headline about the editor, not a credit.
_CREDIT = re.compile(rf"^(?:{_MASTHEAD_TITLES})\s*(?:$|[:/|\-–—])")
# Without a separator ("رئيس التحرير أحمد ناصف") only a short name may follow, and only
# outside headings.
_BARE_CREDIT = re.compile(rf"^(?:{_MASTHEAD_TITLES})\s+(?P<name>.+)$")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def label_key(text: str) -> str:
    """Normalised form used to compare visible text with the label lists."""
    return normalize_for_matching(restore(text))


def is_credit(text: str, bare_name: bool = False) -> bool:
    """True for a masthead credit line: "رئيس التحرير", "رئيس التحرير / أحمد ناصف" (and
    "رئيس التحرير أحمد ناصف" when ``bare_name``)."""
    folded = " ".join(fold_arabic(restore(text)).split())
    if len(folded) > MASTHEAD_MAX_CHARS:
        return False
    if _CREDIT.match(folded):
        return True
    bare = _BARE_CREDIT.match(folded) if bare_name else None
    return bool(bare and is_name(bare.group("name")))


def is_name(text: str) -> bool:
    """True for what could be the name printed under a credit: a few words, no sentence."""
    words = text.split()
    return 0 < len(words) <= _NAME_MAX_WORDS and not re.search(r"[.،؛:!?؟]", text)
