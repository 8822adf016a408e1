"""A user's query as an FTS5 expression: words that must all appear, "quoted words" as a phrase.

A word matches by its stem (normalize.stem: "بالقاهرة" finds "القاهرة", "والقاهرة"…); a quoted
word or phrase matches only those folded words, in that order (exact form). In the index each
text has exact columns (title, body: folded tokens) and stem columns (title_stems,
body_stems). Results come in two tiers, each ranked by bm25: the texts with every word in the
exact form typed (``EXACT``), then those with another form of some word (``STEMS``): exact-form
matches rank above stem-only ones, and a common word is ranked among its exact matches only
when they are enough (the costly part of a search is scoring matches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arshif.search.normalize import stem, tokens

MAX_QUERY_CHARS = 500
MAX_TERMS = 16

# "…", «…» and “…” enclose a phrase; an unbalanced quote is just punctuation.
_PHRASE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')


class QueryError(ValueError):
    """The query cannot be searched for; the message says why and what to type instead."""


_EXACT, _STEMS = "{title body}", "{title_stems body_stems}"
EXACT, STEMS = "exact", "stems"  # the tiers of results
STEM_MARK = "\u0640"  # before every stem in the index (see sqlite_index)


@dataclass(frozen=True)
class Query:
    text: str  # as typed
    groups: tuple[tuple[str, ...], ...]  # each a word or a phrase, folded
    quoted: tuple[bool, ...] = ()  # per group: typed in quotes (exact form only); else a word

    def is_quoted(self, n: int) -> bool:
        return n < len(self.quoted) and self.quoted[n]

    @property
    def terms(self) -> frozenset[str]:
        """Every folded token of the query (for highlighting the exact forms)."""
        return frozenset(t for group in self.groups for t in group)

    @property
    def stems(self) -> frozenset[str]:
        """The stems of the words not in quotes (for highlighting the other forms)."""
        return frozenset(stem(g[0]) for n, g in enumerate(self.groups) if not self.is_quoted(n))

    def word_stems(self) -> list[tuple[str, str | None]]:
        """Each group as (the exact phrase, the stem when it is a word matched by stem)."""
        return [(" ".join(g), None if self.is_quoted(n) else stem(g[0])) for n, g in enumerate(self.groups)]

    def tiers(self) -> tuple[str, ...]:
        """EXACT, and STEMS when some word is matched by its stem."""
        return (EXACT, STEMS) if any(s is not None for _, s in self.word_stems()) else (EXACT,)

    def fts(self, tier: str = EXACT) -> str:
        """The FTS5 MATCH expression of a tier (tokens hold no quote): EXACT, every word or
        phrase as typed; STEMS, every word by its stem, but not all as typed."""
        groups = self.word_stems()
        exact = " AND ".join(f'{_EXACT} : "{e}"' for e, _ in groups)
        if tier == EXACT:
            return exact
        stems = " AND ".join(f'{_EXACT} : "{e}"' if s is None else f'{_STEMS} : "{STEM_MARK}{s}"' for e, s in groups)
        return f"({stems}) NOT ({exact})"


def parse_query(text: str) -> Query:
    """``text`` as a Query; raises QueryError when empty, too long or without any word."""
    if text is None or not text.strip():
        raise QueryError("empty query: give one or more words to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS}): "
                         "search for a few distinctive words, or a short \"quoted phrase\"")
    groups: list[tuple[tuple[str, ...], bool]] = []
    rest, last = [], 0
    for match in _PHRASE.finditer(text):
        rest.append(text[last:match.start()])
        last = match.end()
        phrase = tuple(tokens(next(g for g in match.groups() if g is not None)))
        if phrase:
            groups.append((phrase, True))
    rest.append(text[last:])
    groups.extend(((t,), False) for t in tokens(" ".join(rest)))
    if not groups:
        raise QueryError(f"no word to search for in {text[:80]!r}: a query needs letters or digits")
    count = sum(len(g) for g, _ in groups)
    if count > MAX_TERMS:
        raise QueryError(f"too many words ({count}; at most {MAX_TERMS}): "
                         "keep the few that matter most")
    # A repeated word or phrase changes nothing but the work done.
    unique = tuple(dict.fromkeys(groups))
    return Query(text, tuple(g for g, _ in unique), tuple(q for _, q in unique))
