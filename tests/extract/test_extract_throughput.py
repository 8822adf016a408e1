"""Throughput, by what can be counted: each page parsed once, trafilatura run once (twice
for a short text: once without its safety nets, once with them, see
``maintext.needs_safety_nets``), htmldate
at most once (only when the page declares no date: trafilatura's metadata is read lazily). Speed itself is measured by the benchmark (`make bench-extraction`), never by a test.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import trafilatura
import trafilatura.metadata
from extract_pages import seed_page
from site_pages import BRIEFS, brief_page

import arshif.extract.article as article_module
import arshif.extract.maintext as maintext_module
import arshif.extract.trafmeta as trafmeta_module


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts calls to the costly steps; each still runs for real."""
    counts: Counter[str] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(article_module, "load_html", counting("parse", article_module.load_html))
    monkeypatch.setattr(
        maintext_module.trafilatura,
        "bare_extraction",
        counting("trafilatura", trafilatura.bare_extraction),
    )
    monkeypatch.setattr(
        trafilatura.metadata, "find_date", counting("htmldate", trafilatura.metadata.find_date)
    )
    monkeypatch.setattr(
        trafmeta_module, "find_date", counting("htmldate", trafmeta_module.find_date)
    )
    return counts


@pytest.mark.parametrize(
    "html",
    [seed_page(nested=True), brief_page(BRIEFS["egypt-300"])],
    ids=["seed", "brief-300"],
)
def test_each_step_runs_once(calls: Counter[str], html: str) -> None:
    article = article_module.extract_article(html.encode("utf-8"), url="https://example.com/a/1")
    short = len(article.text) < maintext_module.SAFETY_NET_CHARS
    assert calls["parse"] == 1 and calls["trafilatura"] == (2 if short else 1)
    # The page declares its date: htmldate, trafilatura's fallback, is never asked.
    assert article.date_source != "htmldate" and calls["htmldate"] == 0


def test_htmldate_runs_once_when_the_page_declares_no_date(calls: Counter[str]) -> None:
    paragraphs = "".join(f"<p>{'نص الخبر الطويل في الفقرة ' * 12}{i}.</p>" for i in range(8))
    html = f"<html><body><article><h1>خبر بلا تاريخ</h1>{paragraphs}</article></body></html>"
    article_module.extract_article(html.encode("utf-8"), url="https://example.com/a/2")
    assert calls == {"parse": 1, "trafilatura": 1, "htmldate": 1}


def test_recall_run_only_when_the_first_is_empty(calls: Counter[str]) -> None:
    html = '<html><body><div><img src="a.png"></div></body></html>'
    article_module.extract_article(html)
    # Without the safety nets, with them (the text is short), then favouring recall.
    assert calls["parse"] == 1 and calls["trafilatura"] == 3
