"""Maghrebi templates: a Hespress-like page with many reader comments (Morocco), an
Echorouk-like page (Algeria), an Assabah-like Drupal page served as windows-1256 bytes with no
charset declaration anywhere (Tunisia)."""

from __future__ import annotations

from .common import NL, attr, esc, inline, render_blocks, table_html

TICKER_MA = [
    "المديرية العامة للأرصاد الجوية: زخات رعدية قوية بعدد من أقاليم المملكة",
    "المكتب الوطني للسكك الحديدية يعلن برمجة قطارات إضافية نهاية الأسبوع",
    "وزارة التربية الوطنية تحدد موعد العطلة البينية الثانية",
    "توقيف شخصين متورطين في ترويج المخدرات بمدينة سلا",
    "بنك المغرب يبقي سعر الفائدة الرئيسي دون تغيير",
]
MOST_READ_MA = [
    "أسعار المحروقات تعرف انخفاضا جديدا بمحطات الوقود",
    "الحكومة تصادق على مشروع مرسوم يتعلق بالدعم المباشر",
    "المنتخب الوطني يواصل تحضيراته للمباراة المقبلة",
    "حالة الطقس: أجواء باردة وصقيع بالمرتفعات",
    "تفاصيل جديدة حول امتحانات الباكالوريا",
]
TICKER_DZ = [
    "وزارة الداخلية تطلق منصة رقمية لاستخراج وثائق الحالة المدنية",
    "الحماية المدنية: تدخلات لإخماد حرائق في ثلاث ولايات",
    "الديوان الوطني للأرصاد الجوية يصدر نشرية خاصة بأمطار رعدية",
    "تعليق الدراسة في بعض الولايات بسبب الاضطرابات الجوية",
    "تعديل مواعيد رحلات الخطوط الجوية الجزائرية نحو الجنوب",
]
MOST_READ_DZ = [
    "منحة البطالة: الإجراءات الجديدة للتجديد",
    "أسعار الخضر والفواكه في أسواق الجملة",
    "تصفيات المونديال: قائمة اللاعبين المستدعين للتربص",
    "سكنات عدل: آخر المستجدات حول التوزيع",
    "نتائج مسابقة توظيف الأساتذة متاحة عبر المنصة",
]
TICKER_TN = [
    "وزارة الصحة تطلق حملة تلقيح مدرسية في كامل الولايات",
    "المعهد الوطني للرصد الجوي: انخفاض في درجات الحرارة وأمطار بالشمال",
    "الشركة الوطنية للسكك الحديدية تعدل توقيت القطارات على خط الضاحية الجنوبية",
    "ديوان الحبوب يعلن عن انطلاق موسم تجميع الصابة",
    "بلدية تونس تطلق حملة نظافة كبرى بالأحياء الشعبية",
]
MOST_READ_TN = [
    "أسعار الخضر في سوق الجملة ببئر القصعة",
    "الترجي الرياضي: قائمة المدعوين لمواجهة الأحد",
    "البكالوريا: رزنامة الامتحانات الوطنية",
    "نشرة متابعة: أمطار غزيرة منتظرة بعدد من الولايات",
    "مجلس النواب يصادق على مشروع قانون جديد",
]


# ---------------------------------------------------------------------------------------------
# atlas — Hespress-like: many reader comments, "صوت وصورة", <h3> subheadings, Moroccan months
# ---------------------------------------------------------------------------------------------

def atlas(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    body = render_blocks(
        blocks,
        h=lambda b: f'<h3 class="wp-block-heading">{esc(b.text)}</h3>',
        also=lambda b: (f'<div class="related-inline"><strong>اقرأ أيضا:</strong> <a href="https://www.atlaspress.ma/{len(b.text)}.html">'
                        f"{esc(b.text)}</a></div>"),
        ad=lambda b: f'<div class="banner_ads inarticle"><span class="adlbl">إعلان</span><p>{esc(b.text)}</p></div>',
        table=lambda b: '<figure class="wp-block-table">' + table_html(b) + "</figure>",
        q=lambda b: f'<blockquote class="wp-block-quote"><p>{inline(b.text)}</p></blockquote>',
    )
    author = f'<span class="author"><a href="/author/">{esc(p["author"])}</a></span>' if p["author"] else ""
    comments = [
        ("مواطن من الرباط", "هذا هو الطريق الصحيح إذا توفرت الإرادة والمتابعة الجدية"),
        ("سعيد", "نتمنى ألا يبقى الأمر مجرد وعود كما جرت العادة"),
        ("مغربي حر", "شكرا لهيئة التحرير على هذا المقال المفصل"),
    ]
    caption = (p.get("image") or ("", ""))[1]
    fig = f'<div class="post-thumbnail"><img src="https://www.atlaspress.ma/files/{p["num"]}.jpg" alt=""><span class="caption">{esc(caption)}</span></div>' if caption else ""
    html = f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(p['title'])} - أطلس بريس</title>
<meta name="description" content="{attr(p['description'])}">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:site_name" content="أطلس بريس">
{d.head}
<link rel="stylesheet" href="https://www.atlaspress.ma/wp-content/themes/atlas/style.css">
<script>var atlas_ajax = {{"url":"https:\\/\\/www.atlaspress.ma\\/wp-admin\\/admin-ajax.php","nonce":"3f9c1a"}};</script>
</head>
<body class="post-template-default single">
<header class="header">
<div class="top-header"><a href="/">أطلس بريس: جريدة إلكترونية مغربية</a><span class="social">تابعونا على <a href="#">فيسبوك</a> <a href="#">يوتيوب</a> <a href="#">إنستغرام</a></span></div>
<div class="nav-bar"><ul class="menu">{NL.join(f'<li><a href="/{i}">{esc(t)}</a></li>' for i, t in enumerate(["الرئيسية", "سياسة", "مجتمع", "اقتصاد", "جهات", "رياضة", "فن وثقافة", "مغاربة العالم", "تكنولوجيا", "صوت وصورة"]))}</ul></div>
</header>
<div class="breaking-bar"><span class="lbl">عاجل</span><marquee direction="right" scrollamount="3">{' | '.join(esc(t) for t in ticker)}</marquee></div>
<div class="container">
<div class="row">
<div class="col-8">
<article class="post">
<div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="/{attr(p['section'])}">{esc(p['section'])}</a></div>
<h1 class="post-title">{esc(p['title'])}</h1>
<div class="post-meta">{author} <span class="date-post">{d.visible}</span></div>
{fig}
<div class="share-post"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <a href="#">بريد</a></div>
<div class="article-content">
{body}
</div>
<div class="box-tags">{NL.join(f'<a href="/tag/{attr(t)}">{esc(t)}</a> ' for t in p['tags'])}</div>
</article>
<div class="related-posts"><h2>مقالات ذات صلة</h2>{NL.join(f'<div class="card"><a href="{attr(u)}"><h3>{esc(t)}</h3></a></div>' for t, u in related)}</div>
<div class="comments-area" id="comments">
<h2 class="comments-title">تعليقات الزوار ({len(comments)})</h2>
<ol class="comment-list">{NL.join(f'<li class="comment"><div class="comment-author">{i + 1} - {esc(a)}</div><div class="comment-body"><p>{esc(c)}</p></div><div class="comment-votes">أعجبني | لم يعجبني</div></li>' for i, (a, c) in enumerate(comments))}</ol>
<div class="comment-respond"><p>المرجو عدم تضمين التعليقات عبارات تسيء إلى الأشخاص أو المقدسات</p><form><textarea></textarea><input placeholder="الاسم"><button>إرسال</button></form></div>
</div>
</div>
<div class="col-4 sidebar">
<div class="widget most-read"><h3>الأكثر قراءة</h3><ul>{NL.join(f'<li><a href="#">{esc(t)}</a></li>' for t in most)}</ul></div>
<div class="widget video"><h3>صوت وصورة</h3><p>فيديو: جولة في أسواق المدينة العتيقة قبيل المناسبة</p></div>
<div class="widget newsletter"><h3>النشرة البريدية</h3><p>توصل بأهم أخبار أطلس بريس مباشرة في بريدك</p><input type="email"><button>اشترك</button></div>
</div>
</div>
</div>
<footer class="footer"><div class="container"><p>أطلس بريس جريدة إلكترونية مغربية مستقلة - جميع الحقوق محفوظة © 2026</p><p><a href="/contact">اتصل بنا</a> - <a href="/about">من نحن</a> - <a href="/ads">للإعلان</a></p></div></footer>
<div id="gdpr-box" class="gdpr">نستعمل ملفات تعريف الارتباط لتحسين خدماتنا وعرض إعلانات ملائمة <button>موافق</button></div>
</body>
</html>
"""
    chrome = [ticker[0], comments[0][1], related[0][0], "توصل بأهم أخبار أطلس بريس مباشرة في بريدك",
              most[0], "فيديو: جولة في أسواق المدينة العتيقة قبيل المناسبة",
              "جريدة إلكترونية مغربية مستقلة", "نستعمل ملفات تعريف الارتباط لتحسين خدماتنا",
              "المرجو عدم تضمين التعليقات عبارات تسيء", comments[1][1]]
    if caption:
        chrome.insert(3, caption)
    return html, chrome


# ---------------------------------------------------------------------------------------------
# raid — Echorouk-like (Algeria): bold-paragraph subheadings, "تابعوا" prompt, bare year in the
# URL, Algerian month names.
# ---------------------------------------------------------------------------------------------

def raid(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    body = render_blocks(
        blocks,
        p=lambda b: f"<p>{inline(b.text, '/tag/')}</p>",
        h=lambda b: f"<p><b>{esc(b.text)}</b></p>",
        also=lambda b: f'<p class="also"><a href="/national/{len(b.text)}">اقرأ أيضا: {esc(b.text)}</a></p>',
        ad=lambda b: f'<div class="pub-slot"><i>إعلان</i> {esc(b.text)}</div>',
        follow=lambda b: f'<p class="follow-app"><a href="/app">{esc(b.text)}</a></p>',
        ul=lambda b: '<ul class="article-list">' + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul>",
    )
    author = f'<div class="art-author">{esc(p["author"])}</div>' if p["author"] else ""
    html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{esc(p['title'])} - الرائد أونلاين</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:description" content="{attr(p['description'])}">
{d.head}
<link rel="stylesheet" href="/static/css/raid.css">
<script>window.__raid = {{ "breaking": {len(ticker)}, "adunit": "/2231/raid/article" }};</script>
</head>
<body>
<div class="site">
<div class="topbar"><div class="wrap"><span class="weather">الجزائر العاصمة 17°</span><a href="/fr">Français</a><a href="/pdf">النسخة الورقية</a></div></div>
<header class="hdr"><div class="wrap"><a href="/" class="hdr-logo"><img src="/static/img/raid.svg" alt="الرائد"></a>
<nav class="hdr-nav">{NL.join(f'<a href="/{i}">{esc(t)}</a>' for i, t in enumerate(["الوطني", "الدولي", "اقتصاد", "رياضة", "ثقافة", "مجتمع", "تكنولوجيا", "آراء", "الرائد TV"]))}</nav></div></header>
<div class="brk"><div class="wrap"><span class="brk-t">عاجل</span><ul>{NL.join(f'<li>{esc(t)}</li>' for t in ticker)}</ul></div></div>
<div class="wrap main">
<div class="content">
<div class="art-section"><a href="/national">{esc(p['section'])}</a></div>
<h1 class="art-title">{esc(p['title'])}</h1>
<div class="art-meta">{author}<div class="art-date">{d.visible}</div></div>
<div class="art-share"><span>شارك:</span><a href="#">فيسبوك</a><a href="#">تويتر</a><a href="#">تيليغرام</a></div>
<div class="art-body">
{body}
</div>
<div class="art-tags">{NL.join(f'<a href="/tag/{attr(t)}">#{esc(t)}</a> ' for t in p['tags'])}</div>
<div class="art-more"><h3>ذات صلة</h3>{NL.join(f'<div><a href="{attr(u)}">{esc(t)}</a></div>' for t, u in related)}</div>
<div class="art-comments"><h3>التعليقات</h3><div class="cmt"><b>عبد القادر</b> <span>الله يسهل، المهم هو التطبيق في الميدان</span></div><div class="cmt-note">التعليقات لا تعبر عن رأي الرائد بل عن رأي أصحابها</div></div>
</div>
<aside class="side"><div class="box"><h3>الأكثر قراءة</h3><ol>{NL.join(f'<li>{esc(t)}</li>' for t in most)}</ol></div>
<div class="box pub"><i>إعلان</i> عروض حصرية على الهواتف الذكية عبر متجر التوصيل الأول في الجزائر</div>
<div class="box nl"><p>اشترك في نشرة الرائد ليصلك ملخص الأخبار كل مساء</p><input><button>اشترك</button></div></aside>
</div>
<footer class="ftr"><div class="wrap"><p>الرائد أونلاين - يومية وطنية إخبارية</p><p>جميع الحقوق محفوظة © 2026</p></div></footer>
</div>
</body>
</html>
"""
    chrome = [ticker[0], related[0][0], "الله يسهل، المهم هو التطبيق في الميدان",
              "عروض حصرية على الهواتف الذكية عبر متجر التوصيل الأول في الجزائر", most[0],
              "اشترك في نشرة الرائد ليصلك ملخص الأخبار كل مساء", "يومية وطنية إخبارية",
              "التعليقات لا تعبر عن رأي الرائد", ticker[1]]
    return html, chrome


# ---------------------------------------------------------------------------------------------
# carthage — Assabah-like Drupal 7 page, served as windows-1256 bytes with no declaration at
# all (no meta charset, no charset in the HTTP header): weather widget, comment form.
# ---------------------------------------------------------------------------------------------

def carthage(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:4]
    body = render_blocks(
        blocks,
        h=lambda b: f'<p><span style="color:#b22222;"><strong>{esc(b.text)}</strong></span></p>',
        q=lambda b: f'<blockquote><p>{inline(b.text)}</p></blockquote>',
        also=lambda b: f'<p class="rtecenter"><strong>اقرأ أيضا: <a href="/article/{170000 + len(b.text)}">{esc(b.text)}</a></strong></p>',
        ad=lambda b: f'<div class="block-ads-inline"><small>إعلان</small><br>{esc(b.text)}</div>',
        table=lambda b: table_html(b).replace("<table>", '<table border="1" cellpadding="1" cellspacing="1" style="width:100%;">'),
    )
    author = f'<div class="field field-name-field-author">{esc(p["author"])}</div>' if p["author"] else ""
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html lang="ar" dir="rtl" xmlns:og="http://ogp.me/ns#">
<head profile="http://www.w3.org/1999/xhtml/vocab">
<link rel="shortcut icon" href="/misc/favicon.ico" type="image/vnd.microsoft.icon" />
<title>{esc(p['title'])} | قرطاج اليوم</title>
<meta name="description" content="{attr(p['description'])}" />
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}" />
{d.head}
<link type="text/css" rel="stylesheet" href="/sites/all/themes/carthage/css/style.css" media="all" />
<script type="text/javascript">jQuery.extend(Drupal.settings, {{"basePath":"\\/","pathPrefix":"","ajaxPageState":{{"theme":"carthage"}}}});</script>
</head>
<body class="html not-front not-logged-in one-sidebar sidebar-second page-node node-type-article i18n-ar">
<div id="page-wrapper"><div id="page">
<div id="header"><div class="section clearfix">
<a href="/" title="الرئيسية" rel="home" id="logo"><img src="/sites/all/themes/carthage/logo.png" alt="الرئيسية" /></a>
<div class="region region-header">
<div id="block-weather" class="block block-weather"><div class="content">تونس: سماء قليلة السحب 19° - صفاقس: صحو 21°</div></div>
</div>
</div></div>
<div id="navigation"><ul class="menu">{NL.join(f'<li class="leaf"><a href="/taxonomy/term/{i}">{esc(t)}</a></li>' for i, t in enumerate(["الرئيسية", "وطنية", "اقتصاد", "جهات", "عالمية", "رياضة", "ثقافة", "قرطاج الأسبوعي", "منتدى قرطاج"]))}</ul></div>
<div id="block-breaking" class="block"><h2>عاجل</h2><div class="content"><ul>{NL.join(f'<li>{esc(t)}</li>' for t in ticker)}</ul></div></div>
<div id="main-wrapper"><div id="main" class="clearfix">
<div id="content" class="column"><div class="section">
<h1 class="title" id="page-title">{esc(p['title'])}</h1>
<div class="region region-content">
<div id="node-{p['num']}" class="node node-article node-promoted clearfix" about="/article/{p['num']}" typeof="sioc:Item foaf:Document">
<div class="submitted">{author}<span class="date">{d.visible}</span></div>
<div class="content">
<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">
{body}
</div></div></div>
</div>
<div class="service-links"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">إرسال إلى صديق</a> <a href="#">نسخة للطباعة</a></div>
<ul class="links inline"><li class="comment-add first last"><a href="/comment/reply/{p['num']}#comment-form">أضف تعليقا جديدا</a></li></ul>
</div>
<div id="comments" class="comment-wrapper">
<h2 class="title comment-form">إضافة تعليق</h2>
<form class="comment-form" id="comment-form"><div class="form-item"><label>الاسم </label><input type="text" /></div><div class="form-item"><label>التعليق <span class="form-required">*</span></label><textarea></textarea></div>
<div class="description">المحتوى الذي تكتبه يخضع للمراجعة قبل نشره على الموقع</div><input type="submit" value="حفظ" /></form>
</div>
</div>
</div></div>
<div id="sidebar-second" class="column sidebar"><div class="section">
<div class="block"><h2>مقالات ذات صلة</h2><ul>{NL.join(f'<li><a href="{attr(u)}">{esc(t)}</a></li>' for t, u in related)}</ul></div>
<div class="block"><h2>الأكثر اطلاعا</h2><ul>{NL.join(f'<li>{esc(t)}</li>' for t in most)}</ul></div>
<div class="block"><h2>إشهار</h2><div>تخفيضات الشتاء في الفضاءات التجارية الكبرى بتونس الكبرى</div></div>
</div></div>
</div></div>
<div id="footer"><div class="section">دار قرطاج للطباعة والنشر - قرطاج اليوم: جميع الحقوق محفوظة</div></div>
</div></div>
</body>
</html>
"""
    chrome = [ticker[0], "تونس: سماء قليلة السحب", related[0][0], "أضف تعليقا جديدا",
              "المحتوى الذي تكتبه يخضع للمراجعة قبل نشره على الموقع", most[0],
              "تخفيضات الشتاء في الفضاءات التجارية الكبرى بتونس الكبرى",
              "قرطاج اليوم: جميع الحقوق محفوظة", ticker[1]]
    return html, chrome


SITES = {
    "atlas": dict(render=atlas, name="أطلس بريس", domain="www.atlaspress.ma", country="MA",
                  timezone="Africa/Casablanca", charset="utf-8", ctype="text/html; charset=UTF-8",
                  ticker=TICKER_MA, most_read=MOST_READ_MA),
    "raid": dict(render=raid, name="الرائد أونلاين", domain="www.elraid-dz.com", country="DZ",
                 timezone="Africa/Algiers", charset="utf-8", ctype="text/html; charset=utf-8",
                 ticker=TICKER_DZ, most_read=MOST_READ_DZ),
    "carthage": dict(render=carthage, name="قرطاج اليوم", domain="www.carthage-alyoum.tn", country="TN",
                     timezone="Africa/Tunis", charset="windows-1256", ctype="text/html",
                     ticker=TICKER_TN, most_read=MOST_READ_TN),
}
