"""A user's query as an FTS5 expression: words that must all appear, "quoted words" as a phrase.

Nothing the user types is FTS5 syntax: every word is folded (see normalize) into tokens of
letters and digits and double-quoted, so ``NEAR``, ``*``, ``(``, ``:``, ``^`` or a stray quote
are plain text and never an FTS5 syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arshif.search.normalize import tokens

MAX_QUERY_CHARS = 500
MAX_TERMS = 16

# "…", «…» and “…” enclose a phrase; an unbalanced quote is just punctuation.
_PHRASE = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')


class QueryError(ValueError):
    """The query cannot be searched for; the message says why and what to type instead."""


@dataclass(frozen=True)
class Query:
    text: str  # as typed
    groups: tuple[tuple[str, ...], ...]  # each a word or a phrase, folded

    @property
    def terms(self) -> frozenset[str]:
        """Every folded token of the query (for highlighting)."""
        return frozenset(t for group in self.groups for t in group)

    def fts(self) -> str:
        """The FTS5 MATCH expression: every group must appear (tokens hold no quote)."""
        return " AND ".join('"' + " ".join(group) + '"' for group in self.groups)


def parse_query(text: str) -> Query:
    """``text`` as a Query; raises QueryError when empty, too long or without any word."""
    if text is None or not text.strip():
        raise QueryError("empty query: give one or more words to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS}): "
                         "search for a few distinctive words, or a short \"quoted phrase\"")
    groups: list[tuple[str, ...]] = []
    rest, last = [], 0
    for match in _PHRASE.finditer(text):
        rest.append(text[last:match.start()])
        last = match.end()
        phrase = tuple(tokens(next(g for g in match.groups() if g is not None)))
        if phrase:
            groups.append(phrase)
    rest.append(text[last:])
    groups.extend((t,) for t in tokens(" ".join(rest)))
    if not groups:
        raise QueryError(f"no word to search for in {text[:80]!r}: a query needs letters or digits")
    count = sum(len(g) for g in groups)
    if count > MAX_TERMS:
        raise QueryError(f"too many words ({count}; at most {MAX_TERMS}): "
                         "keep the few that matter most")
    # A repeated word or phrase changes nothing but the work done.
    unique = tuple(dict.fromkeys(groups))
    return Query(text, unique)
