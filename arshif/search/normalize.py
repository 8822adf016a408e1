"""Search keys: the text folded for matching, on the index side and the query side alike.

Only the index holds folded text; what is stored and shown is the original. On top of
``arshif.textnorm.fold_arabic`` (NFKC, tashkeel, tatweel, alef forms, ى→ي, Arabic-Indic and
Persian digits, bidi marks) search folds ة→ه and case: a query typed without diacritics, or with
a final ه for ة, finds the article as written. ``fold_arabic`` itself is left as it is, since it
keys stored hashes; bump ``SEARCH_NORMALIZER`` whenever ``search_fold`` changes its output, so
that an index built with the old folding is reported as needing ``arshif reindex``.

Stems (``stem``): Arabic attaches the article, conjunctions and prepositions to the word
(ال، و، ف، ب، ك، ل، لل، وال، بال…) and suffixes (ة، ات، ون، ين، ها…), so a word as typed rarely
is the word as written. Each folded token also has a light stem from the Snowball Arabic
stemmer (PyStemmer, the stemmer of PostgreSQL's ``arabic`` configuration), computed here for
both databases so that both match the same stems. Two steps before it keep the stems
consistent with our folding: a final ه is given to the stemmer as ة (the folding made them one
letter, and the stemmer only strips the suffix as ة), and و/ف/ب/ك before ال is taken off a
word of six letters or more (the stemmer leaves "والقاهرة" whole, since it never strips و/ف
before an alef, and takes "باللون" for a plural in ون: "بالل" where "اللون" gives "لون").
"""

from __future__ import annotations

import functools
import re
import threading

import Stemmer

from arshif.textnorm import NORMALIZER_VERSION, fold_arabic

# The stemmer's version is part of the key: a new Snowball release may stem words otherwise.
SEARCH_NORMALIZER = f"arshif-search/2+textnorm/{NORMALIZER_VERSION}+snowball-arabic/{Stemmer.version()}"

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


_STEMMERS = threading.local()  # a PyStemmer Stemmer is not safe to share between threads
_TA_MARBUTA, _HA = "\u0629", "\u0647"
_BEFORE_AL = "\u0648\u0641\u0628\u0643"  # و ف ب ك


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_STEMMERS, "arabic", None)
    if stemmer is None:
        stemmer = _STEMMERS.arabic = Stemmer.Stemmer("arabic")
    return stemmer


@functools.lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The light stem of a folded token (``tokens``' output): "بالقاهرة", "القاهره" and
    "والقاهرة" all stem to "قاهر". Tokens without Arabic letters are their own stem."""
    if not any("\u0621" <= ch <= "\u064a" for ch in token):
        return token
    word = token[:-1] + _TA_MARBUTA if token.endswith(_HA) else token
    if len(word) >= 6 and word[0] in _BEFORE_AL and word[1:3] == "\u0627\u0644":  # وال، فال، بال، كال
        word = word[1:]
    return _stemmer().stemWord(word).replace(_TA_MARBUTA, _HA)


def stem_text(text: str) -> str:
    """What the index stores as stems of ``text``: the stem of each token, in order."""
    return " ".join(stem(t) for t in tokens(text))
