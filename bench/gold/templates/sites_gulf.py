"""Gulf templates: a Khaleej-like semantic page (UAE), an Okaz-like page with read-also cards
inside the body (Saudi Arabia), an old-school Al-Riyadh-like page with <br><br> paragraphs and
bold subheadings (Saudi Arabia)."""

from __future__ import annotations

from .common import NL, attr, esc, inline, render_blocks, table_html

TICKER_GULF = [
    "هيئة الطيران المدني تعلن تشغيل رحلات إضافية خلال موسم الإجازات",
    "المركز الوطني للأرصاد يحذر من رياح نشطة مثيرة للغبار على المناطق الداخلية",
    "وزارة الموارد البشرية تطلق منصة موحدة لعقود العمل",
    "ارتفاع مؤشر السوق المالية بنسبة 0.8% في مستهل تعاملات الأسبوع",
    "الدفاع المدني يدعو إلى الابتعاد عن مجاري الأودية أثناء هطول الأمطار",
    "افتتاح المرحلة الثانية من مشروع النقل العام بالحافلات",
    "بلدية المنطقة تزيل 240 لوحة إعلانية مخالفة خلال أسبوعين",
]

MOST_READ_GULF = [
    "موعد صرف الدعم السكني للمستفيدين هذا الشهر",
    "الطقس: أجواء باردة ليلا وأمطار متوقعة على المرتفعات",
    "طريقة تجديد الإقامة إلكترونيا بالخطوات",
    "أسعار الوقود الجديدة تدخل حيز التنفيذ اعتبارا من الغد",
    "إجازة منتصف العام الدراسي: المواعيد الرسمية للطلاب",
    "بدء التسجيل في برنامج الابتعاث للدفعة الجديدة",
]


# ---------------------------------------------------------------------------------------------
# sahel — Khaleej-like: semantic <article>, <h2> subheadings, figure, <time>, "تابعونا على"
# ---------------------------------------------------------------------------------------------

def sahel(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    body = render_blocks(
        blocks,
        also=lambda b: (f'<aside class="inline-related"><h4>اقرأ أيضاً</h4><a href="/{p["date"]}/{len(b.text)}">'
                        f"{esc(b.text)}</a></aside>"),
        ad=lambda b: f'<div class="ad-slot ad-slot--mpu" data-ad="mpu1"><p class="ad-slot__label">إعلان</p><p>{esc(b.text)}</p></div>',
        follow=lambda b: f'<p class="follow-cta"><strong>{esc(b.text)}</strong></p>',
        table=lambda b: '<figure class="table">' + table_html(b) + "</figure>",
    )
    caption = (p.get("image") or ("", ""))[1]
    fig = ""
    if caption:
        fig = (f'<figure class="article__media"><picture><img src="https://media.alsahel.ae/{p["id"]}.jpg" alt="{attr(caption)}" '
               f'loading="eager"></picture><figcaption>{esc(caption)}</figcaption></figure>')
    by = ""
    if p["author"]:
        where = f'<span class="article__dateline">{esc(p["dateline"])}:</span> ' if p.get("dateline") else ""
        by = f'<span class="article__byline">{where}<span class="article__author">{esc(p["author"])}</span></span>'

    html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>الساحل :: {esc(p['title'])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="description" content="{attr(p['description'])}">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:type" content="article">
<meta name="twitter:site" content="@alsahel_ae">
{d.head}
<link rel="stylesheet" href="/themes/sahel/css/main.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"pageType":"article","section":"{p['section']}"}});</script>
</head>
<body class="page-node page-article">
<a class="skip-link" href="#main">تخطي إلى المحتوى الرئيسي</a>
<header class="site-header">
<div class="site-header__top"><span class="site-header__tag">صحيفة يومية سياسية مستقلة</span><a href="/epaper">النسخة الورقية</a> <a href="/subscribe">اشترك</a></div>
<div class="site-header__brand"><a href="/"><img src="/themes/sahel/logo.svg" alt="الساحل"></a></div>
<nav class="site-nav" aria-label="الأقسام"><ul>{NL.join(f'<li><a href="/{i}">{esc(t)}</a></li>' for i, t in enumerate(["الإمارات", "عربي", "دولي", "اقتصاد", "رياضة", "ثقافة", "صحة", "تكنولوجيا", "منوعات", "رأي"]))}</ul></nav>
</header>
<section class="breaking" aria-label="أخبار عاجلة"><h2 class="breaking__label">عاجل</h2><ul>{NL.join(f'<li>{esc(t)}</li>' for t in ticker)}</ul></section>
<main id="main" class="layout">
<article class="article">
<header class="article__header">
<p class="article__section"><a href="/{attr(p['section'])}">{esc(p['section'])}</a></p>
<h1 class="article__title">{esc(p['title'])}</h1>
<div class="article__meta">{by} {d.visible}</div>
</header>
{fig}
<div class="article__share" role="group" aria-label="مشاركة"><span>مشاركة</span><a href="#">واتساب</a><a href="#">إكس</a><a href="#">فيسبوك</a><a href="#">لينكدإن</a></div>
<div class="article__body">
{body}
</div>
<footer class="article__footer">
<ul class="article__tags">{NL.join(f'<li><a href="/tags/{attr(t)}">{esc(t)}</a></li>' for t in p['tags'])}</ul>
<p class="article__follow">تابعونا على تطبيق الساحل وعلى حساباتنا في وسائل التواصل الاجتماعي</p>
</footer>
</article>
<section class="related"><h2>قد يعجبك أيضاً</h2>{NL.join(f'<article class="card"><h3><a href="{attr(u)}">{esc(t)}</a></h3></article>' for t, u in related)}</section>
<aside class="sidebar">
<section class="most-read"><h2>الأكثر قراءة</h2><ol>{NL.join(f'<li><a href="#">{esc(t)}</a></li>' for t in most)}</ol></section>
<section class="newsletter"><h2>النشرة الإخبارية</h2><p>احصل على ملخص أهم الأخبار صباح كل يوم في بريدك الإلكتروني</p><form><input type="email" aria-label="البريد الإلكتروني"><button>تسجيل</button></form></section>
<div class="ad-slot ad-slot--side"><p class="ad-slot__label">إعلان</p><p>شقق فاخرة على الواجهة البحرية بخطة سداد مريحة</p></div>
</aside>
</main>
<footer class="site-footer">
<nav><a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a> <a href="/advertise">أعلن معنا</a> <a href="/privacy">سياسة الخصوصية</a></nav>
<p>© 2026 دار الساحل للصحافة والطباعة والنشر. جميع الحقوق محفوظة</p>
</footer>
<div class="consent" id="consent"><p>باستخدامك هذا الموقع فإنك توافق على سياسة ملفات تعريف الارتباط الخاصة بنا</p><button>قبول</button></div>
<script src="/themes/sahel/js/app.js" defer></script>
</body>
</html>
"""
    chrome = [ticker[0], "تابعونا على تطبيق الساحل وعلى حساباتنا في وسائل التواصل الاجتماعي",
              related[0][0], "احصل على ملخص أهم الأخبار صباح كل يوم في بريدك الإلكتروني",
              "شقق فاخرة على الواجهة البحرية بخطة سداد مريحة", most[0],
              "دار الساحل للصحافة والطباعة والنشر", "توافق على سياسة ملفات تعريف الارتباط الخاصة بنا",
              "صحيفة يومية سياسية مستقلة", ticker[1]]
    if caption:
        chrome.insert(2, caption)
    return html, chrome


# ---------------------------------------------------------------------------------------------
# deera — Okaz-like: <h3> subheadings, "اقرأ أيضاً" cards with thumbnails inside the body,
# masthead, comments with names, newsletter, cookie banner.
# ---------------------------------------------------------------------------------------------

def deera(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:3]
    most = ctx["most_read"][:5]
    body = render_blocks(
        blocks,
        p=lambda b: f'<p dir="rtl">{inline(b.text, "/tags/")}</p>',
        h=lambda b: f"<h3>{esc(b.text)}</h3>",
        also=lambda b: (f'<div class="read-also-card"><a href="/news/{2140000 + len(b.text)}"><img src="/thumbs/{len(b.text)}.jpg" alt="">'
                        f'<div><span class="lbl">اقرأ أيضاً</span><h4>{esc(b.text)}</h4></div></a></div>'),
        ad=lambda b: f'<div class="dfp-ad" id="div-gpt-ad-inarticle"><div class="dfp-ad__lbl">إعلان</div><div>{esc(b.text)}</div></div>',
        q=lambda b: f'<blockquote class="pull-quote"><p>{inline(b.text)}</p></blockquote>',
    )
    loc_author = ""
    if p["author"]:
        loc_author = f'<div class="article-author"><span class="name">{esc(p["author"])}</span> <span class="loc">({esc(p["dateline"])})</span></div>'
    caption = (p.get("image") or ("", ""))[1]
    fig = f'<div class="article-image"><img src="/uploads/{p["id"]}.jpg" alt=""><p class="caption">{esc(caption)}</p></div>' if caption else ""
    html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(p['title'])} – صحيفة الديرة</title>
<meta name="description" content="{attr(p['description'])}">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:site_name" content="صحيفة الديرة">
{d.head}
<link rel="stylesheet" href="/assets/css/deera.css?v=20261">
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
</head>
<body>
<div class="header-wrap">
<div class="top-strip"><div class="wrap"><a href="/">الرئيسية</a> | <a href="/pdf">العدد الرقمي</a> | <a href="/contact">للتواصل</a><span class="strip-social">تابعونا على: <a href="#">إكس</a> <a href="#">سناب شات</a> <a href="#">إنستغرام</a></span></div></div>
<div class="wrap logo-row"><a href="/" class="logo"><img src="/assets/img/deera-logo.png" alt="الديرة"></a>
<div class="chief"><span>رئيس التحرير المكلف</span> <b>فهد بن سالم العتيبي</b></div></div>
<div class="menu-row"><ul class="wrap main-menu">{NL.join(f'<li><a href="/section/{i}">{esc(t)}</a></li>' for i, t in enumerate(["محليات", "سياسة", "اقتصاد", "رياضة", "ثقافة وفن", "الأخيرة", "كتاب وآراء", "فيديو"]))}</ul></div>
</div>
<div class="wrap ticker"><span class="ticker-lbl">عاجل</span><div class="ticker-in">{NL.join(f'<span class="tk">{esc(t)}</span>' for t in ticker)}</div></div>
<div class="wrap page">
<div class="col-main">
<div class="article-page" id="article-{p['num']}">
<div class="sec-name"><a href="/section/0">{esc(p['section'])}</a></div>
<h1 class="article-title">{esc(p['title'])}</h1>
{loc_author}
<div class="article-date">{d.visible}</div>
{fig}
<div class="article-body" id="article-body">
{body}
</div>
<div class="article-share"><span>شارك المقال</span><a href="#">واتساب</a><a href="#">إكس</a><a href="#">تيليجرام</a><a href="#">نسخ</a></div>
</div>
<div class="more-news"><h2>أخبار ذات صلة</h2>{NL.join(f'<div class="mn-item"><a href="{attr(u)}">{esc(t)}</a></div>' for t, u in related)}</div>
<div class="comments">
<h2>التعليقات (2)</h2>
<div class="cm"><span class="cm-name">أبو عبدالله</span><p class="cm-text">الله يوفق القائمين على هذا العمل ويجزاهم خير</p></div>
<div class="cm"><span class="cm-name">نورة</span><p class="cm-text">نتمنى أن تشمل الخدمة جميع الأحياء وليس بعضها فقط</p></div>
<div class="cm-form"><p>أضف تعليقك، التعليقات تخضع للمراجعة قبل النشر</p><textarea></textarea><button>أرسل</button></div>
</div>
</div>
<div class="col-side">
<div class="box-most"><h2>الأكثر قراءة</h2><ul>{NL.join(f'<li><a href="#">{esc(t)}</a></li>' for t in most)}</ul></div>
<div class="box-nl"><h2>النشرة البريدية</h2><p>اشترك في نشرة الديرة اليومية</p><input type="email"><button>اشتراك</button></div>
</div>
</div>
<div class="footer"><div class="wrap">
<p>صحيفة الديرة تصدر عن مؤسسة الديرة للصحافة والنشر</p>
<p>جميع الحقوق محفوظة ©</p>
</div></div>
<div class="cookies-bar">هذا الموقع يستخدم الكوكيز لضمان حصولك على أفضل تجربة <a href="/privacy">اعرف المزيد</a> <button>حسناً</button></div>
<script>googletag.cmd.push(function(){{ googletag.display('div-gpt-ad-inarticle'); }});</script>
</body>
</html>
"""
    chrome = ["رئيس التحرير المكلف فهد بن سالم العتيبي", ticker[0], "الله يوفق القائمين على هذا العمل ويجزاهم خير",
              related[0][0], "اشترك في نشرة الديرة اليومية", most[0],
              "صحيفة الديرة تصدر عن مؤسسة الديرة للصحافة والنشر",
              "هذا الموقع يستخدم الكوكيز لضمان حصولك على أفضل تجربة",
              "أضف تعليقك، التعليقات تخضع للمراجعة قبل النشر", ticker[1]]
    if caption:
        chrome.insert(3, caption)
    return html, chrome


# ---------------------------------------------------------------------------------------------
# najd — Al-Riyadh-like, old school: layout tables, <div id="content">, body as <br><br>
# separated text with <b> subheadings, <font> for the date and captions.
# ---------------------------------------------------------------------------------------------

def _najd_body(blocks) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "p":
            out.append(inline(b.text, "/keywords/") + "<br><br>")
        elif b.kind == "h":
            out.append(f"<b>{esc(b.text)}</b><br><br>")
        elif b.kind == "q":
            out.append(f'<div class="qt"><font color="#7a5b00">{inline(b.text)}</font></div><br>')
        elif b.kind in ("ul", "ol"):
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul><br>")
        elif b.kind == "table":
            out.append(table_html(b, head=False).replace("<table>", '<table border="1" cellspacing="0" cellpadding="3" width="95%">') + "<br>")
        elif b.kind == "also":
            out.append(f'<font size="2"><b>اقرأ أيضاً:</b> <a href="/article/{len(b.text)}">{esc(b.text)}</a></font><br><br>')
        elif b.kind == "ad":
            out.append(f'<div class="adv"><font size="1">إعلان</font><br>{esc(b.text)}</div><br>')
        elif b.kind == "follow":
            out.append(f"<i>{esc(b.text)}</i><br><br>")
        elif b.kind == "img":
            out.append(f'<img src="/images/in.jpg"><br><font size="1">{esc(b.text)}</font><br><br>')
    return "\n".join(out)


def najd(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    by = f'<font class="writer" color="#555555">{esc(p["author"])} - {esc(p["dateline"])}</font><br>' if p["author"] else ""
    caption = (p.get("image") or ("", ""))[1]
    img = (f'<table align="center"><tr><td><img src="/2026/img/{p["num"]}.jpg" width="460"></td></tr>'
           f'<tr><td align="center"><font size="1">{esc(caption)}</font></td></tr></table>') if caption else ""
    html = f"""<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>جريدة نجد | {esc(p['title'])}</title>
<meta name="description" content="{attr(p['description'])}">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
{d.head}
<link rel="stylesheet" type="text/css" href="/css/style.css">
<script language="javascript" src="/js/functions.js"></script>
<script language="javascript">
function printArticle() {{ window.open('/print/{p['num']}', 'print', 'width=600,height=700'); }}
var tickerText = "{' ... '.join(ticker)}";
</script>
</head>
<body topmargin="0" leftmargin="0" bgcolor="#ffffff">
<center>
<table width="980" border="0" cellspacing="0" cellpadding="0">
<tr><td colspan="2" class="topbar"><a href="/">الصفحة الرئيسية</a> | <a href="/archive">الأرشيف</a> | <a href="/pdf">النسخة الورقية</a> | <a href="/ads">الإعلانات</a></td></tr>
<tr><td width="300"><a href="/"><img src="/images/najd_logo.gif" border="0" alt="جريدة نجد"></a></td>
<td align="left"><font size="2">رئيس التحرير: عبدالرحمن بن ناصر الدوسري</font><br><font size="1">المدير العام: سلمان بن عبدالعزيز المطيري</font></td></tr>
<tr><td colspan="2" class="menu"><a href="/local">محليات</a> · <a href="/economy">اقتصاد</a> · <a href="/sports">الرياضة</a> · <a href="/culture">ثقافة اليوم</a> · <a href="/world">دوليات</a> · <a href="/opinion">كتاب اليوم</a> · <a href="/last">الأخيرة</a></td></tr>
<tr><td colspan="2" class="urgent"><b><font color="#cc0000">عاجل:</font></b> {esc(ticker[0])}</td></tr>
</table>
<table width="980" border="0" cellspacing="0" cellpadding="6">
<tr>
<td width="680" valign="top">
<div id="content">
<div class="section-name"><font size="2">{esc(p['section'])}</font></div>
<h1 class="title">{esc(p['title'])}</h1>
{by}
<div class="date"><font size="2" color="#777777">{d.visible}</font></div>
{img}
<div class="article-text">
{_najd_body(blocks)}
</div>
<table class="tools" width="100%"><tr><td><a href="javascript:printArticle()">طباعة</a></td><td><a href="#">أرسل لصديق</a></td><td><a href="#">شارك عبر إكس</a></td><td><a href="#">حفظ المقال</a></td></tr></table>
<div class="related"><b>مواضيع ذات صلة</b><ul>{NL.join(f'<li><a href="{attr(u)}">{esc(t)}</a></li>' for t, u in related)}</ul></div>
<div class="comments"><b>التعليقات</b><br>
<div class="c"><font size="2"><b>خالد</b>: كلام جميل والتنفيذ هو المهم في النهاية</font></div>
<div class="c"><font size="2"><b>مواطن</b>: ننتظر أن نرى النتائج على أرض الواقع</font></div>
<div>ملاحظة: التعليقات المنشورة لا تعبر عن رأي الجريدة</div>
</div>
</div>
</td>
<td width="300" valign="top" bgcolor="#f4f4f4">
<b>الأكثر قراءة</b><ol>{NL.join(f'<li><a href="#">{esc(t)}</a></li>' for t in most)}</ol>
<div class="adv"><font size="1">إعلان</font><br><a href="#">أسعار خاصة على باقات الإنترنت المنزلي لفترة محدودة</a></div>
<div class="nl"><b>القائمة البريدية</b><br>أدخل بريدك الإلكتروني لتصلك الأخبار أولا بأول<br><input type="text" size="20"> <input type="submit" value="اشترك"></div>
</td>
</tr>
</table>
<table width="980"><tr><td class="footer" align="center"><font size="1">جميع الحقوق محفوظة لمؤسسة نجد للصحافة والطباعة والنشر © 2026</font></td></tr></table>
</center>
</body>
</html>
"""
    chrome = ["رئيس التحرير: عبدالرحمن بن ناصر الدوسري", ticker[0], "كلام جميل والتنفيذ هو المهم في النهاية",
              related[0][0], "أدخل بريدك الإلكتروني لتصلك الأخبار أولا بأول",
              "أسعار خاصة على باقات الإنترنت المنزلي لفترة محدودة", most[0],
              "جميع الحقوق محفوظة لمؤسسة نجد للصحافة والطباعة والنشر",
              "التعليقات المنشورة لا تعبر عن رأي الجريدة", "المدير العام: سلمان بن عبدالعزيز المطيري"]
    if caption:
        chrome.insert(3, caption)
    return html, chrome


SITES = {
    "sahel": dict(render=sahel, name="الساحل", domain="www.alsahel.ae", country="AE",
                  timezone="Asia/Dubai", charset="utf-8", ctype="text/html; charset=utf-8",
                  ticker=TICKER_GULF, most_read=MOST_READ_GULF),
    "deera": dict(render=deera, name="صحيفة الديرة", domain="www.aldeera.com.sa", country="SA",
                  timezone="Asia/Riyadh", charset="utf-8", ctype="text/html; charset=utf-8",
                  ticker=TICKER_GULF, most_read=MOST_READ_GULF),
    "najd": dict(render=najd, name="جريدة نجد", domain="www.najd-daily.com", country="SA",
                 timezone="Asia/Riyadh", charset="utf-8", ctype="text/html; charset=utf-8",
                 ticker=TICKER_GULF, most_read=MOST_READ_GULF),
}
