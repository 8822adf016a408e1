"""bench/dates.py on a Fundus-shaped folder written here: one page, its truth and crawl time."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bench import dates

PARAGRAPH = (
    "افتتح محافظ الإسكندرية صباح اليوم محطة جديدة لتحلية مياه البحر بطاقة تصل إلى خمسين ألف "
    "متر مكعب يوميا، في إطار خطة الدولة لتأمين مياه الشرب للمدن الساحلية في البلاد."
)


def _folder(tmp_path: Path) -> Path:
    country = tmp_path / "test_data" / "eg"
    country.mkdir(parents=True)
    html = (
        "<html><head><title>محطة</title>"
        '<meta property="article:published_time" content="2025-03-03T23:30:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-03-04T01:30:00+02:00"}</script></head>'
        f"<body><article><h1>محطة جديدة</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article>"
        "</body></html>"
    )
    (country / "Khabar_2025_03_05.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    truth = {"V1": {"publishing_date": "2025-03-04 01:30:00+02:00", "title": "محطة"}}
    (country / "Khabar.json").write_text(json.dumps(truth), encoding="utf-8")
    info = {
        "Khabar_2025_03_05.html.gz": {
            "url": "https://k.example/1",
            "crawl_date": "2025-03-05 10:00:00",
        }
    }
    (country / "meta.info").write_text(json.dumps(info), encoding="utf-8")
    return tmp_path / "test_data"


def test_fundus_pages_are_scored_against_their_stated_day(tmp_path: Path) -> None:
    pages = dates.fundus(_folder(tmp_path))
    assert len(pages) == 1 and pages[0][0].date == "2025-03-04"
    assert pages[0][1] is not None and pages[0][1].isoformat() == "2025-03-05T10:00:00+00:00"
    result = dates.score(pages)
    assert (result["pages"], result["arshif"]) == (1, 1)
    assert result["rows"][0]["arshif"] == "2025-03-04"
