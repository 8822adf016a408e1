"""Levantine templates: an An-Nahar-like page (Lebanon), an Al-Akhbar-like page with CSS-module
class names (Lebanon), an Addustour-like table layout served as windows-1256 (Jordan)."""

from __future__ import annotations

from .common import NL, attr, esc, inline, render_blocks, table_html

TICKER_LEV = [
    "مجلس الوزراء يعقد جلسة استثنائية لبحث ملف الكهرباء",
    "الجيش: توقيف مطلوبين بجرائم سرقة وإطلاق نار في البقاع",
    "وزارة الطاقة تصدر جدول تركيب الأسعار الجديد للمحروقات",
    "تحويل السير على أوتوستراد الضبية بسبب أعمال صيانة ليلية",
    "الأمن العام: تمديد دوام مراكز جوازات السفر حتى السادسة مساء",
    "انخفاض ملموس في درجات الحرارة وثلوج على ارتفاع 1600 متر",
    "وزارة التربية تعلن مواعيد تسجيل طلاب الامتحانات الرسمية",
]

TICKER_JO = [
    "رئاسة الوزراء: تعطيل الدوام الرسمي في المؤسسات العامة يوم الخميس",
    "الأرصاد الجوية: منخفض جوي يؤثر على المملكة اعتبارا من مساء الغد",
    "أمانة عمان تعلن خطة طوارئ للتعامل مع الأحوال الجوية",
    "وزارة المياه: ضخ كميات إضافية لمناطق شرق عمان",
    "هيئة تنظيم النقل البري تقر تعرفة جديدة لخطوط النقل العام",
    "مديرية الأمن العام تدعو السائقين إلى تخفيف السرعة على الطريق الصحراوي",
]

MOST_READ_JO = [
    "أسعار الذهب في السوق المحلية اليوم",
    "قرار حكومي جديد بشأن رسوم تجديد رخص المركبات",
    "موعد صرف رواتب موظفي القطاع العام",
    "الكشف عن تفاصيل امتحان الثانوية العامة للدورة الشتوية",
    "انخفاض أسعار المحروقات للشهر المقبل",
]

MOST_READ_LEV = [
    "سعر صفيحة البنزين يتراجع في الجدول الجديد",
    "الطقس في عطلة نهاية الأسبوع: أمطار متفرقة ورياح ناشطة",
    "قرار جديد بشأن رسوم المعاينة الميكانيكية",
    "المدارس الرسمية: موعد انطلاق الفصل الثاني",
    "زحمة سير خانقة عند مداخل العاصمة صباحا",
    "مصرف مركزي يمدد العمل بالتعميم الخاص بالسحوبات",
]


# ---------------------------------------------------------------------------------------------
# manara — An-Nahar-like: modern, subscriber box, <h2 class> subheadings, Levantine dates
# ---------------------------------------------------------------------------------------------

def manara(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:5]
    body = render_blocks(
        blocks,
        h=lambda b: f'<h2 class="articleSubTitle">{esc(b.text)}</h2>',
        q=lambda b: f'<blockquote class="articleQuote"><p>{inline(b.text)}</p></blockquote>',
        also=lambda b: (f'<div class="readMoreInline"><span class="rmTitle">اقرأ أيضاً</span>'
                        f'<a href="/lebanon/{len(b.text)}">{esc(b.text)}</a></div>'),
        ad=lambda b: f'<div class="adContainer inArticle"><div class="adLabel">إعلان</div><div class="adText">{esc(b.text)}</div></div>',
        follow=lambda b: f'<div class="whatsappCta"><a href="https://whatsapp.com/channel/">{esc(b.text)}</a></div>',
        table=lambda b: '<div class="tableWrapper">' + table_html(b, "articleTable") + "</div>",
    )
    author = f'<a class="authorName" href="/author/1">{esc(p["author"])}</a>' if p["author"] else ""
    html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(p['title'])} | المنارة</title>
<meta name="description" content="{attr(p['description'])}">
<meta property="og:site_name" content="المنارة">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
<meta property="og:locale" content="ar_AR">
{d.head}
<link rel="stylesheet" href="/dist/main.7c1e.css">
<script>(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start':new Date().getTime(),event:'gtm.js'}});}})(window,document,'script','dataLayer','GTM-MNR1');</script>
</head>
<body>
<div class="siteWrapper">
<header class="mainHeader">
<div class="headerTop"><div class="container"><a class="subscribeBtn" href="/subscribe">اشترك</a><a class="loginBtn" href="/login">تسجيل الدخول</a><a class="langBtn" href="/en">English</a></div></div>
<div class="headerLogo"><a href="/"><img src="/dist/img/manara-logo.svg" alt="المنارة"></a></div>
<nav class="headerNav"><ul>{NL.join(f'<li><a href="/{i}">{esc(t)}</a></li>' for i, t in enumerate(["لبنان", "العالم العربي", "دوليات", "اقتصاد وأعمال", "رياضة", "ثقافة", "صحة وعلوم", "تكنولوجيا", "آراء", "بودكاست"]))}</ul></nav>
</header>
<div class="urgentBar"><div class="container"><span class="urgentLabel">عاجل</span><div class="urgentSlider">{NL.join(f'<div class="urgentItem">{esc(t)}</div>' for t in ticker)}</div></div></div>
<main class="container articlePage">
<div class="row">
<div class="col-lg-8">
<div class="articleCategory"><a href="/lebanon">{esc(p['section'])}</a></div>
<h1 class="articleMainTitle">{esc(p['title'])}</h1>
<div class="articleInfo"><div class="articleAuthor">{author}</div><div class="articleDate">{d.visible}</div></div>
<div class="articleShareTop"><a href="#" class="shareFb">فيسبوك</a><a href="#" class="shareX">إكس</a><a href="#" class="shareWa">واتساب</a><a href="#" class="copyLink">نسخ الرابط</a></div>
<div class="articleMainText">
{body}
</div>
<div class="articleTags">{NL.join(f'<a href="/tag/{attr(t)}">{esc(t)}</a>' for t in p['tags'])}</div>
<div class="premiumBox"><p>ادعم الصحافة المستقلة واشترك في المنارة الرقمية بسعر خاص</p><a href="/subscribe">اشترك الآن</a></div>
<section class="moreFromSection"><h3 class="sectionTitle">المزيد من لبنان</h3>{NL.join(f'<div class="cardItem"><a href="{attr(u)}"><h4>{esc(t)}</h4></a></div>' for t, u in related)}</section>
</div>
<aside class="col-lg-4">
<div class="mostReadBox"><h3 class="sectionTitle">الأكثر قراءة</h3><ol>{NL.join(f'<li><a href="#">{esc(t)}</a></li>' for t in most)}</ol></div>
<div class="newsletterBox"><h3>نشرة المنارة</h3><p>سجّل لتصلك نشرتنا المسائية كل يوم</p><input type="email"><button>تسجيل</button></div>
<div class="adContainer sideAd"><div class="adLabel">إعلان</div><div class="adText">برامج ماجستير إدارة الأعمال لسنة دراسية جديدة، التسجيل مفتوح</div></div>
</aside>
</div>
</main>
<footer class="mainFooter"><div class="container">
<div class="footerLinks"><a href="/about">عن المنارة</a><a href="/contact">اتصل بنا</a><a href="/terms">شروط الاستخدام</a></div>
<p class="copyright">جميع الحقوق محفوظة لدار المنارة للصحافة، بيروت © 2026</p>
</div></footer>
</div>
<div class="cookieConsent"><p>يستخدم موقع المنارة ملفات تعريف الارتباط لتحليل الزيارات وتخصيص الإعلانات</p><button>موافق</button></div>
</body>
</html>
"""
    chrome = [ticker[0], "ادعم الصحافة المستقلة واشترك في المنارة الرقمية بسعر خاص", related[0][0],
              "سجّل لتصلك نشرتنا المسائية كل يوم", most[0],
              "برامج ماجستير إدارة الأعمال لسنة دراسية جديدة، التسجيل مفتوح",
              "جميع الحقوق محفوظة لدار المنارة للصحافة", "يستخدم موقع المنارة ملفات تعريف الارتباط",
              ticker[1]]
    return html, chrome


# ---------------------------------------------------------------------------------------------
# ofok — Al-Akhbar-like: CSS-module class names, author box, <h3> subheadings, lists
# ---------------------------------------------------------------------------------------------

def ofok(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:3]
    most = ctx["most_read"][:4]
    body = render_blocks(
        blocks,
        p=lambda b: f'<p class="Paragraph_p__Q1x9a">{inline(b.text, "/Tag/")}</p>',
        h=lambda b: f'<h3 class="Paragraph_h__k2LmZ">{esc(b.text)}</h3>',
        also=lambda b: (f'<div class="InlineRelated_root__7Hq2e"><span>اقرأ أيضاً</span>'
                        f'<a href="/Politics/{len(b.text)}">{esc(b.text)}</a></div>'),
        ad=lambda b: f'<div class="Ad_root__w9PzK"><span class="Ad_label__a0"><!-- ad -->إعلان</span><span>{esc(b.text)}</span></div>',
        ul=lambda b: '<ul class="Paragraph_list__aa1">' + "".join(f"<li>{inline(i)}</li>" for i in b.items) + "</ul>",
    )
    author = ""
    if p["author"]:
        author = (f'<div class="AuthorBox_root__pL0xq"><img src="/authors/{p["num"] % 97}.jpg" alt="">'
                  f'<a class="AuthorBox_name__3fRt" href="/Author/{p["num"] % 97}">{esc(p["author"])}</a></div>')
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>
<title>الأفق | {esc(p['title'])}</title>
<meta name="description" content="{attr(p['description'])}"/><meta property="og:title" content="{attr(p['og_title'] or p['title'])}"/><meta property="og:site_name" content="جريدة الأفق"/>
{d.head}
<link rel="stylesheet" href="/_next/static/css/a81c0e2f.css"/></head>
<body><div id="__next">
<div class="Layout_root__Zx81p">
<header class="Header_root__1pQe2"><div class="Header_inner__cc4"><a class="Header_logo__9Ww" href="/"><img src="/logo-ofok.svg" alt="الأفق"/></a>
<ul class="Header_nav__p0O2">{NL.join(f'<li><a href="/{t}">{esc(t)}</a></li>' for t in ["سياسة", "مجتمع واقتصاد", "ثقافة وناس", "رياضة", "العالم", "فلسطين", "رأي", "ملحقات"])}</ul>
<div class="Header_edition__m2">العدد الورقي</div></div></header>
<div class="Breaking_root__x2"><strong class="Breaking_label__Z1">عاجل</strong>{NL.join(f'<span class="Breaking_item__q8">{esc(t)}</span>' for t in ticker)}</div>
<main class="ArticlePage_root__8Dg1m">
<div class="ArticlePage_head__5Lk0">
<a class="ArticlePage_section__r7" href="/{attr(p['section'])}">{esc(p['section'])}</a>
<h1 class="ArticlePage_title__k0Lw">{esc(p['title'])}</h1>
{author}
<div class="ArticlePage_date__u3s">{d.visible}</div>
</div>
<div class="Share_root__9k"><button>شارك</button><button>فيسبوك</button><button>إكس</button><button>واتساب</button><button>طباعة</button></div>
<div class="ArticleBody_root__x7Q2z">
{body}
</div>
<div class="ArticlePage_notice__Pw1">هذه المقالة متاحة للقراءة مجانا، ادعم صحافتنا بالاشتراك في الأفق</div>
<section class="Related_root__b3"><h2>مقالات مرتبطة</h2>{NL.join(f'<a class="Related_card__e4" href="{attr(u)}"><h3>{esc(t)}</h3></a>' for t, u in related)}</section>
<section class="Comments_root__vv"><h2>التعليقات</h2><div class="Comments_empty__1x">كن أول من يعلّق على هذا المقال</div></section>
</main>
<aside class="Sidebar_root__d0"><h2>الأكثر قراءة</h2><ol>{NL.join(f'<li>{esc(t)}</li>' for t in most)}</ol>
<div class="Newsletter_root__n8"><p>اشترك في نشرة الأفق الأسبوعية لتصلك أبرز التحقيقات</p><input/><button>اشترك</button></div></aside>
<footer class="Footer_root__fT"><p>الأفق - يومية سياسية تصدر في بيروت</p><p>حقوق النشر محفوظة © الأفق</p><p>تابعونا على إنستغرام وتيليغرام ويوتيوب</p></footer>
</div></div>
<script id="__NEXT_DATA__" type="application/json">{{"page":"/[section]/[...slug]","query":{{"section":"{p['section']}"}},"buildId":"k9f2Qw"}}</script>
</body></html>
"""
    chrome = [ticker[0], "ادعم صحافتنا بالاشتراك في الأفق", related[0][0],
              "كن أول من يعلّق على هذا المقال", "اشترك في نشرة الأفق الأسبوعية لتصلك أبرز التحقيقات",
              most[0], "يومية سياسية تصدر في بيروت", "تابعونا على إنستغرام وتيليغرام ويوتيوب", ticker[1]]
    return html, chrome


# ---------------------------------------------------------------------------------------------
# mithaq — Addustour-like, windows-1256 with a meta charset: table layout, <font face>,
# <p align="justify"> paragraphs, red <b> subheadings, masthead of the chairman and editor.
# ---------------------------------------------------------------------------------------------

def mithaq(p, blocks, d, ctx):
    ticker = ctx["ticker"][:3]
    related = ctx["related"][:4]
    most = ctx["most_read"][:4]
    body = render_blocks(
        blocks,
        p=lambda b: f'<p align="justify"><font face="Tahoma" size="2">{inline(b.text, "/tags.php?t=")}</font></p>',
        h=lambda b: f'<p><font face="Tahoma" size="2" color="#990000"><b>{esc(b.text)}</b></font></p>',
        q=lambda b: f'<p align="center"><font face="Tahoma" size="2"><i>{inline(b.text)}</i></font></p>',
        table=lambda b: table_html(b, head=True).replace("<table>", '<table border="1" bordercolor="#cccccc" cellpadding="4" align="center">'),
        also=lambda b: f'<p><font size="2" color="#003366"><b>اقرأ أيضا:</b> <a href="/article.php?id={len(b.text)}">{esc(b.text)}</a></font></p>',
        ad=lambda b: f'<table align="center"><tr><td bgcolor="#eeeeee"><font size="1">إعلان</font><br>{esc(b.text)}</td></tr></table>',
    )
    author = f'<font face="Tahoma" size="2" color="#666666">{esc(p["dateline"])} - {esc(p["author"])}</font><br>' if p["author"] else ""
    html = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>الميثاق - {esc(p['title'])}</title>
<meta name="keywords" content="{attr(' ,'.join(p['tags']))}">
<meta property="og:title" content="{attr(p['og_title'] or p['title'])}">
{d.head}
<link href="/style/main.css" rel="stylesheet" type="text/css">
<script language="JavaScript" type="text/javascript">
<!--
function MM_openBrWindow(theURL,winName,features) {{ window.open(theURL,winName,features); }}
//-->
</script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="250"><a href="/index.php"><img src="/images/mithaq_logo.gif" width="240" height="90" border="0" alt="الميثاق"></a></td>
<td align="center"><img src="/banners/top_728.gif" width="728" height="90" alt="إعلان"></td>
</tr>
<tr>
<td colspan="2" bgcolor="#003366" height="28"><font face="Tahoma" size="2" color="#FFFFFF"><b>
<a href="/index.php"><font color="#FFFFFF">الرئيسية</font></a> | <a href="/section.php?id=1"><font color="#FFFFFF">محليات</font></a> | <a href="/section.php?id=2"><font color="#FFFFFF">عربي ودولي</font></a> | <a href="/section.php?id=3"><font color="#FFFFFF">اقتصاد</font></a> | <a href="/section.php?id=4"><font color="#FFFFFF">رياضة</font></a> | <a href="/section.php?id=5"><font color="#FFFFFF">ثقافة</font></a> | <a href="/section.php?id=6"><font color="#FFFFFF">جامعات</font></a> | <a href="/section.php?id=7"><font color="#FFFFFF">كتّاب الميثاق</font></a>
</b></font></td>
</tr>
<tr><td colspan="2" bgcolor="#FFF4E0"><font face="Tahoma" size="2"><b><font color="#CC0000">عاجل</font></b> :: {esc(ticker[0])} :: {esc(ticker[1])}</font></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="8" cellspacing="0">
<tr>
<td width="700" valign="top">
<font face="Tahoma" size="2"><a href="/section.php?id=1">{esc(p['section'])}</a></font>
<h1><font face="Tahoma" size="4" color="#003366">{esc(p['title'])}</font></h1>
{author}
<font face="Tahoma" size="1" color="#999999">{d.visible}</font>
<table width="100%"><tr><td id="NewsText">
{body}
</td></tr></table>
<table width="100%" bgcolor="#F2F2F2"><tr>
<td><font size="2"><a href="#">طباعة الخبر</a></font></td><td><font size="2"><a href="#">إرسال لصديق</a></font></td><td><font size="2"><a href="#">أضف إلى المفضلة</a></font></td><td><font size="2"><a href="#">شارك على فيسبوك</a></font></td>
</tr></table>
<br>
<table width="100%"><tr><td bgcolor="#003366"><font color="#FFFFFF" size="2"><b>أخبار ذات صلة</b></font></td></tr>
{NL.join(f'<tr><td><font size="2">&raquo; <a href="{attr(u)}">{esc(t)}</a></font></td></tr>' for t, u in related)}
</table>
<br>
<table width="100%"><tr><td bgcolor="#003366"><font color="#FFFFFF" size="2"><b>تعليقات القراء</b></font></td></tr>
<tr><td><font size="2"><b>أبو محمد - عمان</b><br>نأمل أن تتحول هذه القرارات إلى واقع ملموس يشعر به المواطن</font></td></tr>
<tr><td><font size="1" color="#999999">الآراء الواردة في التعليقات تعبر عن أصحابها وليس عن رأي الميثاق</font></td></tr>
</table>
</td>
<td width="300" valign="top" bgcolor="#F7F7F7">
<font face="Tahoma" size="2"><b>الأكثر قراءة</b></font><br>
{NL.join(f'<font size="2">&bull; <a href="#">{esc(t)}</a></font><br>' for t in most)}
<br><font size="1">إعلان</font><br><font size="2">شقق للبيع في عبدون بأسعار تبدأ من 85 ألف دينار</font><br><br>
<font face="Tahoma" size="2"><b>اشترك في خدمة الرسائل القصيرة لتصلك الأخبار العاجلة على هاتفك</b></font>
</td>
</tr>
</table>
<table width="1000" align="center" bgcolor="#003366"><tr><td align="center"><font face="Tahoma" size="1" color="#FFFFFF">
رئيس مجلس الإدارة: د. سامي الخصاونة &nbsp;|&nbsp; رئيس التحرير المسؤول: عمر الطراونة<br>
جميع الحقوق محفوظة للشركة الأردنية للصحافة والنشر - الميثاق © 2026
</font></td></tr></table>
</body>
</html>
"""
    chrome = [ticker[0], "رئيس مجلس الإدارة: د. سامي الخصاونة", related[0][0],
              "نأمل أن تتحول هذه القرارات إلى واقع ملموس يشعر به المواطن", most[0],
              "شقق للبيع في عبدون بأسعار تبدأ من 85 ألف دينار",
              "اشترك في خدمة الرسائل القصيرة لتصلك الأخبار العاجلة على هاتفك",
              "رئيس التحرير المسؤول: عمر الطراونة", "جميع الحقوق محفوظة للشركة الأردنية للصحافة والنشر",
              ticker[1]]
    return html, chrome


SITES = {
    "manara": dict(render=manara, name="المنارة", domain="www.almanara-lb.com", country="LB",
                   timezone="Asia/Beirut", charset="utf-8", ctype="text/html; charset=utf-8",
                   ticker=TICKER_LEV, most_read=MOST_READ_LEV),
    "ofok": dict(render=ofok, name="الأفق", domain="al-ofok.com", country="LB",
                 timezone="Asia/Beirut", charset="utf-8", ctype="text/html; charset=utf-8",
                 ticker=TICKER_LEV, most_read=MOST_READ_LEV),
    "mithaq": dict(render=mithaq, name="الميثاق", domain="www.almithaq.jo", country="JO",
                   timezone="Asia/Amman", charset="windows-1256", ctype="text/html",
                   ticker=TICKER_JO, most_read=MOST_READ_JO),
}
