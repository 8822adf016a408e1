"""Hand-made Arabic pages in realistic site templates: briefs, a section page, a video page
and stub pages (soft 404, anti-bot challenge, paywall).

Every page carries the chrome a real site puts around its content: masthead and menu, a
breaking-news ticker, breadcrumbs, share buttons, a tag list, a "related" box of headline
cards with teasers, a most-read sidebar and a footer. The texts are written for these tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Site:
    name: str
    host: str
    lang_region: str
    sections: tuple[str, ...]


EGYPT = Site("بوابة النيل", "bawabet-elnil.example", "ar-EG", ("سياسة", "اقتصاد", "حوادث", "رياضة"))
GULF = Site("الخليج اليوم", "khaleej-today.example", "ar-AE", ("محليات", "اقتصاد", "عربي ودولي"))
MAGHREB = Site("المغرب الآن", "maghrib-alan.example", "ar-MA", ("مجتمع", "اقتصاد", "جهات"))

RELATED = [
    (
        "وزير المالية يعرض مشروع الموازنة الجديدة أمام البرلمان",
        "عرض الوزير الخطوط العريضة للموازنة.",
    ),
    ("ارتفاع أسعار الذهب في التعاملات المسائية اليوم", "صعد سعر الجرام عيار 21 في محلات الصاغة."),
    (
        "منتخب الشباب يبدأ معسكره استعدادا لكأس أفريقيا",
        "يخوض المنتخب مباراتين وديتين خلال المعسكر.",
    ),
    ("افتتاح المعرض الدولي للكتاب بمشاركة ثلاثين دولة", "يستمر المعرض حتى نهاية الشهر الجاري."),
]
MOST_READ = [
    "تفاصيل حركة المحافظين الجديدة وأسماء المرشحين",
    "موعد صرف معاشات الشهر المقبل بالزيادة الجديدة",
    "الحكومة تنفي شائعة زيادة أسعار الخبز المدعم",
    "انخفاض درجات الحرارة وأمطار على السواحل الشمالية",
    "نتيجة امتحانات الشهادة الإعدادية في عدد من المحافظات",
]
TICKER = ["عاجل: الرئاسة تعلن عقد قمة ثلاثية الأسبوع المقبل", "انطلاق التصويت في انتخابات النقابة"]

# Lines of the template that must never reach an article's text.
CHROME_LINES = [
    *(title for title, _ in RELATED),
    *(teaser for _, teaser in RELATED),
    *MOST_READ,
    *TICKER,
    "اقرأ أيضا",
    "الأكثر قراءة",
    "شارك الخبر",
    "جميع الحقوق محفوظة",
    "الكلمات المفتاحية",
]


def _links(items: list[str], prefix: str = "/news") -> str:
    return "".join(
        f'<li><a href="{prefix}/{100 + i}">{escape(text)}</a></li>' for i, text in enumerate(items)
    )


def _related_box() -> str:
    cards = "".join(
        f'<div class="card"><a href="/news/{200 + i}"><img src="/img/r{i}.jpg" alt=""></a>'
        f'<h4><a href="/news/{200 + i}">{escape(title)}</a></h4><p>{escape(teaser)}</p></div>'
        for i, (title, teaser) in enumerate(RELATED)
    )
    return f'<section class="box-4"><h3>اقرأ أيضا</h3><div class="cards">{cards}</div></section>'


def _head(site: Site, title: str, og_type: str, extra: str = "", jsonld: dict | None = None) -> str:
    ld = (
        f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
        if jsonld
        else ""
    )
    return f"""<head><meta charset="utf-8">
<title>{escape(title)} - {escape(site.name)}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{escape(site.name)}">
<meta property="og:type" content="{og_type}">
<meta name="viewport" content="width=device-width, initial-scale=1">
{extra}{ld}
</head>"""


def page(site: Site, head: str, main: str, *, classed: bool = True) -> str:
    """``main`` inside the site's whole template. ``classed=False`` gives the chrome only
    meaningless class names, so that nothing but its labels and links gives it away."""

    def c(real: str) -> str:
        return real if classed else "blk"

    menu = "".join(
        f'<li><a href="/section/{i}">{escape(s)}</a></li>' for i, s in enumerate(site.sections)
    )
    return f"""<!DOCTYPE html>
<html lang="{site.lang_region}" dir="rtl">
{head}
<body>
<header class="site-header"><a class="logo" href="/"><img src="/logo.png" alt="{escape(site.name)}"></a>
<nav><ul><li><a href="/">الرئيسية</a></li>{menu}</ul></nav></header>
<div class="{c("breaking-news")}"><span>عاجل</span><ul>{_links(TICKER, "/urgent")}</ul></div>
<div class="container"><div class="row">
<main class="col-md-8">{main}</main>
<aside class="col-md-4"><div class="{c("most-read")}"><h3>الأكثر قراءة</h3><ol>{_links(MOST_READ)}</ol></div>
<div class="{c("ads")}"><img src="/ads/banner.gif" alt="إعلان"></div></aside>
</div></div>
<footer><ul><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li>
<li><a href="/privacy">سياسة الخصوصية</a></li></ul>
<p>جميع الحقوق محفوظة © 2024 {escape(site.name)}</p></footer>
</body></html>"""


@dataclass(frozen=True)
class Brief:
    site: Site
    title: str
    paragraphs: tuple[str, ...]
    section: str
    tags: tuple[str, ...] = ()
    published: str = "2024-11-12T10:30:00+02:00"
    byline: str = ""
    extra_head: str = ""
    # "p": one <p> per paragraph; "br": one div, paragraphs split by <br>; "divs": a div each
    body_markup: str = "p"
    jsonld: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


BRIEF_300 = Brief(
    site=EGYPT,
    title="الأرصاد: انخفاض في درجات الحرارة وأمطار على السواحل الشمالية غدا",
    paragraphs=(
        "أعلنت الهيئة العامة للأرصاد الجوية أن البلاد ستشهد اعتبارا من صباح غد الأحد انخفاضا "
        "ملحوظا في درجات الحرارة على أغلب المناطق، مع فرص لسقوط أمطار متوسطة على السواحل "
        "الشمالية ونشاط للرياح المثيرة للأتربة في المناطق المفتوحة، ودعت الهيئة المواطنين إلى "
        "متابعة النشرات الرسمية وتوخي الحذر أثناء القيادة.",
    ),
    section="محليات",
    tags=("الأرصاد الجوية", "الطقس"),
    byline="كتب: محمود عبد الرحمن",
)

BRIEF_400 = Brief(
    site=GULF,
    title="إغلاق جزئي لشارع الشيخ زايد في اتجاه أبوظبي ليل الجمعة",
    paragraphs=(
        "دبي – الخليج اليوم: أعلنت هيئة الطرق والمواصلات في دبي عن إغلاق جزئي لشارع الشيخ زايد "
        "في الاتجاه المؤدي إلى أبوظبي، اعتبارا من منتصف ليل الجمعة وحتى الخامسة من صباح السبت، "
        "وذلك لاستكمال أعمال صيانة الجسور ورفع كفاءة شبكة الإنارة على الطريق.",
        "ودعت الهيئة السائقين إلى استخدام الطرق البديلة، ومنها شارع الخيل وشارع الإمارات، "
        "والالتزام بالإرشادات المرورية المنتشرة في مواقع العمل حفاظا على سلامتهم وسلامة العمال.",
    ),
    section="محليات",
    tags=("دبي", "هيئة الطرق والمواصلات"),
    published="2024-11-14T18:05:00+04:00",
)

BRIEF_600 = Brief(
    site=MAGHREB,
    title="المندوبية السامية للتخطيط: تراجع معدل البطالة إلى 13,2 في المائة",
    paragraphs=(
        "الرباط – أفادت المندوبية السامية للتخطيط، في مذكرة إخبارية صدرت اليوم الثلاثاء، بأن "
        "معدل البطالة على المستوى الوطني تراجع خلال الفصل الثالث من السنة الجارية إلى 13,2 في "
        "المائة، مقابل 13,6 في المائة خلال الفترة نفسها من السنة الماضية.",
        "وأوضحت المندوبية أن هذا التراجع همّ أساسا الوسط الحضري، حيث انتقل المعدل من 17 إلى "
        "16,4 في المائة، في حين عرف الوسط القروي استقرارا نسبيا، مشيرة إلى أن الاقتصاد الوطني "
        "أحدث ما يقارب 82 ألف منصب شغل صاف خلال هذه الفترة.",
        "وسجلت المذكرة أن البطالة ما تزال مرتفعة في صفوف الشباب المتراوحة أعمارهم بين 15 و24 "
        "سنة، وكذا لدى حاملي الشهادات العليا، الذين يجدون صعوبة أكبر في ولوج سوق الشغل.",
    ),
    section="اقتصاد",
    tags=("البطالة", "المندوبية السامية للتخطيط", "سوق الشغل"),
    published="2024-11-05T13:20:00+01:00",
    byline="هسبريس من الرباط",
)

BRIEFS = {"egypt-300": BRIEF_300, "gulf-400": BRIEF_400, "maghreb-600": BRIEF_600}


def teaser_box(title: str = "موضوعات قد تهمك") -> str:
    """A box of other stories with a paragraph of teaser each, under a heading no generic rule
    knows and classes that say nothing: only where it sits tells it from the article."""
    cards = "".join(
        f'<div class="blk"><h4><a href="/news/{400 + i}">{escape(t)}</a></h4>'
        f"<p>{escape(' '.join([s] * 4))}</p></div>"
        for i, (t, s) in enumerate(SECTION_CARDS)
    )
    return f'<section class="blk"><h3>{escape(title)}</h3>{cards}</section>'


def brief_page(
    brief: Brief, *, classed: bool = True, body_markup: str | None = None, teasers: bool = False
) -> str:
    """One brief as its site publishes it; ``teasers`` adds a ``teaser_box`` after it."""
    site = brief.site
    markup = body_markup or brief.body_markup
    tags_meta = "".join(f'<meta property="article:tag" content="{escape(t)}">' for t in brief.tags)
    extra = (
        f'<meta property="article:published_time" content="{brief.published}">'
        f'<meta property="article:section" content="{escape(brief.section)}">{tags_meta}'
        f'<meta property="og:image" content="https://{site.host}/img/lead.jpg">'
        f'<link rel="canonical" href="https://{site.host}/news/5501">{brief.extra_head}'
    )
    head = _head(site, brief.title, "article", extra, brief.jsonld or None)
    if markup == "br":
        body = (
            '<div class="article-text">'
            + "<br><br>".join(escape(p) for p in brief.paragraphs)
            + "</div>"
        )
    elif markup == "divs":  # one container per paragraph, as some CMSs write
        body = "".join(
            f'<div class="article-text"><p>{escape(p)}</p></div>' for p in brief.paragraphs
        )
    else:
        body = (
            '<div class="article-text">'
            + "".join(f"<p>{escape(p)}</p>" for p in brief.paragraphs)
            + "</div>"
        )
    byline = f'<span class="author">{escape(brief.byline)}</span>' if brief.byline else ""
    c = (lambda real: real) if classed else (lambda _real: "blk")
    tag_links = "".join(f'<a href="/tag/{i}">{escape(t)}</a>' for i, t in enumerate(brief.tags))
    main = f"""<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li>
<li><a href="/section/1">{escape(brief.section)}</a></li></ol>
<article>
<h1>{escape(brief.title)}</h1>
<div class="post-meta">{byline} <time datetime="{brief.published}">{brief.published[:10]}</time></div>
<figure><img src="/img/lead.jpg" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
<div class="{c("share")}"><span>شارك الخبر</span> <a href="https://facebook.com/sharer">فيسبوك</a>
<a href="https://wa.me/">واتساب</a></div>
{body}
<div class="{c("tags")}"><span>الكلمات المفتاحية</span> {tag_links}</div>
</article>
{teaser_box() if teasers else ""}{_related_box()}"""
    return page(site, head, main, classed=classed)


# A section (index) page: a grid of headline cards with one-line teasers.
SECTION_CARDS = [
    (
        "الحكومة تعلن خطة لخفض عجز الموازنة خلال ثلاث سنوات",
        "تتضمن الخطة ترشيد الإنفاق وزيادة الإيرادات.",
    ),
    ("البنك المركزي يبقي أسعار الفائدة دون تغيير", "قررت لجنة السياسة النقدية تثبيت العائد."),
    ("ارتفاع الصادرات الزراعية بنسبة عشرين في المائة", "تصدرت الموالح قائمة الصادرات هذا الموسم."),
    ("افتتاح ثلاثة مصانع جديدة في المنطقة الصناعية", "توفر المصانع أكثر من ألفي فرصة عمل."),
    ("تراجع معدل التضخم للشهر الثالث على التوالي", "سجل التضخم السنوي أدنى مستوى منذ عامين."),
    ("وزير التموين يتفقد مخازن السلع الاستراتيجية", "أكد الوزير توافر احتياطي يكفي ستة أشهر."),
    (
        "البورصة تربح أربعة مليارات جنيه في ختام التعاملات",
        "صعد المؤشر الرئيسي بدعم من مشتريات الأجانب.",
    ),
    ("توقيع اتفاقية لتمويل مشروعات الطاقة المتجددة", "تبلغ قيمة التمويل خمسمائة مليون دولار."),
    ("هيئة الاستثمار تطلق منصة رقمية لتأسيس الشركات", "تتيح المنصة إنهاء الإجراءات خلال يوم واحد."),
    ("زيادة رأس مال صندوق دعم المشروعات الصغيرة", "يستهدف الصندوق تمويل عشرة آلاف مشروع."),
    ("ارتفاع تحويلات العاملين بالخارج خلال الربع الأول", "بلغت التحويلات ستة مليارات دولار."),
    ("طرح كراسات شروط وحدات الإسكان الاجتماعي الأسبوع المقبل", "يبدأ الحجز عبر مكاتب البريد."),
]


def section_page(*, declared: bool = False, teaser_repeat: int = 1) -> str:
    """The economy section of the Egyptian site: twelve cards and a pager. ``declared`` adds
    the JSON-LD ``CollectionPage`` some CMSs print; by default nothing declares the kind.
    ``teaser_repeat`` lengthens each teaser (a site that prints a paragraph per card)."""
    site = EGYPT
    jsonld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": "اقتصاد"}
    head = _head(site, "اقتصاد", "website", jsonld=jsonld if declared else None)
    cards = "".join(
        f'<div class="col-4"><div class="item"><a href="/news/{300 + i}"><img src="/img/{i}.jpg" alt=""></a>'
        f'<h3><a href="/news/{300 + i}">{escape(t)}</a></h3><p>{escape(" ".join([s] * teaser_repeat))}</p>'
        f"<span>منذ {i + 1} ساعات</span></div></div>"
        for i, (t, s) in enumerate(SECTION_CARDS)
    )
    main = f"""<h1>اقتصاد</h1><div class="row">{cards}</div>
<ul class="pagination"><li><a href="?page=2">2</a></li><li><a href="?page=3">3</a></li>
<li><a href="?page=2">التالي</a></li></ul>"""
    return page(site, head, main)


def home_page() -> str:
    """The Egyptian site's home page: a featured story (its headline as the <h1>, a teaser
    as long as a brief) above the cards of the economy section."""
    brief = BRIEF_300
    featured = (
        f'<div class="featured"><h1><a href="/news/5501">{escape(brief.title)}</a></h1>'
        f"<p>{escape(brief.paragraphs[0])}</p></div>"
    )
    return section_page().replace("<h1>اقتصاد</h1>", featured)


VIDEO_DESCRIPTION = "شاهد: لحظة وصول قافلة المساعدات إلى المعبر الحدودي صباح اليوم."


def video_page(*, og_type: str = "video.other", player: str = "iframe") -> str:
    site = GULF
    head = _head(
        site,
        "فيديو | لحظة وصول قافلة المساعدات إلى المعبر",
        og_type,
        f'<meta property="og:video" content="https://www.youtube.com/embed/abc123">'
        f'<link rel="canonical" href="https://{site.host}/video/881">',
    )
    if player == "iframe":
        embed = (
            '<div class="embed-responsive"><iframe width="800" height="450" allowfullscreen '
            'src="https://www.youtube.com/embed/abc123"></iframe></div>'
        )
    else:
        embed = '<video controls poster="/img/p.jpg"><source src="/media/881.mp4" type="video/mp4"></video>'
    more = _links([t for t, _ in RELATED], "/video")
    main = f"""<article><h1>لحظة وصول قافلة المساعدات إلى المعبر</h1>{embed}
<p>{escape(VIDEO_DESCRIPTION)}</p></article>
<div class="blk"><h3>فيديوهات أخرى</h3><ul>{more}</ul></div>"""
    return page(site, head, main)


def not_found_page() -> str:
    """A soft 404: served with status 200, in the full template."""
    site = EGYPT
    head = _head(site, "الصفحة غير موجودة", "website")
    main = """<div class="error-page"><h1>عذراً، الصفحة التي تبحث عنها غير موجودة</h1>
<p>ربما تم نقل الصفحة أو حذفها. يمكنك العودة إلى <a href="/">الصفحة الرئيسية</a>.</p></div>"""
    return page(site, head, main)


CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta name="robots" content="noindex,nofollow"></head><body><div class="main-wrapper">
<h1>bawabet-elnil.example</h1><h2>Checking if the site connection is secure</h2>
<p>bawabet-elnil.example needs to review the security of your connection before proceeding.</p>
<noscript>Enable JavaScript and cookies to continue</noscript></div></body></html>"""


def paywall_page() -> str:
    site = GULF
    head = _head(site, "تفاصيل خطة التحول الرقمي في القطاع الحكومي", "article")
    main = """<article><h1>تفاصيل خطة التحول الرقمي في القطاع الحكومي</h1>
<p>أطلقت الحكومة اليوم خطة شاملة.</p>
<div class="paywall"><h3>هذا المحتوى متاح للمشتركين فقط</h3>
<p>اشترك الآن للاستمرار في القراءة والوصول إلى جميع المقالات.</p>
<a href="/subscribe">اشترك الآن</a> <a href="/login">تسجيل الدخول</a></div></article>"""
    return page(site, head, main)
