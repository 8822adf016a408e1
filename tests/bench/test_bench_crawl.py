"""The crawl benchmark: its site (distinct pages of the asked size, every one in the sitemaps)
and its report (ratios per round; real pages first, the targets checked on them)."""

import re

from bench.crawl import RUNS, render, summarise
from bench.crawl_pages import BenchSite


def test_the_bench_site_serves_distinct_whole_pages_listed_in_its_sitemaps():
    site = BenchSite(pages=1500, page_kb=60)
    pages = [site.article(n) for n in (0, 1, 47, 1499)]
    assert len(set(pages)) == 4
    for page in pages:
        assert 55 * 1024 < len(page) < 70 * 1024
        text = page.decode("utf-8")
        # Padding is made of whole elements: every script is closed, the article is intact.
        assert text.count("<script") == text.count("</script>")
        assert "</article>" in text and text.rstrip().endswith("</html>")
    index = site.sitemap_index("http://h").decode()
    listed = [loc for i in range(2) for loc in re.findall(r"<loc>([^<]+)</loc>", site.sitemap("http://h", i).decode())]
    assert index.count("<sitemap>") == 2
    assert listed == [f"http://h/news/{n}/" for n in range(1500)]


def _result(pages: int, wall: float, cpu: float, **stages: float) -> dict:
    return {"pages": pages, "wall_s": wall, "cpu_s": cpu, "worker_cpu_s": stages.pop("workers", 0.0),
            "stages": {name: {"wall_s": value, "cpu_s": value / 2, "child_cpu_s": 0.0} for name, value in stages.items()}}


def test_the_report_takes_ratios_per_round_and_checks_the_targets():
    rounds = [
        {"bare": _result(1000, 2.0, 2.0), "capture": _result(1000, 3.0, 3.0, plan=0.1, crawl=2.8, stage=0.1),
         "bare+trafilatura": _result(1000, 20.0, 20.0),
         "whole": _result(1000, 10.0, 22.0, plan=0.1, crawl=8.0, extract=1.8, stage=0.1, workers=16.0),
         "whole-inline": _result(1000, 25.0, 22.0, plan=0.1, crawl=3.0, extract=21.8, stage=0.1)},
        {"bare": _result(1000, 2.0, 2.0), "capture": _result(1000, 5.0, 3.0, plan=0.1, crawl=4.8, stage=0.1),
         "bare+trafilatura": _result(1000, 20.0, 20.0),
         "whole": _result(1000, 20.0, 22.0, plan=0.1, crawl=8.0, extract=11.8, stage=0.1, workers=16.0),
         "whole-inline": _result(1000, 25.0, 22.0, plan=0.1, crawl=3.0, extract=21.8, stage=0.1)},
    ]
    summary = summarise(rounds)
    # capture ÷ bare: 2/3 and 2/5 → median 0.533; whole ÷ bare+trafilatura: 2.0 and 1.0 → 1.5
    assert abs(summary["ratios"]["capture / bare"]["median"] - (2 / 3 + 2 / 5) / 2) < 1e-9
    assert summary["ratios"]["whole / bare+trafilatura"]["median"] == 1.5
    assert summary["stages"]["whole"]["extraction workers"]["cpu_ms_per_page"] == 16.0
    run = {"command": "python bench/crawl.py", "started": "2026-11-29 11:00 UTC", "minutes": 9.0,
           "machine": "2 cores", "python": "3.11.7", "versions": {"scrapy": "2.19.0", "trafilatura": "2.0.0"},
           "source": "abc1234", "pages": 1000, "rounds": 2, "concurrency": 16, "workers": 2,
           "sets": [{"page_set": "real", "source": "saved pages from ../shared/eval", "page_kib": 80.0,
                     "summary": summary, "profile": None},
                    {"page_set": "generated", "source": "generated", "page_kib": 100.0,
                     "summary": summarise(rounds[:1]), "profile": None}]}
    text = render(run)
    assert text.startswith("## Crawl path")
    real, generated = text.index("### Real pages"), text.index("### Generated pages")
    assert real < generated
    # Issue 17's targets, on the real pages only: 0.53× < 0.6×, 1.50× < 1.6×, CPU 22/20 = 1.10× > 1.0×
    assert "- [ ] capture alone ≥ 0.6× bare Scrapy: 0.53×" in text
    assert "- [ ] whole path ≥ 1.6× bare Scrapy with bare trafilatura in its callback: 1.50×" in text
    assert "- [ ] CPU per page of the whole path ≤ 1.0× bare Scrapy + trafilatura's: 1.10×" in text
    assert text.count("Targets (issue 17)") == 1 and text.index("Targets (issue 17)") < generated
    assert all(text.count(label) >= 2 for label in RUNS.values())
