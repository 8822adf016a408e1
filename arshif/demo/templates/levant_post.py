"""levant-post: a Beirut daily on an old CMS: XHTML tables, windows-1256, absolute links.

The charset is only declared in the page (<meta http-equiv>), never in the HTTP header, and the
dates use the Levantine month names (تشرين الثاني): both are what such sites really do. The home
page links its main story with `?ref=home`, a parameter no tracking list knows: only the page's
rel=canonical says that URL is the same article.
"""

from __future__ import annotations

from collections.abc import Sequence

from arshif.demo import arabic_dates
from arshif.demo.chrome import Chrome
from arshif.demo.markup import article_meta, body_html, esc, json_ld, share_links
from arshif.demo.model import Section, Story

EDITOR = "سليم نصر الله"
MANAGER = "جوزف عقيقي"


def _a(c: Chrome, path: str) -> str:
    # the old CMS writes every link absolute
    return c.edition.site.url(path)


def _head(c: Chrome, title: str, extra: str = "") -> str:
    site = c.edition.site
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="ar" dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />
<title>{esc(title)}</title>
{extra}
<link rel="alternate" type="application/rss+xml" title="{esc(site.title)}" href="{_a(c, site.feed_path)}" />
<link rel="stylesheet" type="text/css" href="{_a(c, "/css/style.css")}" />
</head>"""


def _header(c: Chrome) -> str:
    site = c.edition.site
    menu = " | ".join(
        f'<a href="{_a(c, site.section_path(s.slug))}">{esc(s.label)}</a>' for s in site.sections
    )
    ticker = " &nbsp;&bull;&nbsp; ".join(
        f'<a href="{_a(c, path)}">{esc(text)}</a>' if path else esc(text) for text, path in c.ticker
    )
    return f"""<div id="wrapper">
<div id="header">
  <div id="logo"><a href="{_a(c, "/")}">{esc(site.title)}</a><br /><span class="tagline">يومية سياسية مستقلة تصدر في بيروت</span></div>
  <div id="masthead-info">رئيس التحرير المسؤول: {EDITOR}<br />المدير العام: {MANAGER}</div>
  <div id="date-line">{arabic_dates.long_date(c.today, "levantine")}</div>
</div>
<div id="menu"><a href="{_a(c, "/")}">الصفحة الرئيسية</a> | {menu} | <a href="{_a(c, site.section_path(site.members.slug))}">{esc(site.members.label)}</a></div>
<div id="urgent"><b>عاجل:</b> <marquee direction="right" scrollamount="3">{ticker}</marquee></div>"""


def _sidebar(c: Chrome) -> str:
    most_read = "\n".join(
        f'<li><a href="{_a(c, s.path)}">{esc(s.headline)}</a></li>' for s in c.most_read
    )
    return f"""<td id="sidebar" valign="top" width="260">
<div class="box">
<div class="box-title">الأكثر قراءة</div>
<ul>
{most_read}
</ul>
</div>
<div class="box">
<div class="box-title">النشرة الإلكترونية</div>
<p>أدخل بريدك الإلكتروني لتصلك نشرة بريد المشرق كل صباح</p>
<form action="#" method="post"><input type="text" name="email" /><input type="submit" value="اشتراك" /></form>
<p>تابعونا على فيسبوك وتويتر وإنستغرام</p>
</div>
</td>"""


def _footer(c: Chrome) -> str:
    return f"""<div id="footer">جميع الحقوق محفوظة &copy; {c.today.year} {esc(c.edition.site.title)} - بيروت، لبنان<br />
<a href="#">من نحن</a> | <a href="#">للإعلان</a> | <a href="#">اتصل بنا</a></div>
</div>
</body>
</html>
"""


def _page(c: Chrome, title: str, content: str, head_extra: str = "") -> str:
    return f"""{_head(c, title, head_extra)}
<body>
{_header(c)}
<table id="layout" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td id="content" valign="top">
{content}
</td>
{_sidebar(c)}
</tr></table>
{_footer(c)}"""


def _row(c: Chrome, s: Story) -> str:
    stamp = arabic_dates.levant_stamp(s.published)
    return f"""<tr><td class="list-title"><a href="{_a(c, s.path)}">{esc(s.headline)}</a><br />
<span class="list-date">{stamp}</span></td></tr>"""


def home(c: Chrome) -> str:
    site = c.edition.site
    top = c.edition.stories[0]
    latest = "\n".join(_row(c, s) for s in c.edition.stories[1:15])
    sections = "\n".join(
        f'<div class="home-cat"><h3><a href="{_a(c, site.section_path(sec.slug))}">{esc(sec.label)}</a></h3>'
        + "".join(
            f'<div><a href="{_a(c, s.path)}">{esc(s.headline)}</a></div>'
            for s in c.edition.by_section(sec.slug)[:3]
        )
        + "</div>"
        for sec in site.sections
    )
    content = f"""<div id="main-story">
<h1><a href="{_a(c, top.path)}?ref=home">{esc(top.headline)}</a></h1>
<p>{esc(top.lead)}</p>
</div>
<table class="list" width="100%">
{latest}
</table>
{sections}
<div class="home-cat premium"><h3><a href="{_a(c, site.section_path(site.members.slug))}">{esc(site.members.label)}</a></h3><div>ملفات وتحقيقات معمقة لقراء الاشتراك المدفوع</div></div>"""
    return _page(c, f"{site.title} | الصفحة الرئيسية", content)


def section(c: Chrome, section: Section, stories: Sequence[Story]) -> str:
    site = c.edition.site
    rows = "\n".join(_row(c, s) for s in stories)
    content = f"""<div class="cat-title">{esc(section.label)}</div>
<table class="list" width="100%">
{rows}
</table>"""
    return _page(c, f"{section.label} | {site.title}", content)


def article(c: Chrome, story: Story, related: Sequence[Story]) -> str:
    site = c.edition.site
    label = site.section(story.section).label
    head = article_meta(site, story, label) + "\n" + json_ld(site, story, label)
    info = f"{esc(story.byline_prefix)} {esc(story.author)} | {arabic_dates.levant_stamp(story.published)}"
    if story.modified:
        info += f" | آخر تحديث: {arabic_dates.levant_stamp(story.modified)}"
    share = " | ".join(
        f'<a href="{esc(href)}" target="_blank">{label_}</a>'
        for label_, href in share_links(site, story)
    )
    related_rows = "\n".join(
        f'<li><a href="{_a(c, s.path)}">{esc(s.headline)}</a></li>' for s in related
    )
    premium = '<div class="premium-note">خاص بالمشتركين</div>\n' if story.members else ""
    content = f"""{premium}<div class="post" id="post-{story.id}">
<div class="post-cat"><a href="{_a(c, site.section_path(story.section))}">{esc(label)}</a></div>
<h1 class="post-title">{esc(story.headline)}</h1>
<div class="post-info">{info}</div>
<div class="post-photo"><img src="{_a(c, story.image_path)}" alt="" width="500" /><div class="photo-caption">{esc(story.caption)}</div></div>
<div class="post-content">
{body_html(story)}
</div>
<div class="share">شارك: {share}</div>
</div>
<div class="related">
<h3>اقرأ أيضا</h3>
<ul>
{related_rows}
</ul>
</div>"""
    return _page(c, f"{story.headline} | {site.title}", content, head)


def not_found(c: Chrome) -> str:
    content = '<div class="error"><h1>الصفحة المطلوبة غير موجودة</h1><p>الرجاء العودة إلى <a href="/">الصفحة الرئيسية</a>.</p></div>'
    return _page(c, f"خطأ 404 | {c.edition.site.title}", content)
