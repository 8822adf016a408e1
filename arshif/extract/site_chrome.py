"""Site chrome learned from a site's own pages: lines that recur on many distinct articles
(mastheads, "عاجل" tickers, "اقرأ أيضا" cards, "تابعونا على" prompts, share rows, ad copy) are
removed from the text, wherever they sit on the page.

What is counted is the number of distinct *texts* a line was seen on: a re-check of one
article counts once, and so do the copies of one article under other URLs (near-copies of its
text), so a sentence of one article can never be learned as chrome. A long line needs more
texts than a short one, and every chrome line must have been seen in two different contexts
(arshif/extract/chrome_evidence.py). A model is immutable once saved; learning from a new
crawl makes the next version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from arshif.extract.chrome_evidence import (
    NearCopyGroups,
    add_neighbour,
    evidence_needed,
    neighbours,
    varied_context,
)
from arshif.textnorm import NORMALIZER_VERSION, is_update_stamp, normalize_for_matching

# 2: lines keep their neighbours (the contexts they were seen in); count is of distinct texts.
MODEL_FORMAT = "arshif-site-chrome/2"
# Models of format 1 are read with no neighbours known: their lines are chrome again once
# seen in two contexts.
_READABLE_FORMATS = ("arshif-site-chrome/1", MODEL_FORMAT)
# A short line on this many distinct texts is chrome (longer ones need more: evidence_needed).
# Two would let two articles quoting the same sentence lose it; three or more of one site
# repeating a line verbatim, in different places, is the site talking.
MIN_ARTICLES = 3
# Enough article ids per line to decide; beyond it only the count matters.
MAX_IDS_PER_LINE = MIN_ARTICLES * 4
# A line seen on one article is forgotten after this many runs without being seen again, so
# the model does not grow with every paragraph the site ever published.
FORGET_AFTER_RUNS = 2


def line_key(line: str) -> str | None:
    normalised = normalize_for_matching(line)
    if not normalised:
        return None
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:20]


def article_id(canonical_url: str) -> str:
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:12]


@dataclass
class LineStats:
    text: str  # one example of the line as written, for people reading the model
    articles: list[str]  # distinct article ids (by URL), at most MAX_IDS_PER_LINE
    count: int  # distinct texts seen (may exceed len(articles); copies of one text count once)
    last_run: str
    # Keys of the first lines seen just before and just after it (START / END at the text's
    # ends), at most chrome_evidence.MAX_NEIGHBOURS each: its contexts.
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    def to_json(self) -> list:
        return [self.text, self.articles, self.count, self.last_run, self.before, self.after]

    @classmethod
    def from_json(cls, raw: list) -> LineStats:
        contexts = (list(raw[4]), list(raw[5])) if len(raw) >= 6 else ([], [])
        return cls(raw[0], list(raw[1]), int(raw[2]), raw[3], *contexts)


@dataclass
class SiteChrome:
    """One version of a site's learned chrome."""

    site: str
    version: int = 0
    runs: list[str] = field(default_factory=list)
    lines: dict[str, LineStats] = field(default_factory=dict)
    min_articles: int = MIN_ARTICLES

    @property
    def name(self) -> str:
        return f"{self.site}/v{self.version}"

    def chrome_keys(self) -> frozenset[str]:
        """The keys of the lines learned as chrome: seen on enough distinct texts for their
        length, in two different contexts."""
        return self._chrome

    @cached_property
    def _chrome(self) -> frozenset[str]:
        # Computed once: a model is not changed once built.
        return frozenset(
            key for key, stats in self.lines.items()
            if stats.count >= evidence_needed(stats.text, self.min_articles)
            and varied_context(key, self.lines)
        )

    def is_chrome(self, line: str) -> bool:
        key = line_key(line)
        return key is not None and key in self._chrome

    def filter_blocks(self, blocks: list[str]) -> list[str]:
        """The blocks without their chrome lines; a block of chrome only disappears."""
        kept = []
        for block in blocks:
            lines = [line for line in block.split("\n") if not self.is_chrome(line)]
            if any(line.strip() for line in lines):
                kept.append("\n".join(lines))
        return kept

    def to_json(self) -> dict:
        return {"format": MODEL_FORMAT, "site": self.site, "version": self.version,
                "normalizer_version": NORMALIZER_VERSION, "min_articles": self.min_articles,
                "runs": self.runs, "chrome": sorted(self.lines[k].text for k in self.chrome_keys()),
                "lines": {key: stats.to_json() for key, stats in sorted(self.lines.items())}}

    @classmethod
    def from_json(cls, raw: dict) -> SiteChrome:
        if raw.get("format") not in _READABLE_FORMATS:
            raise ValueError(f"not a site chrome model: format {raw.get('format')!r}")
        if raw.get("normalizer_version") != NORMALIZER_VERSION:
            # Keys hash normalised text: with another normaliser they mean nothing. Start over.
            return cls(site=raw["site"], version=raw["version"], runs=raw.get("runs", []))
        return cls(site=raw["site"], version=raw["version"], runs=raw.get("runs", []),
                   lines={k: LineStats.from_json(v) for k, v in raw["lines"].items()},
                   min_articles=raw.get("min_articles", MIN_ARTICLES))


class ChromeLearner:
    """Adds one crawl's articles to the previous model; ``model()`` is the next version."""

    def __init__(self, previous: SiteChrome, run: str) -> None:
        self.previous = previous
        self.run = run
        self.lines = {k: LineStats(s.text, list(s.articles), s.count, s.last_run, list(s.before),
                                   list(s.after))
                      for k, s in previous.lines.items()}
        self.seen_articles = 0
        # Copies of one text in this crawl count once; compared without the chrome known so far.
        self._texts = NearCopyGroups(ignore=previous.is_chrome)
        self._counted: set[tuple[str, str]] = set()  # (line key, text group) counted this run

    def observe(self, canonical_url: str, text: str) -> None:
        """Counts each distinct line of one article's text once per distinct text, with the
        lines beside it."""
        ident = article_id(canonical_url)
        group = self._texts.group_of(ident, text)
        self.seen_articles += 1
        keyed = [(line, key) for line in _distinct_lines(text.split("\n")) if (key := line_key(line))]
        sides = neighbours([key for line in text.split("\n") if (key := line_key(line))])
        for line, key in keyed:
            stats = self.lines.get(key)
            if stats is None:
                stats = self.lines[key] = LineStats(line, [], 0, self.run)
            stats.last_run = self.run
            if ident in stats.articles:
                continue  # a re-check of an article already counted
            if len(stats.articles) < MAX_IDS_PER_LINE:
                stats.articles.append(ident)  # every URL: a takedown purges by article id
            if (key, group) in self._counted:
                continue  # another copy of a text already counted
            self._counted.add((key, group))
            stats.count += 1
            before, after = sides[key]
            for seen in sorted(before):
                add_neighbour(stats.before, seen)
            for seen in sorted(after):
                add_neighbour(stats.after, seen)

    def model(self) -> SiteChrome:
        recent = set((self.previous.runs + [self.run])[-FORGET_AFTER_RUNS:])
        kept = {k: s for k, s in self.lines.items() if s.count > 1 or s.last_run in recent}
        runs = self.previous.runs + ([self.run] if self.run not in self.previous.runs else [])
        return SiteChrome(site=self.previous.site, version=self.previous.version + 1, runs=runs,
                          lines=kept, min_articles=self.previous.min_articles)



def text_line_keys(text: str) -> list[str]:
    """The keys of a text's lines, in order, "updated at" stamps left out: enough to fingerprint
    the text later under any version of the site's chrome, without the text itself."""
    return [key for line in text.split("\n")
            if line.strip() and not is_update_stamp(line) and (key := line_key(line))]


def fingerprint_lines(keys: list[str], model: SiteChrome | None) -> str:
    """The text's fingerprint once ``model``'s chrome lines are left out. Comparing two captures
    under the same model keeps a newer model from passing for an edit of the article."""
    chrome = model.chrome_keys() if model else set()
    kept = "\n".join(key for key in keys if key not in chrome)
    return "lines:" + hashlib.sha256(kept.encode("ascii")).hexdigest()


def _distinct_lines(lines: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped and stripped not in seen:
            seen.add(stripped)
            out.append(stripped)
    return out
