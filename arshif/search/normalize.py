"""Search keys: the text folded for matching, on the index side and the query side alike.

Only the index holds folded text; what is stored and shown is the original. On top of
``arshif.textnorm.fold_arabic`` (NFKC, tashkeel, tatweel, alef forms, ى→ي, Arabic-Indic and
Persian digits, bidi marks) search folds ة→ه and case: a query typed without diacritics, or with
a final ه for ة, finds the article as written. ``fold_arabic`` itself is left as it is, since it
keys stored hashes; bump ``SEARCH_NORMALIZER`` whenever ``search_fold`` changes its output, so
that an index built with the old folding is reported as needing ``arshif reindex``.
"""

from __future__ import annotations

import re

from arshif.textnorm import NORMALIZER_VERSION, fold_arabic

SEARCH_NORMALIZER = f"arshif-search/1+textnorm/{NORMALIZER_VERSION}"

# A token is a run of letters and digits (Unicode L* and N*, as FTS5's unicode61 tokenizer
# reads them); everything else, underscore and combining marks included, separates tokens.
# Indexing space-joined tokens makes the tokenizer's own rules irrelevant: both sides agree.
_TOKEN = re.compile(r"[^\W_]+")


def search_fold(text: str) -> str:
    """``fold_arabic`` plus ة→ه and case folding."""
    return fold_arabic(text).replace("\u0629", "\u0647").casefold()


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, in order."""
    return _TOKEN.findall(search_fold(text))


def index_text(text: str) -> str:
    """What the full-text index stores for ``text``: its tokens joined by spaces."""
    return " ".join(tokens(text))
