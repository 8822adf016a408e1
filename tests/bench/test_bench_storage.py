"""The storage benchmark's report: per-1,000-capture and per-article figures from the counts."""

from bench.storage import render


def test_the_table_divides_by_captures_and_articles():
    run = {"command": "python bench/storage.py", "started": "2026-11-29 05:30 UTC", "runtime_s": 90,
           "machine": "2 cores", "source": "abc1234", "days": [1, 2],
           "measured": {"objects": {"warc": 6, "cdxj": 6, "captures": 6, "manifest": 6, "staging": 24},
                        "bytes": {"warc": 600_000, "cdxj": 60_000, "captures": 240_000, "manifest": 6_000,
                                  "staging": 1_000_000},
                        "captures": 200, "articles": 150, "pages": 200, "page_bytes": 3_000_000,
                        "wire_bytes": 900_000}}
    text = render(run)
    # 24 archive objects for 200 captures: 120 per 1,000; 906,000 bytes over 150 articles: 6,040
    assert "| archive (warc, cdxj, captures, manifests) | 120.0 | 6,040 | 0.30 |" in text
    assert "| baseline: one raw HTML object per page (decoded) | 1,000.0 | 20,000 | 1.00 |" in text
    assert text.startswith("## Storage cost")
