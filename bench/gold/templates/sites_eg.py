"""Egyptian templates: a WordPress news theme (the seed's site), a Youm7-like portal,
a Masrawy-like React page with meaningless class names, a Shorouk-like ASP.NET page."""

from __future__ import annotations

from .common import NL, attr, esc, inline, render_blocks, table_html

TICKER_EG = [
    "رئيس الوزراء يتابع معدلات تنفيذ مشروعات الإسكان الاجتماعي بالمحافظات",
    "وزارة الصحة: تقديم 120 ألف خدمة طبية بالقوافل العلاجية خلال أسبوع",
    "ضبط 4 أطنان دقيق مدعم قبل بيعها في السوق السوداء بالقليوبية",
    "سقوط أمطار خفيفة على السواحل الشمالية وتحذير من الشبورة المائية",
    "وزير التعليم العالي يفتتح معامل جديدة بجامعة أسيوط",
    "تحرير 312 مخالفة مرورية متنوعة على الطرق السريعة",
    "انطلاق امتحانات منتصف الفصل الدراسي بالمدارس الخاصة والدولية",
    "البورصة المصرية تربح 14 مليار جنيه في ختام تعاملات الجلسة",
]

MOST_READ_EG = [
    "موعد صرف معاشات الشهر المقبل بالزيادة الجديدة",
    "طريقة الاستعلام عن فاتورة التليفون الأرضي إلكترونيا",
    "سعر الدولار أمام الجنيه في البنوك مع بداية التعاملات",
    "حالة الطقس غدا: أجواء مائلة للبرودة ليلا على أغلب الأنحاء",
    "تنسيق الجامعات: الحدود الدنيا للقبول بكليات القمة",
    "خطوات التقديم على شقق الإسكان الاجتماعي للمرحلة الجديدة",
    "مواعيد القطارات على خط القاهرة الإسكندرية بعد التعديل",
]

NAV_EG = ["الرئيسية", "أخبار مصر", "سياسة", "اقتصاد وبورصة", "حوادث", "رياضة", "فن",
          "عربي ودولي", "صحة وطب", "تكنولوجيا", "منوعات", "فيديو"]


def _lis(items, cls=""):
    c = f' class="{cls}"' if cls else ""
    return NL.join(f'<li{c}><a href="/section/{i}">{esc(t)}</a></li>' for i, t in enumerate(items))


# ---------------------------------------------------------------------------------------------
# mwatan — WordPress theme (the seed's site: masthead "رئيس التحرير / أحمد ناصف" twice)
# ---------------------------------------------------------------------------------------------

def mwatan(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    alt, caption = p.get("image") or ("", "")
    body = render_blocks(
        blocks,
        h=lambda b: f'<h2 class="wp-block-heading">{esc(b.text)}</h2>',
        also=lambda b: (f'<div class="read-more-box"><span class="rm-label">اقرأ أيضا</span>'
                        f'<a href="https://mwatan.news/9{len(b.text)}">{esc(b.text)}</a></div>'),
        ad=lambda b: (f'<div class="stream-item stream-item-in-post"><span class="ad-label">إعلان</span>'
                      f'<a href="https://ads.example-network.com/c?id=77" rel="nofollow">{esc(b.text)}</a></div>'),
    )
    share = ["شارك على فيسبوك", "شارك على واتساب", "انسخ رابط الخبر"]
    editor = ('<div class="editor-in-chief"><span class="eic-label">رئيس التحرير</span><br>'
              '<strong class="eic-name">أحمد ناصف</strong></div>')
    figure = ""
    if caption:
        figure = (f'<figure class="single-featured-image"><img src="https://mwatan.news/wp-content/uploads/'
                  f'{p["id"]}.jpg" alt="{attr(alt)}" width="780" height="470">'
                  f'<figcaption class="single-caption-text">{esc(caption)}</figcaption></figure>')
    author = f'<span class="meta-author">كتب: <a href="/author/">{esc(p["author"])}</a></span>' if p["author"] else ""
    html = f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(p['title'])} - مواطن</title>
<meta name="description" content="{attr(p['description'])}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="مواطن">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:url" content="{attr(p['url'])}">
{d.head}
<link rel="canonical" href="{attr(p['url'])}">
<link rel="stylesheet" href="https://mwatan.news/wp-content/themes/jannah/assets/css/style.min.css">
<script>var tie = {{"is_rtl":"1","ajaxurl":"https://mwatan.news/wp-admin/admin-ajax.php","breaking_title":"عاجل"}};</script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-MW0000"></script>
</head>
<body id="tie-body" class="rtl post-template-default single single-post postid-{p['id'][-2:]} single-format-standard">
<div class="background-overlay">
<div id="tie-container" class="site tie-container">
<div id="tie-wrapper">
<header id="theme-header" class="theme-header header-layout-3 main-nav-dark">
<div id="top-nav" class="top-nav">
<div class="container">
{editor}
<ul class="social-icons"><li><a href="https://facebook.com/">فيسبوك</a></li><li><a href="https://x.com/">إكس</a></li><li><a href="https://youtube.com/">يوتيوب</a></li></ul>
</div>
</div>
<div class="container header-container">
<div class="logo-wrapper"><a href="https://mwatan.news/" title="مواطن"><img src="https://mwatan.news/logo.png" alt="مواطن"></a></div>
</div>
<div class="main-nav-wrapper">
<nav id="main-nav" class="main-nav" aria-label="القائمة الرئيسية">
<ul class="menu">{_lis(NAV_EG, "menu-item")}</ul>
</nav>
</div>
<div id="mobile-menu" class="mobile-menu">
{editor}
<ul>{_lis(NAV_EG[:6])}</ul>
</div>
</header>
<div id="content" class="site-content container">
<div class="tie-row main-content-row">
<div class="main-content tie-col-md-8" role="main">
<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer">
<nav id="breadcrumb"><a href="https://mwatan.news/">الرئيسية</a> <em>/</em> <a href="/category/{attr(p['section'])}">{esc(p['section'])}</a></nav>
<div class="entry-header">
<h1 class="post-title entry-title">{esc(p['title'])}</h1>
<div class="single-post-meta post-meta clearfix">{author}<span class="date meta-item tie-icon">نشر</span> {d.visible}</div>
</div>
</header>
{figure}
<div class="entry-content entry clearfix">
{body}
</div>
<div id="post-extra-info"><div class="theiaStickySidebar"></div></div>
<div class="share-buttons share-buttons-bottom">
<a class="facebook-share-btn" href="#"><span class="share-btn-icon"></span> <span class="social-text">{share[0]}</span></a>
<a class="whatsapp-share-btn" href="#"><span class="social-text">{share[1]}</span></a>
<a class="copy-link-btn" href="#"><span class="social-text">{share[2]}</span></a>
</div>
</article>
<div class="post-components">
<div id="related-posts" class="container-wrapper">
<div class="mag-box-title the-global-title"><h3>مقالات ذات صلة</h3></div>
<div class="related-posts-list">
{NL.join(f'<div class="related-item"><h3 class="post-title"><a href="{attr(u)}">{esc(t)}</a></h3></div>' for t, u in related)}
</div>
</div>
<div id="comments" class="comments-area">
<div id="add-comment-block" class="container-wrapper">
<h3 id="reply-title" class="comment-reply-title the-global-title">اترك تعليقاً</h3>
<p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<form id="commentform"><label for="comment">التعليق *</label><textarea id="comment"></textarea><label for="author">الاسم *</label><input id="author"><button type="submit">إرسال التعليق</button></form>
</div>
</div>
</div>
</div>
<aside class="sidebar tie-col-md-4" aria-label="القائمة الجانبية">
<div id="posts-list-widget-3" class="container-wrapper widget posts-list">
<div class="widget-title the-global-title"><div class="the-subtitle">الأكثر قراءة</div></div>
<ul class="posts-list-items">{NL.join(f'<li class="widget-single-post-item"><a href="/p/{i}">{esc(t)}</a></li>' for i, t in enumerate(most))}</ul>
</div>
<div class="container-wrapper widget subscribe-widget">
<div class="widget-title"><div class="the-subtitle">النشرة البريدية</div></div>
<p class="subscribe-widget-content">اشترك في النشرة البريدية لمواطن ليصلك كل جديد</p>
<form><input type="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form>
</div>
</aside>
</div>
</div>
<footer id="footer" class="site-footer">
<div id="site-info" class="site-info">
<div class="container">
<div class="copyright-text">جميع الحقوق محفوظة لموقع مواطن © 2026</div>
<ul class="footer-menu"><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li><li><a href="/privacy">سياسة الخصوصية</a></li></ul>
</div>
</div>
</footer>
</div>
</div>
</div>
<div id="cookie-law" class="cookie-bar">يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح <button>أوافق</button></div>
<div class="breaking-news-bottom">
<span class="breaking-title"><span class="breaking-title-text">عاجل</span></span>
<ul id="breaking-news-in-footer" class="breaking-news">
{NL.join(f'<li class="breaking-item"><a href="#">{esc(t)}</a></li>' for t in ticker)}
</ul>
</div>
<script>jQuery(function($){{ $('#breaking-news-in-footer').tieBreakingNews({{speed: 4000}}); }});</script>
</body>
</html>
"""
    chrome = ["رئيس التحرير أحمد ناصف", ticker[0], share[0], related[0][0],
              "اشترك في النشرة البريدية لمواطن ليصلك كل جديد", most[0],
              "جميع الحقوق محفوظة لموقع مواطن", "يستخدم هذا الموقع ملفات تعريف الارتباط",
              "لن يتم نشر عنوان بريدك الإلكتروني", ticker[1]]
    if caption:
        chrome.insert(2, caption)
    return html, chrome


# ---------------------------------------------------------------------------------------------
# sada — Youm7-like portal: ticker on top, "كتب" byline, <strong> subheadings, read-also
# links inside the body, heavy footer with the board chairman and editor.
# ---------------------------------------------------------------------------------------------

def sada(p, blocks, d, ctx):
    ticker = ctx["ticker"][:4]
    related = ctx["related"][:4]
    most = ctx["most_read"][:6]
    body = render_blocks(
        blocks,
        h=lambda b: f"<p><strong>{esc(b.text)}</strong></p>",
        also=lambda b: (f'<p class="readAlso"><strong>اقرأ أيضا..</strong> <a href="/story/{len(b.text)}">'
                        f"{esc(b.text)}</a></p>"),
        ad=lambda b: (f'<div class="adv-inread" data-slot="inread1"><small>إعلان</small>'
                      f'<div>{esc(b.text)}</div></div>'),
        follow=lambda b: f'<p class="follow-gn"><a href="https://news.google.com/">{esc(b.text)}</a></p>',
        table=lambda b: table_html(b, "table table-bordered"),
        q=lambda b: f'<p class="quote"><em>{inline(b.text)}</em></p>',
    )
    byline = f'<span class="writeBy">كتب {esc(p["author"])}</span>' if p["author"] else ""
    caption = (p.get("image") or ("", ""))[1]
    img = ""
    if caption:
        img = (f'<div class="img-cont"><img class="img-responsive" src="https://img.sadaelyoum.com/large/{p["id"]}.jpg" '
               f'alt="{attr(caption)}" title="{attr(caption)}"><span class="img-desc">{esc(caption)}</span></div>')
    html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(p['title'])} - صدى اليوم</title>
<meta name="keywords" content="{attr(', '.join(p['tags']))}">
<meta name="description" content="{attr(p['description'])}">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:description" content="{attr(p['description'])}">
<meta property="og:image" content="https://img.sadaelyoum.com/large/{p['id']}.jpg">
<meta name="twitter:card" content="summary_large_image">
{d.head}
<link href="/Content/css/site.min.css?v=5.2" rel="stylesheet">
<script type="text/javascript">
  var googletag = googletag || {{}}; googletag.cmd = googletag.cmd || [];
  googletag.cmd.push(function() {{ googletag.defineSlot('/1021/sada/article_top', [728, 90], 'div-gpt-top').addService(googletag.pubads()); }});
</script>
</head>
<body>
<div id="div-gpt-top" class="adv-top"></div>
<header class="main-header">
<div class="container">
<div class="topHeader">
<a class="logo" href="https://www.sadaelyoum.com/"><img src="/images/logo.png" alt="صدى اليوم"></a>
<div class="searchBox"><input type="text" placeholder="ابحث في صدى اليوم"><button>بحث</button></div>
<div class="app-links"><a href="#">حمل تطبيق صدى اليوم</a></div>
</div>
<nav class="mainMenu"><ul>{_lis(NAV_EG)}<li class="more"><a href="#">المزيد</a><ul>{_lis(["محافظات", "ملفات", "جامعات", "برلمان", "المرأة والمنوعات"])}</ul></li></ul></nav>
</div>
</header>
<div class="breakingNews">
<div class="container">
<span class="bn-title">عاجل</span>
<div class="bn-items">{NL.join(f'<a href="#" class="bn-item">{esc(t)}</a>' for t in ticker)}</div>
</div>
</div>
<div class="container mainContainer">
<div class="row">
<div class="col-md-8 col-xs-12">
<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/section/{attr(p['section'])}">{esc(p['section'])}</a></li></ol>
<div class="articleCont">
<div class="articleHeader">
<h1>{esc(p['title'])}</h1>
<div class="writeByCont">{byline}</div>
<span class="newsStoryDate">{d.visible}</span>
</div>
{img}
<div class="shareArticle">
<span>مشاركة</span>
<a class="fb" href="#">فيسبوك</a><a class="tw" href="#">تويتر</a><a class="wa" href="#">واتساب</a>
</div>
<div id="articleBody" class="articleBody">
{body}
</div>
<div class="tags"><span>الكلمات المفتاحية</span> {NL.join(f'<a href="/Tags/{attr(t)}">{esc(t)}</a> ' for t in p['tags'])}</div>
<div class="article-source-note">لا يفوتك متابعة صدى اليوم على جوجل نيوز</div>
<div class="shareArticle shareBottom"><span>شارك الخبر مع أصدقائك</span><a href="#">فيسبوك</a><a href="#">تويتر</a></div>
</div>
<div class="relatedNews">
<h3 class="boxTitle">أخبار متعلقة</h3>
<ul>{NL.join(f'<li><a href="{attr(u)}"><img src="/img/s/{i}.jpg" alt=""><h3>{esc(t)}</h3></a></li>' for i, (t, u) in enumerate(related))}</ul>
</div>
<div class="comments-box">
<h3 class="boxTitle">التعليقات</h3>
<div class="fb-comments" data-href="{attr(p['url'])}" data-numposts="5"></div>
<p class="noComments">لا توجد تعليقات على الخبر</p>
<div class="comment-policy">اضف تعليق وشارك برأيك، مع الالتزام بمعايير النشر</div>
</div>
</div>
<div class="col-md-4 col-xs-12 sideBar">
<div class="adv-side"><span class="adv-label">إعلان</span><div id="div-gpt-side"></div></div>
<div class="mostRead">
<h3 class="boxTitle">الأكثر قراءة</h3>
<ol>{NL.join(f'<li><span class="num">{i + 1}</span><a href="/story/{i}">{esc(t)}</a></li>' for i, t in enumerate(most))}</ol>
</div>
<div class="newsletter"><h4>النشرة الإخبارية</h4><p>سجل بريدك الإلكتروني لتصلك أهم أخبار اليوم</p><input type="email"><button>اشتراك</button></div>
</div>
</div>
</div>
<footer class="mainFooter">
<div class="container">
<ul class="footerLinks">{_lis(NAV_EG[1:9])}</ul>
<div class="footerInfo">
<p class="board">رئيس مجلس الإدارة: ماجد الشناوي</p>
<p class="editor">رئيس التحرير: طارق عبد الحكيم</p>
<p class="copy">جميع الحقوق محفوظة لصدى اليوم © 2026</p>
</div>
</div>
</footer>
<script>
window.__NEWS__ = {{ id: "{p['id']}", section: "{p['section']}", breaking: {len(ticker)} }};
(function(){{ var s = document.createElement('script'); s.src = '/js/ticker.js'; document.body.appendChild(s); }})();
</script>
</body>
</html>
"""
    chrome = [ticker[0], "رئيس مجلس الإدارة: ماجد الشناوي", "شارك الخبر مع أصدقائك", related[0][0],
              "سجل بريدك الإلكتروني لتصلك أهم أخبار اليوم", "رئيس التحرير: طارق عبد الحكيم",
              most[0], "لا يفوتك متابعة صدى اليوم على جوجل نيوز",
              "اضف تعليق وشارك برأيك، مع الالتزام بمعايير النشر", ticker[1]]
    if caption:
        chrome.insert(3, caption)
    return html, chrome


# ---------------------------------------------------------------------------------------------
# masrnow — a Masrawy-like page rendered by a JS framework: meaningless class names, <h3>
# subheadings, an "اقرأ أيضاً" list inside the body, a newsletter card and a cookie banner.
# ---------------------------------------------------------------------------------------------

def masrnow(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:3]
    most = ctx["most_read"][:5]
    body = render_blocks(
        blocks,
        p=lambda b: f'<p class="c-p2">{inline(b.text, "/Tags/Details/")}</p>',
        h=lambda b: f'<h3 class="c-h3x">{esc(b.text)}</h3>',
        also=lambda b: (f'<div class="c-12x rel-in"><div class="c-12x__t">اقرأ أيضاً:</div>'
                        f'<ul><li><a href="/News/Details/{2600000 + len(b.text)}">{esc(b.text)}</a></li></ul></div>'),
        ad=lambda b: f'<div class="_adw"><div class="_adw__l">إعلان</div><div class="_adw__b">{esc(b.text)}</div></div>',
        ul=lambda b: '<ul class="c-li9">' + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul>",
        table=lambda b: '<div class="c-tb0">' + table_html(b, "c-tb0__t") + "</div>",
        q=lambda b: f'<blockquote class="c-bq"><p>{inline(b.text)}</p></blockquote>',
    )
    author = f'<div class="c-8kq"><a href="/Authors/1">{esc(p["author"])}</a></div>' if p["author"] else ""
    html = f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{esc(p['title'])} | مصر الآن</title>
<meta name="description" content="{attr(p['description'])}"><meta property="og:title" content="{attr(p['og_title'] or p['title'])}"><meta property="og:site_name" content="مصر الآن">
{d.head}
<link rel="preload" href="/_next/static/css/4f1a2c.css" as="style"><link rel="stylesheet" href="/_next/static/css/4f1a2c.css">
</head><body><div id="__next"><div class="c-0a1">
<div class="c-tp7"><div class="c-tp7__in"><a href="/"><img src="/static/logo.svg" alt="مصر الآن" width="160"></a><div class="c-tp7__s"><a href="/login">تسجيل الدخول</a><a href="/Search">بحث</a></div></div></div>
<nav class="c-nv3"><ul class="c-nv3__l">{NL.join(f'<li class="c-nv3__i"><a href="/Section/{i}">{esc(t)}</a></li>' for i, t in enumerate(NAV_EG[:10]))}</ul></nav>
<div class="c-bk5"><div class="c-bk5__lb">عاجل</div><div class="c-bk5__tx"><a href="#">{esc(ticker[0])}</a></div></div>
<main class="c-mn1"><div class="c-mn1__r">
<div class="c-mn1__c">
<div class="c-hd4"><a class="c-hd4__sec" href="/Section/1">{esc(p['section'])}</a>
<h1 class="c-hd4__t">{esc(p['title'])}</h1>
<div class="c-hd4__m">{author}<div class="c-hd4__d">{d.visible}</div></div></div>
<div class="c-sh2"><button class="c-sh2__b" aria-label="facebook">فيسبوك</button><button class="c-sh2__b" aria-label="whatsapp">واتساب</button><button class="c-sh2__b">نسخ الرابط</button></div>
<div class="c-at6"><div class="c-at6__body">
{body}
</div></div>
<div class="c-nl1"><div class="c-nl1__t">النشرة البريدية</div><div class="c-nl1__s">اشترك في نشرة مصر الآن الصباحية واحصل على أهم الأخبار في بريدك</div><input placeholder="البريد الإلكتروني"><button>اشترك الآن</button></div>
<div class="c-rl2"><div class="c-rl2__h">موضوعات متعلقة</div>{NL.join(f'<a class="c-rl2__i" href="{attr(u)}"><span>{esc(t)}</span></a>' for t, u in related)}</div>
</div>
<aside class="c-sd8"><div class="c-sd8__h">الأكثر قراءة</div><ol>{NL.join(f'<li><a href="/News/Details/{i}">{esc(t)}</a></li>' for i, t in enumerate(most))}</ol>
<div class="c-sd8__ad"><span>إعلان</span><a href="https://ads.example-network.com/c?id=91">عروض نهاية الموسم على الأجهزة المنزلية بخصم يصل إلى 40%</a></div></aside>
</div></main>
<footer class="c-ft9"><div class="c-ft9__l"><a href="/About">عن مصر الآن</a><a href="/Contact">اتصل بنا</a><a href="/Terms">شروط الاستخدام</a></div>
<div class="c-ft9__c">حقوق النشر محفوظة لموقع مصر الآن</div></footer>
<div class="c-ck1" role="dialog"><p>نستخدم ملفات الكوكيز لتقديم محتوى وإعلانات مخصصة لك</p><button>موافق</button><button>الإعدادات</button></div>
</div></div>
<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"newsId":{p['num']},"section":"{p['section']}"}}}},"page":"/News/Details/[id]"}}</script>
</body></html>
"""
    chrome = [ticker[0], "اشترك في نشرة مصر الآن الصباحية واحصل على أهم الأخبار في بريدك",
              related[0][0], "عروض نهاية الموسم على الأجهزة المنزلية بخصم يصل إلى 40%",
              most[0], "حقوق النشر محفوظة لموقع مصر الآن",
              "نستخدم ملفات الكوكيز لتقديم محتوى وإعلانات مخصصة لك", related[1][0]]
    return html, chrome


# ---------------------------------------------------------------------------------------------
# doha — a Shorouk-like ASP.NET WebForms page: ctl00_ ids, <font>-free but table layout for
# the header, Arabic-Indic digits in dates, masthead in the header.
# ---------------------------------------------------------------------------------------------

def doha(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    cph = "ctl00_ContentPlaceHolder1"
    body = render_blocks(
        blocks,
        h=lambda b: f'<p style="text-align: right;"><strong>{esc(b.text)}</strong></p>',
        p=lambda b: f'<p style="text-align: right;">{inline(b.text)}</p>',
        also=lambda b: (f'<p style="text-align: right;"><a href="/news/view.aspx?id={len(b.text)}">'
                        f'<strong>اقرأ أيضًا: {esc(b.text)}</strong></a></p>'),
        ad=lambda b: f'<div class="inArticleAd"><span class="adLbl">إعلان</span> {esc(b.text)}</div>',
        q=lambda b: f'<blockquote style="text-align: right;">{inline(b.text)}</blockquote>',
        table=lambda b: table_html(b, "", head=True).replace("<table>", '<table border="1" cellpadding="4" style="width:100%">'),
    )
    author = f'<span id="{cph}_lblWriter" class="writer">{esc(p["author"])}</span>' if p["author"] else ""
    date_line = f'<span id="{cph}_lblDate" class="date">نشر في: {d.visible}</span>' if d.visible else ""
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>
	{esc(p['title'])} | الضحى
</title>
<meta id="ctl00_metaDesc" name="description" content="{attr(p['description'])}" />
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}" />
<meta property="og:site_name" content="بوابة الضحى" />
{d.head}
<link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet" />
<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-0000000-1']); _gaq.push(['_trackPageview']);</script>
</head>
<body>
<form name="aspnetForm" method="post" action="./view.aspx?id={p['id']}" id="aspnetForm">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWAgIBD2QWBAIBDxYCHgRUZXh0BQ" /></div>
<table class="headerTbl" width="100%" cellspacing="0" cellpadding="0">
<tr>
<td class="logoTd"><a href="/"><img src="/images/logo_doha.png" alt="بوابة الضحى" /></a></td>
<td class="mastTd">
<div class="mast">رئيس مجلس الإدارة: حسام الدين فكري</div>
<div class="mast">رئيس التحرير: عماد الدين سليمان</div>
</td>
<td class="adTd"><div class="topAd">إعلان</div></td>
</tr>
</table>
<div id="ctl00_menu" class="menu"><ul>{_lis(["الرئيسية", "أخبار مصر", "العالم", "اقتصاد", "رياضة", "ثقافة", "صحة", "آراء", "ملفات", "الصفحة الأولى"])}</ul></div>
<div class="urgent"><b>عاجل:</b> <span id="ctl00_lblUrgent">{esc(ticker[0])}</span></div>
<div id="ctl00_pnlMain" class="mainPanel">
<div class="rightCol">
<div class="newsPath"><a href="/">الرئيسية</a> &gt; <a href="/news/sections.aspx?id=2">{esc(p['section'])}</a></div>
<div class="newsTitleDiv"><h1 id="{cph}_lblTitle">{esc(p['title'])}</h1></div>
<div class="newsInfo">{author} {date_line}</div>
<div class="shareBar"><a href="#">فيسبوك</a> | <a href="#">تويتر</a> | <a href="#">طباعة</a> | <a href="#">أرسل لصديق</a></div>
<div id="{cph}_divContent" class="eventContent">
{body}
</div>
<div class="shareBar"><a href="#">شارك الخبر</a> | <a href="#">تابع الضحى على تيليجرام</a></div>
<div class="relatedDiv"><h3>أخبار ذات صلة</h3><ul>{NL.join(f'<li><a href="{attr(u)}">{esc(t)}</a></li>' for t, u in related)}</ul></div>
<div class="commentsDiv"><h3>التعليقات</h3>
<div class="commentItem"><b>أحمد سمير</b><p>موضوع مهم ويحتاج إلى متابعة من المسؤولين</p></div>
<div class="commentItem"><b>نهى عبد الرحمن</b><p>شكرا على التغطية الدقيقة والسريعة</p></div>
<div class="addComment">أضف تعليقك: <textarea></textarea> <input type="submit" value="إرسال" /></div>
</div>
</div>
<div class="leftCol">
<div class="mostRead"><h3>الأكثر قراءة</h3><ul>{NL.join(f'<li><a href="/news/view.aspx?id={i}">{esc(t)}</a></li>' for i, t in enumerate(most))}</ul></div>
<div class="pdfBox">تصفح العدد الورقي لجريدة الضحى بصيغة PDF</div>
<div class="urgentBox"><h3>آخر الأخبار</h3><ul>{NL.join(f'<li>{esc(t)}</li>' for t in ticker[1:])}</ul></div>
</div>
</div>
<div class="footer">
<table width="100%"><tr><td>جميع حقوق النشر محفوظة لدار الضحى للنشر والتوزيع</td><td><a href="/about.aspx">من نحن</a> - <a href="/ads.aspx">أعلن معنا</a></td></tr></table>
</div>
</form>
<script type="text/javascript">
//<![CDATA[
Sys.Application.initialize();
document.getElementById('ctl00_lblUrgent').setAttribute('data-rot', '1');
//]]>
</script>
</body>
</html>
"""
    chrome = ["رئيس مجلس الإدارة: حسام الدين فكري", ticker[0], "تابع الضحى على تيليجرام",
              related[0][0], "موضوع مهم ويحتاج إلى متابعة من المسؤولين",
              "تصفح العدد الورقي لجريدة الضحى بصيغة PDF", most[0],
              "جميع حقوق النشر محفوظة لدار الضحى للنشر والتوزيع", "رئيس التحرير: عماد الدين سليمان", ticker[1]]
    return html, chrome


SITES = {
    "mwatan": dict(render=mwatan, name="مواطن", domain="mwatan.news", country="EG",
                   timezone="Africa/Cairo", charset="utf-8", ctype="text/html; charset=UTF-8",
                   ticker=TICKER_EG, most_read=MOST_READ_EG),
    "sada": dict(render=sada, name="صدى اليوم", domain="www.sadaelyoum.com", country="EG",
                 timezone="Africa/Cairo", charset="utf-8", ctype="text/html; charset=utf-8",
                 ticker=TICKER_EG, most_read=MOST_READ_EG),
    "masrnow": dict(render=masrnow, name="مصر الآن", domain="www.masrnow.net", country="EG",
                    timezone="Africa/Cairo", charset="utf-8", ctype="text/html; charset=utf-8",
                    ticker=TICKER_EG, most_read=MOST_READ_EG),
    "doha": dict(render=doha, name="الضحى", domain="www.aldoha-news.com", country="EG",
                 timezone="Africa/Cairo", charset="utf-8", ctype="text/html; charset=utf-8",
                 ticker=TICKER_EG, most_read=MOST_READ_EG),
}
