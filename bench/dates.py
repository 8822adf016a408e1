"""Date accuracy on real pages: arshif's publication date against bare trafilatura's.

    python bench/dates.py [--eval-dir ../shared/eval] [--gold bench/gold/gold.json]
                          [--fundus DIR] [--json FILE]

Sets with a date in their truth: the real Arabic pages of ``../shared/eval/arabic`` (only
lbcgroup.tv has one: Fundus' ``publishing_date``), our synthetic gold set (secondary), and,
when ``--fundus`` names a checkout's ``tests/resources/parser/test_data`` (flairNLP/fundus, MIT;
read in place, never copied here), Fundus' parser test pages in 40-odd countries with their
``publishing_date``. A date is right when it is the truth's calendar day as the truth states
it (Fundus keeps the offset its parser read). Each page is extracted with its crawl time as
the capture time when the set records one. Not used: adbar/htmldate's test pages, kept aside
as an independent check.
"""

from __future__ import annotations

import argparse
import gzip
import inspect
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

import bench.extractors  # noqa: E402, F401  (importing it silences htmldate and trafilatura logs)
from arshif.extract import extract_article  # noqa: E402
from bench import sets  # noqa: E402


def fundus(folder: Path) -> list[tuple[sets.Page, datetime | None]]:
    """Fundus' parser test pages with a ``publishing_date``, and their crawl times."""
    pages = []
    for truth_file in sorted(folder.glob("*/*.json")):
        info_file = truth_file.parent / "meta.info"
        info = json.loads(info_file.read_text("utf-8")) if info_file.is_file() else {}
        htmls = sorted(truth_file.parent.glob(f"{truth_file.stem}_*.html.gz"))
        versions = json.loads(truth_file.read_text("utf-8"))
        if len(htmls) != len(versions):
            continue  # which page goes with which parser version is not knowable here
        for html, key in zip(htmls, sorted(versions), strict=True):
            stated = versions[key].get("publishing_date")
            if not stated:
                continue
            entry = info.get(html.name, {})
            crawled = entry.get("crawl_date")
            captured = datetime.fromisoformat(crawled).replace(tzinfo=UTC) if crawled else None
            page = sets.Page(
                set="fundus",
                id=f"{truth_file.parent.name}/{html.name}",
                body=gzip.decompress(html.read_bytes()),
                url=entry.get("url"),
                date=stated[:10],
            )
            pages.append((page, captured))
    return pages


def _crawl_time(page: sets.Page, eval_dir: Path) -> datetime | None:
    if page.id != "lbc":
        return None
    info = json.loads((eval_dir / "arabic" / "lbc" / "meta.info").read_text("utf-8"))
    crawled = next(iter(info.values()))["crawl_date"]
    return datetime.fromisoformat(crawled).replace(tzinfo=UTC)


_TAKES_CAPTURE = "captured_at" in inspect.signature(extract_article).parameters


def arshif_date(page: sets.Page, captured: datetime | None) -> str | None:
    extra = {"captured_at": captured} if _TAKES_CAPTURE and captured else {}
    article = extract_article(
        page.body, url=page.url, content_type=page.content_type, timezone=page.timezone, **extra
    )
    return article.date


def trafilatura_date(page: sets.Page, captured: datetime | None) -> str | None:
    document = trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True)
    return document.date if document is not None else None


def score(pages: list[tuple[sets.Page, datetime | None]]) -> dict[str, Any]:
    rows = []
    for page, captured in pages:
        ours, theirs = arshif_date(page, captured), trafilatura_date(page, captured)
        rows.append({"id": page.id, "truth": page.date, "arshif": ours, "trafilatura": theirs})
    return {
        "pages": len(rows),
        "arshif": sum(r["arshif"] == r["truth"] for r in rows),
        "trafilatura": sum(r["trafilatura"] == r["truth"] for r in rows),
        "arshif_none": sum(r["arshif"] is None for r in rows),
        "trafilatura_none": sum(r["trafilatura"] is None for r in rows),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "gold" / "gold.json")
    parser.add_argument("--fundus", type=Path, help="fundus' tests/resources/parser/test_data")
    parser.add_argument("--json", type=Path, help="write every row here")
    args = parser.parse_args(argv)
    found: dict[str, list[tuple[sets.Page, datetime | None]]] = {}
    arabic = sets.arabic(args.eval_dir / "arabic")
    if arabic:
        found["arabic (real)"] = [(p, _crawl_time(p, args.eval_dir)) for p in arabic[0] if p.date]
    if args.fundus:
        found["fundus (real)"] = fundus(args.fundus)
    gold = sets.gold(args.gold)
    if gold:
        found["gold (synthetic)"] = [(p, None) for p in gold if p.date]
    results = {name: score(pages) for name, pages in found.items()}
    print(
        "| set | pages with a date | arshif right | bare trafilatura right | arshif none | trafilatura none |"
    )
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['pages']} | {r['arshif']} | {r['trafilatura']} | "
            f"{r['arshif_none']} | {r['trafilatura_none']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
