"""Scores for extracted text: the ScrapingHub shingle metric, snippets, titles, dates.

Shingles follow scrapinghub/article-extraction-benchmark's ``evaluate.py``: tokens are ``\\w+``
runs (Unicode, so Arabic words are tokens), shingles are 4 consecutive tokens counted as a
multiset, TP/FP/FN per page are normalised to sum to 1, and precision and recall are averaged
over pages (precision over pages that predicted something, recall over pages with a truth),
F1 from the two means. Snippets follow trafilatura's evaluation (``with`` found = TP,
``without`` found = FP, counts pooled over pages), after a light normalisation (NFC, invisible
bidi/zero-width marks dropped, whitespace collapsed) so line breaks and marks do not decide.
"""

from __future__ import annotations

import random
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from arshif.textnorm import normalize_for_matching

_TOKEN = re.compile(r"\w+", re.UNICODE)
_INVISIBLE = re.compile("[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
# Markup-ish prefixes some extractors put before a heading or list line.
_LINE_PREFIX = re.compile(r"^[\s#*\-•>]+")

Counts = tuple[float, float, float]  # tp, fp, fn (normalised per page)


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    return Counter(
        tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n]
    )


def shingle_counts(true: str | None, pred: str | None, n: int = 4) -> Counts:
    """One page's TP/FP/FN over shingles, normalised to sum to 1 (as the benchmark does)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: Sequence[Counts]) -> tuple[float, float, float]:
    """Mean precision, mean recall and the F1 of the two, over pages (benchmark averaging)."""
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bootstrap_f1(
    counts: Sequence[Counts], other: Sequence[Counts] | None = None, n: int = 1000
) -> tuple[float, float]:
    """Mean and std of F1 over page resamples (of F1 - other's F1 when ``other`` is given)."""
    if len(counts) < 2:
        return (prf(counts)[2] if counts else 0.0), 0.0
    rng = random.Random(0)
    values = []
    for _ in range(n):
        idx = [rng.randrange(len(counts)) for _ in counts]
        f1 = prf([counts[i] for i in idx])[2]
        values.append(f1 - prf([other[i] for i in idx])[2] if other is not None else f1)
    return statistics.mean(values), statistics.stdev(values)


def for_snippets(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(_INVISIBLE.sub("", text).split())


@dataclass
class SnippetScore:
    found: int = 0  # ``with`` snippets present (TP)
    missed: int = 0  # ``with`` snippets absent (FN)
    leaked: int = 0  # ``without`` snippets present (FP)
    kept_out: int = 0  # ``without`` snippets absent (TN)

    def __add__(self, other: SnippetScore) -> SnippetScore:
        return SnippetScore(
            self.found + other.found,
            self.missed + other.missed,
            self.leaked + other.leaked,
            self.kept_out + other.kept_out,
        )

    def prf(self) -> tuple[float, float, float]:
        """trafilatura's pooled precision, recall and F1."""
        p = self.found / (self.found + self.leaked) if self.found + self.leaked else 0.0
        r = self.found / (self.found + self.missed) if self.found + self.missed else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_snippets(text: str | None, with_: Iterable[str], without: Iterable[str]) -> SnippetScore:
    haystack = for_snippets(text)
    wanted = [for_snippets(s) for s in with_]
    unwanted = [for_snippets(s) for s in without]
    found = sum(1 for s in wanted if s in haystack)
    leaked = sum(1 for s in unwanted if s in haystack)
    return SnippetScore(found, len(wanted) - found, leaked, len(unwanted) - leaked)


def same_title(truth: str, pred: str | None) -> bool:
    """Exact match after whitespace and Arabic normalisation (``normalize_for_matching``)."""
    return pred is not None and normalize_for_matching(truth) == normalize_for_matching(pred)


def same_date(truth: str, pred: str | None) -> bool:
    """Exact YYYY-MM-DD match; a missing date is wrong."""
    return pred is not None and pred.strip() == truth.strip()


def headings_kept(text: str | None, headings: Iterable[str]) -> int:
    """How many headings appear as a whole line of the text."""
    lines = {_LINE_PREFIX.sub("", for_snippets(line)) for line in (text or "").splitlines()}
    return sum(1 for h in headings if for_snippets(h) in lines)
