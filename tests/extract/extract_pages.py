"""Arabic test pages built around the seed article (see ../shared/seed/README.md).

The seed is a naive scrape of mwatan.news/900419: masthead credits, the headline, a bare
"نشر", an image caption, four subheadings and a stray "عاجل" ticker. These builders put its
body back into two site templates: one whose chrome carries the usual class names, and one
("plain") whose chrome has only meaningless classes, so that only visible labels give it away.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

TITLE = "روسيا تعلن استعدادها للتعاون العسكري مع دول غرب أفريقيا بعد طرد القوات الفرنسية"
SITE = "موطن نيوز"
AUTHOR = "محمد عبد الله"
CAPTION = "الرئيس الروسي فلاديمير بوتين"

SUBHEADINGS = [
    "موسكو مستعدة لتقديم الدعم العسكري والتدريب لدول الساحل الأفريقي",
    "روسيا تدعم تعزيز القدرة القتالية لجيوش دول الساحل وتزويدها بالأسلحة",
    "اتهام أوكرانيا بدعم الجماعات الإرهابية في المنطقة",
    "توتر العلاقات بين مالي وأوكرانيا على خلفية دعم الجماعات المسلحة",
]

# (subheading or None, paragraphs) in reading order.
SECTIONS: list[tuple[str | None, list[str]]] = [
    (
        None,
        [
            "أكدت روسيا اليوم الخميس استعدادها الكامل للتعاون العسكري مع دول غرب أفريقيا "
            "وتزويدهم بالأسلحة في أعقاب طرد عدد من هذه الدول للقوات الفرنسية. وتأتي هذه الخطوة "
            "في وقت تشهد فيه المنطقة تغييرات استراتيجية، حيث تسعى موسكو إلى توسيع نفوذها في دول "
            "الساحل الأفريقي التي كانت تتمتع بعلاقات وثيقة مع فرنسا."
        ],
    ),
    (
        SUBHEADINGS[0],
        [
            "وفي تصريحات لوكالة أسوشيتد برس، أكدت روسيا أنها ناقشت سبل تعزيز الروابط العسكرية "
            "مع دول مالي، بوركينا فاسو، النيجر، مشيرة إلى استعدادها لتقديم التدريب العسكري "
            "وتزويد تلك الدول بالأسلحة. وقال وزير الخارجية الروسي سيرغي لافروف إنه بعد المحادثات "
            "مع نظرائه من هذه الدول، أكدت موسكو أنها مستعدة للمساعدة في تعزيز جيوش تلك الدول "
            "وقواتها الأمنية.",
            "وأضاف لافروف أن روسيا تعتزم مساعدتهم في تشكيل قوة عسكرية مشتركة، وتقديم خدمات "
            "استشارية لتقوية الجيوش. كما أشار إلى أن هناك بالفعل عددًا من المدربين العسكريين الروس "
            "العاملين في هذه الدول، وهو ما يسهم في تعزيز التعاون بين الطرفين.",
        ],
    ),
    (
        SUBHEADINGS[1],
        [
            "تابع لافروف تصريحاته مشيرًا إلى أن روسيا أكدت استعدادها لتوسيع إمكانيات القوات "
            "المسلحة الموحدة لدول الساحل الأفريقي، وكذلك تعزيز القدرة القتالية لجيوش هذه البلدان. "
            "وأوضح أن روسيا يمكنها تزويد هذه الدول بالمعدات العسكرية اللازمة لدعم قدراتهم "
            "الدفاعية، بما في ذلك أسلحة حديثة."
        ],
    ),
    (
        SUBHEADINGS[2],
        [
            "في سياق آخر، اتهم وزير الخارجية الروسي أوكرانيا بمحاولة زعزعة استقرار المنطقة، "
            "قائلاً إنها تدعم الجماعات الإرهابية في جزء من أفريقيا. وأضاف أن الدول الغربية تتغاضى "
            "عن ذلك، وهو ما يزيد من تعقيد الوضع الأمني في غرب أفريقيا.",
            "من جهته، أيد وزير خارجية مالي عبد الله ديوب تصريحات لافروف، مشيرًا إلى أن بلاده تعتبر "
            'أوكرانيا "دولة إرهابية". وأوضح ديوب أنه تتوفر رؤى مشتركة بين روسيا ومالي في ما يتعلق '
            "بمحاربة الإرهاب و انعدام الأمن في المنطقة، بما في ذلك دعم أوكرانيا للجماعات الإرهابية.",
        ],
    ),
    (
        SUBHEADINGS[3],
        [
            "وكانت حكومة مالي قد قطعت العلاقات الدبلوماسية مع أوكرانيا العام الماضي، بعد اتهام "
            "كييف بدعم جماعات مسلحة في شمال مالي. وقد أسفر هجوم شنته هذه الجماعات عن مقتل العشرات "
            "من المرتزقة الروس والجنود الماليين في يوليو الماضي، في ما وصفه المراقبون بأنه أكبر "
            "الخسائر للمرتزقة الروس في السنوات الأخيرة."
        ],
    ),
]

PARAGRAPHS = [p for _, paragraphs in SECTIONS for p in paragraphs]

RELATED = [
    "وزير الخارجية المصري يستقبل نظيره المالي في القاهرة",
    "ارتفاع أسعار الذهب في السوق المحلية اليوم الخميس",
    "الأهلي يواجه الزمالك في قمة الدوري الممتاز",
]
TICKER = [
    "عاجل: انفجار في محطة كهرباء بمحافظة الجيزة دون إصابات",
    "الرئاسة: قمة عربية طارئة الأسبوع المقبل",
]
EDITOR = ("رئيس التحرير", "أحمد ناصف")
CHAIRMAN = ("رئيس مجلس الإدارة", "سامي عبد العزيز")

# Lines that must never reach the stored text.
CHROME_LINES = [
    EDITOR[0],
    EDITOR[1],
    CHAIRMAN[0],
    "عاجل",
    *TICKER,
    *RELATED,
    "اقرأ أيضا",
    "شارك الخبر",
    "اشترك في النشرة البريدية",
    "جميع الحقوق محفوظة",
]


def _body_html(
    read_also_inline: str, inserts: dict[int, str] | None = None, bold: bool = False
) -> str:
    parts = []
    for index, (heading, paragraphs) in enumerate(SECTIONS):
        if heading and bold:
            parts.append(f"<p><strong>{escape(heading)}</strong></p>")
        elif heading:
            parts.append(f"<h2>{escape(heading)}</h2>")
        for paragraph in paragraphs:
            parts.append(f"<p>{escape(paragraph)}</p>")
        if index == 1:
            parts.append(read_also_inline)
        if inserts and index in inserts:
            parts.append(inserts[index])
    return "\n".join(parts)


def _links(items: list[str]) -> str:
    return "".join(f'<li><a href="/news/{i}">{escape(t)}</a></li>' for i, t in enumerate(items))


def _nested_chrome(c: Callable[[str], str]) -> dict[int, str]:
    return {
        0: f'<div class="{c("credits")}"><p>{EDITOR[0]}</p><p>{EDITOR[1]}</p></div>',
        2: f'<div class="{c("urgent-news")}"><p>عاجل</p><p><a href="/n/1">{escape(TICKER[0])}</a>'
        f'</p><p><a href="/n/2">{escape(TICKER[1])}</a></p></div>',
        3: f'<div class="{c("social-share")}"><p>شارك الخبر</p><p><a href="https://facebook.com/">'
        f'فيسبوك</a> <a href="https://x.com/">إكس</a></p></div>'
        f'<div class="{c("related-box")}"><p><b>اقرأ أيضا</b></p><p><a href="/n/3">'
        f'{escape(RELATED[1])}</a></p><p><a href="/n/4">{escape(RELATED[2])}</a></p></div>',
    }


def _head(charset_meta: str, published: str | None, title_suffix: bool) -> str:
    jsonld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": TITLE,
        "publisher": {"@type": "Organization", "name": SITE},
    }
    if published:
        jsonld["datePublished"] = published
    title = f"{TITLE} - {SITE}" if title_suffix else TITLE
    published_meta = (
        f'<meta property="article:published_time" content="{published}">' if published else ""
    )
    return f"""<head>{charset_meta}
<title>{escape(title)}</title>
<meta property="og:title" content="{escape(TITLE)} | {SITE}">
<meta property="og:site_name" content="{SITE}">
<meta property="og:type" content="article">
<meta name="description" content="{escape(PARAGRAPHS[0][:120])}">
{published_meta}
<link rel="canonical" href="https://mwatan.news/900419">
<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>
</head>"""


def seed_page(
    *,
    plain: bool = False,
    charset_meta: str = '<meta charset="utf-8">',
    published: str | None = "2024-03-07T21:45:00+02:00",
    title_suffix: bool = True,
    byline: str = f"كتب: {AUTHOR}",
    nested: bool = False,
    bold_subheadings: bool = False,
) -> str:
    """The seed article inside a full news-site template.

    ``plain`` gives every chrome block a meaningless class ("box", "col-4"), so only the
    visible labels ("عاجل", "اقرأ أيضا", "رئيس التحرير") can identify it. ``nested`` also
    puts a credit line, a ticker, a share row and a related list *inside* the article body,
    between paragraphs, where trafilatura alone keeps them. ``bold_subheadings`` writes the
    subheadings as bold paragraphs (``<p><strong>``), as many Arabic CMSs do, not ``<h2>``.
    """
    c = (lambda _real: "box") if plain else (lambda real: real)
    read_also_inline = (
        f'<p class="{c("read-also")}"><strong>اقرأ أيضا:</strong> '
        f'<a href="/news/77">{escape(RELATED[0])}</a></p>'
    )
    masthead = (
        f'<div class="{c("masthead")}"><p>{EDITOR[0]}</p><p>{EDITOR[1]}</p></div>'
        f'<div class="{c("masthead")}"><span>{CHAIRMAN[0]}</span> <span>{CHAIRMAN[1]}</span></div>'
    )
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
{_head(charset_meta, published, title_suffix)}
<body>
<header class="site-header">
  {masthead}
  <a class="logo" href="/"><img src="/logo.png" alt="{SITE}"></a>
  <nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
  <li><a href="/economy">اقتصاد</a></li><li><a href="/sports">رياضة</a></li></ul></nav>
</header>
<div class="{c("breaking-ticker")}"><span>عاجل</span><ul>{_links(TICKER)}</ul></div>
<div class="container"><div class="row">
<div class="col-md-8">
  <div class="{c("editor-box")}"><p>{EDITOR[0]}</p><p>{EDITOR[1]}</p></div>
  <ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li></ol>
  <article>
    <h1>{escape(TITLE)}</h1>
    <div class="meta"><span>نشر</span> <span class="author">{escape(byline)}</span></div>
    <figure><img src="/img/putin.jpg" alt="{CAPTION}"><figcaption>{CAPTION}</figcaption></figure>
    <div class="{c("share-buttons")}"><span>شارك الخبر</span>
      <a href="https://facebook.com/sharer">فيسبوك</a> <a href="https://twitter.com/share">تويتر</a>
      <a href="https://wa.me/">واتساب</a></div>
    <div class="article-body">
{_body_html(read_also_inline, _nested_chrome(c) if nested else None, bold_subheadings)}
    </div>
    <div class="{c("related-news")}"><h3>اقرأ أيضا</h3><ul>{_links(RELATED)}</ul></div>
    <div class="{c("newsletter")}"><h4>اشترك في النشرة البريدية</h4>
      <form><input type="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form></div>
    <div class="{c("urgent")}"><span>عاجل</span></div>
  </article>
</div>
<aside class="col-md-4"><h3>الأكثر قراءة</h3><ul>{_links(RELATED)}</ul></aside>
</div></div>
<footer><p>جميع الحقوق محفوظة © 2024 {SITE}</p></footer>
</body>
</html>"""
