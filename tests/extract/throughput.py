"""Documents per second: arshif vs bare trafilatura with metadata, in the same run.

Run from the project root:
    .venv/bin/python tests/extract/throughput.py [--pages 60] [--rounds 4] [--profile FILE]

Reads the first ``--pages`` pages of ../shared/eval/scrapinghub (sorted by id, never copied
into the repo), or with ``--arabic`` the Arabic pages (``arabic_pages``), single process. The two extractors alternate round by round (A, B, A, B…) so
that a slow patch of the machine hits both; each gets the page bytes as archived, so both
pay for decoding. The issue's bar: arshif ≥ 0.8× bare trafilatura (with metadata).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from arshif.extract import extract_article  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "scrapinghub"

Page = tuple[bytes, str | None]


def load_pages(limit: int) -> list[Page]:
    truth = json.loads((EVAL / "ground-truth.json").read_text("utf-8"))
    items = sorted(truth.items())[:limit]
    return [
        (gzip.decompress((EVAL / "html" / f"{key}.html.gz").read_bytes()), value.get("url"))
        for key, value in items
    ]


def arabic_pages() -> list[Page]:
    """The three real Arabic pages of ../shared/eval/arabic and the hand-made pages of these
    tests (the seed in five templates, briefs in three, a section, a video and stubs)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import site_pages
    from extract_pages import seed_page

    base = EVAL.parent / "arabic"
    pages: list[Page] = [
        ((base / "assabah" / "assabah.com.tn.article.html").read_bytes(), None),
        ((base / "cnn-arabic" / "arabic_article.html").read_bytes(), None),
        (gzip.decompress((base / "lbc" / "LBCGroup_2026_01_08.html.gz").read_bytes()), None),
    ]
    made = [seed_page(**options) for options in ({}, {"plain": True}, {"nested": True})]
    made += [site_pages.brief_page(b, teasers=True) for b in site_pages.BRIEFS.values()]
    made += [site_pages.section_page(), site_pages.video_page(), site_pages.not_found_page()]
    return pages + [(html.encode("utf-8"), None) for html in made]


def bare(body: bytes, url: str | None) -> object:
    return trafilatura.bare_extraction(body, url=url, with_metadata=True)


def arshif(body: bytes, url: str | None) -> object:
    return extract_article(body, url=url)


def timed(run: Callable[[bytes, str | None], object], pages: list[Page]) -> float:
    start = time.perf_counter()
    for body, url in pages:
        run(body, url)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--profile", help="write arshif's cProfile stats here and print the top")
    parser.add_argument("--arabic", action="store_true", help="the Arabic pages instead")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"no eval data at {EVAL}")
    pages = arabic_pages() if args.arabic else load_pages(args.pages)
    # Warm-up: imports, lazy tables and regex caches on both sides.
    timed(bare, pages[:5])
    timed(arshif, pages[:5])
    totals = {"trafilatura+metadata": 0.0, "arshif": 0.0}
    for round_no in range(args.rounds):
        order = ("trafilatura+metadata", "arshif")
        for name in order if round_no % 2 == 0 else reversed(order):
            totals[name] += timed(bare if name.startswith("traf") else arshif, pages)
    docs = len(pages) * args.rounds
    rates = {name: docs / seconds for name, seconds in totals.items()}
    for name, rate in rates.items():
        print(f"{name:<22} {rate:6.2f} docs/s  ({docs} documents)")
    print(f"ratio arshif/trafilatura+metadata: {rates['arshif'] / rates['trafilatura+metadata']:.2f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(timed, arshif, pages)
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
