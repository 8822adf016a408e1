"""Smoke run of bench/extraction.py on a tiny gold set of three Arabic pages written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import extraction
from bench.extractors import EXTRACTORS

CHROME = (
    "رئيس التحرير: محمود عبد الله",
    "تابعونا على فيسبوك وتويتر",
    "جميع الحقوق محفوظة لموقع الخبر",
)

PAGES = {
    "cairo-1": {
        "site": "الخبر اليوم",
        "title": "افتتاح محطة جديدة لتحلية المياه في الإسكندرية",
        "date": "2025-03-04",
        "subheading": "تفاصيل المشروع",
        "paragraphs": [
            "افتتح محافظ الإسكندرية صباح اليوم محطة جديدة لتحلية مياه البحر بطاقة تصل إلى "
            "خمسين ألف متر مكعب يوميا، في إطار خطة الدولة لتأمين مياه الشرب للمدن الساحلية.",
            "وقال المحافظ في كلمته خلال الافتتاح إن المحطة ستخدم أكثر من مئتي ألف مواطن في "
            "الأحياء الغربية، وإن العمل جار على إنشاء محطتين أخريين قبل نهاية العام المقبل.",
            "وأضاف أن تكلفة المشروع بلغت نحو ملياري جنيه، وأن الشركات المنفذة التزمت بالجدول "
            "الزمني المحدد رغم الصعوبات التي واجهتها خلال أشهر الشتاء الماضية.",
        ],
    },
    "beirut-1": {
        "site": "صدى الأرز",
        "title": "ارتفاع أسعار المحروقات للمرة الثالثة هذا الشهر",
        "date": "2025-02-11",
        "subheading": "ردود الفعل",
        "paragraphs": [
            "ارتفعت أسعار المحروقات في لبنان اليوم للمرة الثالثة منذ بداية الشهر، وسط تراجع "
            "سعر صرف العملة المحلية وارتفاع الأسعار العالمية للنفط الخام في الأسواق الدولية.",
            "وأعلنت وزارة الطاقة في جدول الأسعار الجديد أن سعر صفيحة البنزين ارتفع بنسبة "
            "ملحوظة، فيما بقي سعر المازوت مستقرا بعد الانخفاض الذي سجله الأسبوع الماضي.",
            "وانتقدت نقابة أصحاب المحطات غياب خطة حكومية واضحة لضبط الأسعار، محذرة من "
            "انعكاسات الارتفاع المتواصل على كلفة النقل وأسعار السلع الأساسية في الأسواق.",
        ],
    },
    "rabat-1": {
        "site": "أخبار المغرب",
        "title": "انطلاق الدورة الجديدة لمعرض الكتاب في الرباط",
        "date": "2025-05-09",
        "subheading": "برنامج الدورة",
        "paragraphs": [
            "انطلقت مساء أمس في الرباط فعاليات الدورة الجديدة للمعرض الدولي للنشر والكتاب، "
            "بمشاركة أكثر من سبعمئة عارض من خمسين دولة عربية وأجنبية حسب المنظمين.",
            "ويتضمن برنامج المعرض ندوات فكرية وأمسيات شعرية ولقاءات مع الكتاب، إضافة إلى "
            "أنشطة مخصصة للأطفال وورشات في القراءة والكتابة على مدى عشرة أيام متتالية.",
            "وقالت إدارة المعرض إن الدورة الحالية تحتفي بالأدب الإفريقي، وإنها تتوقع أن يتجاوز "
            "عدد الزوار نصف مليون زائر بعد النجاح الذي حققته الدورات السابقة في السنوات الأخيرة.",
        ],
    },
}


def _html(page: dict[str, object], meta_charset: bool) -> str:
    paragraphs = page["paragraphs"]
    assert isinstance(paragraphs, list)
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += f"<h2>{page['subheading']}</h2><p>{paragraphs[2]}</p>"
    head = '<meta charset="utf-8">' if meta_charset else ""
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{head}'
        f"<title>{page['title']} - {page['site']}</title>"
        f'<meta property="og:title" content="{page["title"]}">'
        f'<meta property="article:published_time" content="{page["date"]}T10:30:00+02:00">'
        f"</head><body><header><div>{CHROME[0]}</div><nav><a href='/'>الرئيسية</a> "
        f"<a href='/sport'>رياضة</a></nav></header><main><article><h1>{page['title']}</h1>"
        f"<time datetime='{page['date']}'>{page['date']}</time>{body}</article></main>"
        f"<aside>{CHROME[1]}</aside><footer>{CHROME[2]}</footer></body></html>"
    )


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    gold = {}
    (tmp_path / "pages").mkdir()
    for index, (key, page) in enumerate(PAGES.items()):
        # The second page is windows-1256, declared in the HTTP header only.
        cp1256 = index == 1
        html = _html(page, meta_charset=not cp1256)
        (tmp_path / "pages" / f"{key}.html").write_bytes(
            html.encode("cp1256" if cp1256 else "utf-8")
        )
        paragraphs = page["paragraphs"]
        assert isinstance(paragraphs, list)
        gold[key] = {
            "file": f"pages/{key}.html",
            "url": f"https://example.test/news/{key}",
            "charset": "windows-1256" if cp1256 else "utf-8",
            "http_content_type": "text/html; charset=windows-1256" if cp1256 else "text/html",
            "timezone": "Africa/Cairo",
            "title": page["title"],
            "date": page["date"],
            "with": [p[:40] for p in paragraphs],
            "without": list(CHROME),
            "subheadings": [page["subheading"]],
            "kind": "article",
            "site": page["site"],
        }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    return path


def test_harness_on_a_tiny_gold_set(gold_file: Path, tmp_path: Path) -> None:
    out, raw = tmp_path / "benchmarks.md", tmp_path / "raw.json"
    out.write_text("# Benchmarks\n\nKept by hand.\n", "utf-8")
    args = [
        "--sets",
        "gold,scrapinghub",
        "--gold",
        str(gold_file),
        "--eval-dir",
        str(tmp_path / "no-eval"),
        "--out",
        str(out),
        "--json",
        str(raw),
        "--rounds",
        "1",
    ]
    run = extraction.main(args)

    figures = run["sets"]["gold"]["figures"]
    assert set(figures) == set(EXTRACTORS)
    for name, f in figures.items():
        assert f["pages"] == 3 and f["errors"] == 0, name
        assert f["snippets"]["with_total"] == 9 and f["snippets"]["without_total"] == 9
    ours = figures["arshif"]
    assert ours["snippets"]["found"] == 9
    assert ours["title"]["correct"] == 3 and ours["date"]["correct"] == 3
    assert figures["jusText"]["title"] is None and figures["readability-lxml"]["date"] is None
    assert run["skipped"] == {"scrapinghub": f"nothing at `{tmp_path / 'no-eval' / 'scrapinghub'}`"}
    assert run["throughput"]["pages"] == 3 and run["throughput"]["rounds"] == 1

    doc = out.read_text("utf-8")
    assert doc.startswith("# Benchmarks\n\nKept by hand.\n")
    section = doc.split("<!-- bench:extraction:start -->")[1].split(
        "<!-- bench:extraction:end -->"
    )[0]
    for name in EXTRACTORS:
        assert f"\n| {name} | 3 |" in section, name  # one row per extractor in the gold table
    # Real pages first (ScrapingHub, skipped here), then the synthetic gold set; each set's
    # row puts arshif beside bare trafilatura.
    assert section.index("### Real pages") < section.index("### Synthetic pages")
    assert "\n| gold | 3 |" in section and "### Throughput" in section
    assert run["order"] == ["scrapinghub", "gold"]
    assert run["throughput"]["pages_from"] == "synthetic"  # no real set ran
    assert "Skipped: nothing at" in section
    assert (
        json.loads(raw.read_text("utf-8"))["sets"]["gold"]["rows"]["arshif"][0]["id"] == "beirut-1"
    )
