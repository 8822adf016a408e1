"""Measure extraction on the shared eval pages: arshif vs bare trafilatura.

Run from the project root:  .venv/bin/python tests/extract/benchmark.py [--quick]

Reads ../shared/eval (never copied into the repo). Figures, by set:
- scrapinghub: mean shingle precision/recall/F1 (4-word shingles of ``\\w+`` tokens, each page
  weighted equally, as in scrapinghub/article-extraction-benchmark's evaluate.py);
- arabic/assabah: share of ``with`` snippets found and ``without`` snippets absent;
- arabic/cnn-arabic, arabic/lbc: shingle F1 against the reference body; lbc title and date.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from arshif.extract import maintext  # noqa: E402
from arshif.extract import extract_article  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def bare(body: bytes, url: str | None) -> str:
    document = trafilatura.bare_extraction(
        body.decode("utf-8", "replace"), url=url, include_comments=False
    )
    return document.text if document is not None else ""


def ours(precision: bool) -> Callable[[bytes, str | None], str]:
    def run(body: bytes, url: str | None) -> str:
        maintext.FAVOR_PRECISION = precision
        return extract_article(body, url=url).text

    return run


EXTRACTORS = {"trafilatura": bare, "arshif-balanced": ours(False), "arshif": ours(True)}


def scrapinghub(limit: int | None) -> None:
    truth = json.loads((EVAL / "scrapinghub" / "ground-truth.json").read_text("utf-8"))
    items = sorted(truth.items())[:limit]
    pages = {
        k: gzip.decompress((EVAL / "scrapinghub/html" / f"{k}.html.gz").read_bytes())
        for k, _ in items
    }
    for name, extractor in EXTRACTORS.items():
        start = time.perf_counter()
        counts = [tp_fp_fn(v["articleBody"], extractor(pages[k], v.get("url"))) for k, v in items]
        p, r, f = prf(counts)
        rate = len(items) / (time.perf_counter() - start)
        print(
            f"scrapinghub ({len(items)} pages) {name:<17} P={p:.3f} R={r:.3f} F1={f:.3f}  {rate:.0f} pages/s"
        )


def arabic() -> None:
    base = EVAL / "arabic"
    assabah = json.loads((base / "assabah/evaldata.arabic-subset.json").read_text("utf-8"))
    ((url, gold),) = assabah.items()
    assabah_html = (base / "assabah" / gold["file"]).read_bytes()
    cnn_html = (base / "cnn-arabic/arabic_article.html").read_bytes()
    cnn_text = (base / "cnn-arabic/arabic_article.txt").read_text("utf-8")
    cnn_url = json.loads((base / "cnn-arabic/arabic_article.json").read_text("utf-8"))["url"]
    lbc_html = gzip.decompress((base / "lbc/LBCGroup_2026_01_08.html.gz").read_bytes())
    lbc = json.loads((base / "lbc/LBCGroup.json").read_text("utf-8"))["V1"]
    lbc_text = "\n\n".join(p for s in lbc["body"]["sections"] for p in s["paragraphs"])
    lbc_url = json.loads((base / "lbc/meta.info").read_text("utf-8"))[
        "LBCGroup_2026_01_08.html.gz"
    ]["url"]
    for name, extractor in EXTRACTORS.items():
        text = extractor(assabah_html, url)
        passed = sum(s in text for s in gold["with"]) + sum(s not in text for s in gold["without"])
        total = len(gold["with"]) + len(gold["without"])
        cnn = prf([tp_fp_fn(cnn_text, extractor(cnn_html, cnn_url))])
        lbc_f = prf([tp_fp_fn(lbc_text, extractor(lbc_html, lbc_url))])
        print(
            f"arabic {name:<17} assabah snippets {passed}/{total}  "
            f"cnn-arabic F1={cnn[2]:.3f} (P={cnn[0]:.3f} R={cnn[1]:.3f})  "
            f"lbc F1={lbc_f[2]:.3f} (P={lbc_f[0]:.3f} R={lbc_f[1]:.3f})"
        )
    maintext.FAVOR_PRECISION = True
    found = extract_article(lbc_html, url=lbc_url, timezone="Asia/Beirut")
    print(
        f"lbc title ok={found.title == lbc['title']} date={found.date} ({found.date_source}) "
        f"expected {lbc['publishing_date'][:10]}"
    )
    for label, html, page_url in (
        ("assabah", assabah_html, url),
        ("cnn-arabic", cnn_html, cnn_url),
    ):
        found = extract_article(html, url=page_url)
        print(
            f"{label}: title={found.title!r} date={found.date} ({found.date_source}) "
            f"author={found.author!r} language={found.language}"
        )


def seed_templates() -> None:
    """Our own pages (tests/extract/extract_pages.py): chrome lines leaked, subheadings kept."""
    sys.path.insert(0, str(Path(__file__).parent))
    from extract_pages import CHROME_LINES, PARAGRAPHS, SUBHEADINGS, TITLE, seed_page

    variants = {
        "classed": {},
        "plain": {"plain": True},
        "nested": {"nested": True},
        "nested-plain": {"nested": True, "plain": True},
        "bold-subheadings": {"nested": True, "bold_subheadings": True},
    }
    for name in ("trafilatura", "arshif"):
        leaked = kept = headings = titles = 0
        for options in variants.values():
            html = seed_page(**options)
            if name == "trafilatura":
                document = trafilatura.bare_extraction(
                    html, with_metadata=True, include_comments=False
                )
                text, title = document.text, document.title
            else:
                article = extract_article(html)
                text, title = article.text, article.title
            lines = {line.strip() for line in text.splitlines()}
            leaked += sum(line in text for line in CHROME_LINES)
            kept += sum(p in text for p in PARAGRAPHS)
            headings += sum(h in lines for h in SUBHEADINGS)
            titles += title == TITLE
        n = len(variants)
        print(
            f"seed templates ({n} pages) {name:<12} chrome lines leaked {leaked}/{n * len(CHROME_LINES)}  "
            f"paragraphs kept {kept}/{n * len(PARAGRAPHS)}  subheadings as lines "
            f"{headings}/{n * len(SUBHEADINGS)}  titles without site name {titles}/{n}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 40 scrapinghub pages")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"no eval data at {EVAL}")
    seed_templates()
    arabic()
    scrapinghub(40 if args.quick else None)


if __name__ == "__main__":
    main()
