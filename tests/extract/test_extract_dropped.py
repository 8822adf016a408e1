"""arshif's text never lacks a paragraph that bare trafilatura keeps, unless a named rule
dropped it (issue 15, class 4).

The differential (bench/dropped.py) runs over every page of every evaluation set: the
ScrapingHub and real Arabic pages in ../shared/eval (skipped when absent), the gold set and
the demo network's articles. The news-agency lead tests would have failed while arshif ran
trafilatura with favor_precision, which prunes the lead's block without naming it.
"""

from __future__ import annotations

import pytest
import trafilatura

from arshif.extract import extract_article, refilter
from arshif.extract.record import RULES
from bench import dropped

LEAD = (
    "الرياض 12 ديسمبر 2026 (واس) - أعلنت الهيئة العامة للإحصاء اليوم ارتفاع معدل التضخم "
    "السنوي في المملكة إلى 2.1 في المئة خلال شهر نوفمبر الماضي مدفوعا بارتفاع أسعار السكن "
    "والمواد الغذائية مقارنة بالشهر نفسه من العام الماضي"
)
BODY = [
    "وأوضحت الهيئة في تقريرها الشهري أن أسعار قسم السكن والمياه والكهرباء والغاز ارتفعت "
    "بنسبة 8.4 في المئة، متأثرة بزيادة الإيجارات الفعلية للمساكن بنسبة 10.2 في المئة.",
    "وبينت أن أسعار الأغذية والمشروبات ارتفعت بنسبة 1.3 في المئة، فيما تراجعت أسعار قسم "
    "النقل بنسبة 1.1 في المئة بسبب انخفاض أسعار شراء المركبات.",
    "ويعد مؤشر أسعار المستهلك المقياس الرسمي للتضخم في المملكة، ويغطي 490 سلعة وخدمة "
    "موزعة على ثلاث عشرة منطقة إدارية.",
]
# How news agencies set the lead apart above the body: each is a block that trafilatura's
# precision mode prunes (a <header>, a "bottom" or "link" class token, a bordered box, a
# <div> holding its text without <p>).
LEAD_BLOCKS = {
    "header": f"<header><p>{LEAD}</p></header>",
    "bare-div": f'<div class="news-intro">{LEAD}</div>',
    "bottom-class": f'<div class="intro border-bottom"><p>{LEAD}</p></div>',
    "link-class": f'<div class="lead link"><p>{LEAD}</p></div>',
    "bordered": f'<div style="border-right:3px solid #c00"><p>{LEAD}</p></div>',
    "plain": f"<p>{LEAD}</p>",
}


def agency_page(lead_block: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return f"""<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>التضخم يرتفع إلى 2.1% في نوفمبر | وكالة الأنباء</title>
<meta name="description" content="{LEAD[:120]}…"><meta property="og:description"
content="{LEAD[:120]}…"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/eco">اقتصاد</a> <a href="/local">محليات</a></nav>
<main><article><h1>التضخم يرتفع إلى 2.1% في نوفمبر</h1><div class="date">12 ديسمبر 2026</div>
{lead_block}
<div class="x">{body}</div></article></main><footer>جميع الحقوق محفوظة</footer></body></html>"""


@pytest.mark.parametrize("layout", sorted(LEAD_BLOCKS))
def test_agency_lead_is_kept(layout: str) -> None:
    html = agency_page(LEAD_BLOCKS[layout])
    bare = trafilatura.bare_extraction(html, with_metadata=True)
    assert LEAD in bare.text  # bare trafilatura keeps the lead…
    article = extract_article(html.encode(), url="https://agency.example/news/1")
    blocks = article.text.split("\n\n")
    assert LEAD in blocks  # …and so does arshif, as a paragraph of its own, before the body
    assert blocks[blocks.index(LEAD) + 1 :] == BODY
    assert not article.dropped or all(d.text != LEAD for d in article.dropped)


CHROME_PAGE = f"""<html lang="ar"><head><meta charset="utf-8"><title>خبر</title></head><body>
<article><h1>التضخم يرتفع إلى 2.1% في نوفمبر</h1>
<div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
{"".join(f"<p>{p}</p>" for p in BODY)}
<div><b>اقرأ أيضا</b><ul><li><a href="/2">ارتفاع أسعار الذهب في التعاملات المسائية اليوم</a></li>
<li><a href="/3">وزير المالية يعرض مشروع الموازنة الجديدة</a></li></ul></div>
<p>رئيس التحرير: أحمد ناصف</p></article></body></html>"""


class _DropLine:
    name = "test-model"

    def filter_blocks(self, blocks: list[str]) -> list[str]:
        return [b for b in blocks if b != BODY[2]]


def test_every_drop_names_its_rule() -> None:
    article = extract_article(CHROME_PAGE.encode(), url="https://agency.example/news/2")
    assert article.text.split("\n\n") == BODY
    rules = {d.rule for d in article.dropped}
    assert {"chrome-class", "chrome-box", "masthead"} <= rules
    assert rules <= set(RULES)
    assert "dropped" not in article.to_dict()  # diagnosis only: stored records are unchanged
    filtered = refilter(article, _DropLine())
    assert filtered.dropped[-1].text == BODY[2] and filtered.dropped[-1].rule == "site-chrome"
    assert filtered == extract_article(
        CHROME_PAGE.encode(), url="https://agency.example/news/2", site_chrome=_DropLine()
    )


@pytest.mark.parametrize("set_name", dropped.SET_NAMES)
def test_no_paragraph_dropped_without_a_rule(set_name: str) -> None:
    pages, where = dropped.load(set_name)
    if pages is None:
        pytest.skip(f"{set_name}: nothing at {where}")
    counts, unnamed = dropped.report(set_name, pages)
    # Shown with -s: the totals per rule for this set.
    print(f"\n{set_name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    assert set(counts) - {"pages", "bare paragraphs"} <= set(RULES)
    assert not unnamed, "\n".join(f"{page}: {loss.paragraph[:120]}" for page, loss in unnamed)
