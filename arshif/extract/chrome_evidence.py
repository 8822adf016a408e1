"""What counts as evidence that a line is a site's chrome, and not an article (issue 15).

Chrome is what a site prints around every story: mastheads, tickers, prompts, share rows,
captions. Three rules keep an article from being learned as chrome when one body is served
under several URLs (aliases without rel=canonical, print and AMP copies, a wire text posted
twice, the same story in UTF-8 and in windows-1256):

- evidence is counted by distinct *texts*: captures whose texts are near-copies of each other
  (:class:`NearCopyGroups`) are one article;
- a long line needs far more texts than a short one (:func:`evidence_needed`): a 40-word
  paragraph is prose, and prose is seldom chrome;
- a chrome line must have been seen in two different contexts (:func:`varied_context`): beside
  a different line before it or after it. The lines of a copied article always sit beside the
  same lines; a slogan above every story sits above a different first paragraph each time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

# A line of up to this many words needs the model's minimum of texts to be chrome; each
# further step of this many words doubles it, up to 2**_MAX_DOUBLINGS times (a 40-word
# paragraph: 24 texts where a 6-word prompt needs 3). Real chrome is on every article of the
# site, so it reaches any of these counts in a run or two; a copied article does not.
SHORT_LINE_WORDS = 12
_MAX_DOUBLINGS = 3
# The neighbours kept per side of a line: two are enough to tell one context from several.
MAX_NEIGHBOURS = 2
# Neighbours of the first and last line of a text.
START, END = "^", "$"
# Per text, the smallest shingle hashes that propose candidate copies (a bottom-k sketch): two
# texts with Jaccard J share the smallest of their union's shingles with probability J, so a
# copy at the near-copy threshold (0.55) shares none of 16 with probability < 1e-5. Each
# value proposes at most _MAX_PER_VALUE texts, so a shingle common to the whole site (a bit of
# chrome) cannot make every text a candidate of every other.
_SKETCH = 16
_MAX_PER_VALUE = 8


def evidence_needed(line: str, min_texts: int) -> int:
    """How many distinct texts ``line`` must be seen on before it is chrome."""
    words = len(line.split())
    doublings = min(_MAX_DOUBLINGS, max(0, words - 1) // SHORT_LINE_WORDS)
    return min_texts * 2**doublings


class Neighbours(Protocol):
    before: list[str]
    after: list[str]


def add_neighbour(seen: list[str], key: str) -> None:
    """Keeps the first ``MAX_NEIGHBOURS`` distinct neighbours of one side of a line."""
    if key not in seen and len(seen) < MAX_NEIGHBOURS:
        seen.append(key)


def neighbours(keys: list[str]) -> dict[str, tuple[set[str], set[str]]]:
    """For each distinct key of a text's lines (in order), the keys seen before and after it."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for index, key in enumerate(keys):
        before, after = found.setdefault(key, (set(), set()))
        before.add(keys[index - 1] if index else START)
        after.add(keys[index + 1] if index + 1 < len(keys) else END)
    return found


def varied_context(key: str, lines: Mapping[str, Neighbours]) -> bool:
    """Whether the line ``key`` was seen in two different contexts.

    Lines that always appear together (a share row of three lines, a masthead and its name, a
    footer block) are glued: the first one always precedes the second, and the second always
    follows the first. Such a run is judged as one: by the neighbours before its first line
    and after its last. The paragraphs of a copied article are one such run, and its ends sit
    beside the same lines in every copy.
    """

    def glued(first: str, second: str) -> bool:
        one, two = lines.get(first), lines.get(second)
        return one is not None and two is not None and one.after == [second] and two.before == [first]

    def end_varies(side: Callable[[Neighbours], list[str]], next_pair: Callable[[str, str], bool]) -> bool:
        current, walked = key, {key}
        while True:
            seen = side(lines[current])
            if len(seen) >= 2:
                return True
            if len(seen) != 1 or seen[0] in walked or not next_pair(current, seen[0]):
                return False  # one context (or none known, in a model of an older format)
            current = seen[0]
            walked.add(current)

    return (end_varies(lambda s: s.before, lambda cur, prev: glued(prev, cur))
            or end_varies(lambda s: s.after, lambda cur, nxt: glued(cur, nxt)))


class NearCopyGroups:
    """Groups the texts of one crawl that are near-copies of each other: the same article under
    several URLs, in another encoding, or with a few broken bytes counts as one text.

    Near-copy is the near-copy index's own test (arshif/dedupe/nearcopy.py): the exact Jaccard
    of word 5-gram shingle sets at or above its confirm threshold. Candidates come from an
    in-memory bottom-k sketch: a crawl's texts are compared with each other only, and never
    more than a few candidates per text.
    """

    def __init__(self, ignore: Callable[[str], bool] = lambda line: False) -> None:
        # Imported here: arshif.dedupe imports this package's site_chrome (for its fingerprints).
        from arshif.dedupe.minhash import jaccard_sorted, shingle_array
        from arshif.dedupe.nearcopy import DEFAULT_CONFIRM_THRESHOLD

        self._shingle, self._jaccard = shingle_array, jaccard_sorted
        self.threshold = DEFAULT_CONFIRM_THRESHOLD
        self._ignore = ignore  # lines not to compare (the site's chrome known so far)
        self._shingles: dict[str, np.ndarray] = {}  # group → its first text's shingles
        self._by_value: dict[int, list[str]] = {}

    def group_of(self, ident: str, text: str) -> str:
        """The group of a text: the ident of the first text it is a near-copy of, or its own."""
        lines = [line for line in text.split("\n") if line.strip() and not self._ignore(line)]
        # Compared by their prose: the short lines (labels, prompts, headlines of other stories)
        # are where chrome is, and a short story in a heavy template must not pass for a copy
        # of another one. A text without prose is compared whole.
        prose = [line for line in lines if len(line.split()) > SHORT_LINE_WORDS] or lines
        shingles = self._shingle("\n".join(prose))
        if not shingles.size:
            return ident
        sketch = [int(value) for value in shingles[:_SKETCH]]  # sorted: the smallest first
        candidates = dict.fromkeys(group for value in sketch for group in self._by_value.get(value, ()))
        for group in candidates:
            if self._jaccard(shingles, self._shingles[group]) >= self.threshold:
                return group
        self._shingles[ident] = shingles
        for value in sketch:
            groups = self._by_value.setdefault(value, [])
            if len(groups) < _MAX_PER_VALUE:
                groups.append(ident)
        return ident
