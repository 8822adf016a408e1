"""Site chrome learned from a site's own pages: lines that recur on many distinct articles
(mastheads, "عاجل" tickers, "اقرأ أيضا" cards, "تابعونا على" prompts, share rows, ad copy) are
removed from the text, wherever they sit on the page.

What is counted is the number of distinct articles a line was seen on (a re-check of one
article counts once), so a sentence found on one page only can never be learned as chrome.
A model is immutable once saved; learning from a new crawl makes the next version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from arshif.textnorm import NORMALIZER_VERSION, is_update_stamp, normalize_for_matching

MODEL_FORMAT = "arshif-site-chrome/1"
# A line on this many distinct articles is chrome. Two would let two articles quoting the same
# sentence lose it; three or more of one site repeating a line verbatim is the site talking.
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
    articles: list[str]  # distinct article ids, at most MAX_IDS_PER_LINE
    count: int  # distinct articles seen (may exceed len(articles))
    last_run: str

    def to_json(self) -> list:
        return [self.text, self.articles, self.count, self.last_run]

    @classmethod
    def from_json(cls, raw: list) -> LineStats:
        return cls(raw[0], list(raw[1]), int(raw[2]), raw[3])


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

    def chrome_keys(self) -> set[str]:
        return {key for key, stats in self.lines.items() if stats.count >= self.min_articles}

    @cached_property
    def _chrome(self) -> frozenset[str]:
        return frozenset(self.chrome_keys())  # a model is not changed once built

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
        if raw.get("format") != MODEL_FORMAT:
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
        self.lines = {k: LineStats(s.text, list(s.articles), s.count, s.last_run)
                      for k, s in previous.lines.items()}
        self.seen_articles = 0

    def observe(self, canonical_url: str, text: str) -> None:
        """Counts each distinct line of one article's text once."""
        ident = article_id(canonical_url)
        self.seen_articles += 1
        for line in _distinct_lines(text.split("\n")):
            key = line_key(line)
            if key is None:
                continue
            stats = self.lines.get(key)
            if stats is None:
                self.lines[key] = LineStats(line.strip(), [ident], 1, self.run)
                continue
            stats.last_run = self.run
            if ident in stats.articles:
                continue  # a re-check of an article already counted
            stats.count += 1
            if len(stats.articles) < MAX_IDS_PER_LINE:
                stats.articles.append(ident)

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
