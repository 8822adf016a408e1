"""Paragraphs arshif drops relative to bare trafilatura, each with the rule that dropped it.

    python bench/dropped.py [--sets scrapinghub,arabic,gold,demo] [--show N] [--bare defaults]

"Bare trafilatura" is ``trafilatura.bare_extraction`` with the options arshif itself runs it
with (``maintext.trafilatura_options``), its safety nets always run (arshif runs them only
when they could change the text: ``maintext.needs_safety_nets``), on the same decoded page, without arshif's chrome
removal and block rules. Each of its paragraphs (each line of a paragraph, each cell of a
table row) that arshif's text lacks, compared after removing bidi marks and collapsing
whitespace, is a loss; a loss is named by the rule of ``Article.dropped`` whose text holds
it (or that it holds: a removed ticker cell inside a table row). A loss no rule names is a
bug: tests/extract/test_extract_dropped.py fails on it. Prints totals per set and per rule.

``--bare defaults`` compares with trafilatura's default options instead (balanced, comments
kept, metadata on): its extra paragraphs that arshif lacks are what favor_precision prunes
(real text among them), and show as "(no rule)".
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from trafilatura.utils import load_html  # noqa: E402
from trafilatura.xml import xmltotxt  # noqa: E402

from arshif.extract import Article, decode_html, extract_article  # noqa: E402
from arshif.extract.maintext import run_trafilatura  # noqa: E402
from bench import sets  # noqa: E402

SET_NAMES = ("scrapinghub", "arabic", "gold", "demo")
EVAL = sets.default_eval_dir(ROOT)
GOLD = ROOT / "bench" / "gold" / "gold.json"
UNNAMED = "(no rule)"

_MARKS = re.compile("[\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
# Letters and digits only: the text of a removed element is its nodes' text run together
# ("آخر الأخباررئيس الوزراء…"), trafilatura's puts spaces, bullets and cell bars between them.
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    return " ".join(_MARKS.sub("", text).split())


def key(text: str) -> str:
    return _NOT_WORD.sub("", text)


@dataclass(frozen=True)
class Loss:
    paragraph: str
    rule: str  # a key of arshif.extract.record.RULES, or UNNAMED


def _pieces(text: str) -> list[str]:
    """Lines of a rendered element; a table row's line split into its cells."""
    pieces: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("|") and line.endswith("|"):
            pieces += [cell for cell in line.strip("|").split(" | ")]
        else:
            pieces.append(line)
    return [p for p in map(normalise, pieces) if p and p.strip("|-—_ ")]


Runner = Callable[[Any, str | None], Any]


def trafilatura_defaults(tree: Any, url: str | None) -> Any:
    """trafilatura as the benchmark's "bare trafilatura" runs it: default options."""
    return trafilatura.bare_extraction(tree, url=url, with_metadata=True)


def trafilatura_full(tree: Any, url: str | None) -> Any:
    """trafilatura with arshif's options, readability and jusText always compared."""
    return run_trafilatura(tree, url, lazy=False)


BARE_RUNS: dict[str, Runner] = {"arshif": trafilatura_full, "defaults": trafilatura_defaults}


def bare_paragraphs(html: str, url: str | None, run: Runner = trafilatura_full) -> list[str]:
    """bare trafilatura's paragraphs of a decoded page (with arshif's options by default)."""
    tree = load_html(html)
    document = run(tree, url) if tree is not None else None
    if document is None or document.body is None:
        return []
    paragraphs: list[str] = []
    if (document.body.text or "").strip():
        paragraphs += _pieces(document.body.text)
    for child in document.body:
        tail, child.tail = child.tail, None
        paragraphs += _pieces(xmltotxt(child, include_formatting=False))
        paragraphs += _pieces(tail or "")
    return paragraphs


def _rule_of(paragraph: str, text: str, dropped: list[tuple[str, str]]) -> str:
    """The rule that explains a lost paragraph (keys): a drop that holds it, or drops inside
    it without which the rest of it is in the text ("عاجل" taken from a ticker line)."""
    for piece, rule in dropped:
        if paragraph in piece:
            return rule
    rest, rules = paragraph, []
    for piece, rule in dropped:
        if piece and piece in rest:
            rest = rest.replace(piece, "", 1)
            rules.append(rule)
    if rules and (not rest or rest in text):
        return rules[0]
    return UNNAMED


def losses(page: sets.Page, run: Runner = trafilatura_full) -> list[Loss]:
    """Each paragraph of bare trafilatura that arshif's text lacks, with its rule."""
    html, _ = decode_html(page.body, page.content_type)
    article = extract_article(
        page.body, url=page.url, content_type=page.content_type, timezone=page.timezone
    )
    text = key(article.text)
    dropped = [(key(d.text), d.rule) for d in article.dropped]
    found = []
    for paragraph in bare_paragraphs(html, page.url, run):
        if key(paragraph) not in text:
            rule = _rule_of(key(paragraph), text, dropped)
            found.append(
                Loss(paragraph, _in_fields(paragraph, article) if rule == UNNAMED else rule)
            )
    return found


# A byline is a name and perhaps a place or a role: a few words.
_BYLINE_MAX_WORDS = 8


def _in_fields(paragraph: str, article: Article) -> str:
    """A lost paragraph that is the title field ("headline") or a short line holding the
    author field ("byline"): its text went to the record's metadata, not away."""
    if article.title and key(paragraph) == key(article.title):
        return "headline"
    author = key(article.author or "")
    if author and author in key(paragraph) and len(paragraph.split()) <= _BYLINE_MAX_WORDS:
        return "byline"
    return UNNAMED


def demo_pages() -> list[sets.Page]:
    """Every article page of the demo network on each of its days (rendered, no server)."""
    from urllib.parse import urlsplit

    from arshif.demo import DAY_DATES, DEMO_SITES, expected_articles, render

    pages = []
    for site in DEMO_SITES:
        for day in DAY_DATES:
            for expected in expected_articles(site.name, day):
                status, headers, body = render(site.name, urlsplit(expected.url).path, day)
                if status == 200:
                    pages.append(
                        sets.Page(
                            set="demo",
                            id=f"{site.name}/{day}{urlsplit(expected.url).path}",
                            body=body,
                            url=expected.url,
                            content_type=headers.get("Content-Type"),
                        )
                    )
    return pages


def load(name: str) -> tuple[list[sets.Page] | None, str]:
    """(pages, or None when the set is absent; where it was looked for)."""
    if name == "scrapinghub":
        return sets.scrapinghub(EVAL / "scrapinghub"), str(EVAL / "scrapinghub")
    if name == "arabic":
        found = sets.arabic(EVAL / "arabic")
        return (found[0] if found else None), str(EVAL / "arabic")
    if name == "gold":
        return sets.gold(GOLD), str(GOLD)
    return demo_pages(), "arshif.demo (rendered)"


def report(
    name: str, pages: list[sets.Page], run: Runner = trafilatura_full
) -> tuple[dict[str, int], list[tuple[str, Loss]]]:
    """(counts: pages, bare paragraphs, losses per rule; the unnamed losses with page ids)."""
    counts: Counter[str] = Counter(pages=len(pages))
    unnamed = []
    for page in pages:
        html, _ = decode_html(page.body, page.content_type)
        counts["bare paragraphs"] += len(bare_paragraphs(html, page.url, run))
        for loss in losses(page, run):
            counts[loss.rule] += 1
            if loss.rule == UNNAMED:
                unnamed.append((page.id, loss))
    return dict(counts), unnamed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SET_NAMES))
    parser.add_argument("--show", type=int, default=20, help="unnamed losses to print")
    parser.add_argument("--bare", choices=sorted(BARE_RUNS), default="arshif", help="options")
    args = parser.parse_args(argv)
    total: Counter[str] = Counter()
    failed = 0
    for name in args.sets.split(","):
        pages, where = load(name)
        if pages is None:
            print(f"{name}: skipped, nothing at {where}")
            continue
        counts, unnamed = report(name, pages, BARE_RUNS[args.bare])
        total.update(counts)
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for page_id, loss in unnamed[: args.show]:
            print(f"  UNNAMED {page_id}: {loss.paragraph[:120]}")
        failed += len(unnamed)
    print("all sets: " + ", ".join(f"{k} {v}" for k, v in total.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
