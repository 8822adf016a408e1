"""masr-today: an Egyptian daily on a modern CMS, UTF-8, relative links, a busy header.

The masthead ("رئيس التحرير / أحمد ناصف") appears twice, as on the page the project's seed came
from, and the "عاجل" ticker sits in the header: a naive scrape picks up both.
"""

from __future__ import annotations

from collections.abc import Sequence

from arshif.demo import arabic_dates
from arshif.demo.chrome import Chrome
from arshif.demo.markup import article_meta, body_html, esc, iso, json_ld, share_links
from arshif.demo.model import Section, Story

EDITOR = "أحمد ناصف"


def _head(c: Chrome, title: str, extra: str = "") -> str:
    site = c.edition.site
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{extra}
<link rel="alternate" type="application/rss+xml" title="{esc(site.title)}" href="{site.feed_path}">
<link rel="stylesheet" href="/static/masr.css">
<link rel="icon" href="/favicon.ico">
</head>"""


def _header(c: Chrome) -> str:
    site = c.edition.site
    nav = "\n".join(
        f'      <li><a href="{site.section_path(s.slug)}">{esc(s.label)}</a></li>'
        for s in site.sections
    )
    ticker = "\n".join(
        f'      <li><a href="{path}">{esc(text)}</a></li>'
        if path
        else f"      <li>{esc(text)}</li>"
        for text, path in c.ticker
    )
    return f"""<div class="top-bar">
  <div class="container">
    <div class="editor-in-chief"><span>رئيس التحرير</span>
<strong>{EDITOR}</strong></div>
    <div class="today">{arabic_dates.long_date(c.today)}</div>
  </div>
</div>
<header class="site-header">
  <div class="container">
    <a class="logo" href="/">{esc(site.title)}</a>
    <div class="editor-in-chief mobile-only"><span>رئيس التحرير</span>
<strong>{EDITOR}</strong></div>
    <nav class="main-menu">
      <ul>
      <li><a href="/">الرئيسية</a></li>
{nav}
      <li class="members"><a href="{site.section_path(site.members.slug)}">{esc(site.members.label)}</a></li>
      </ul>
    </nav>
  </div>
  <div class="breaking-news">
    <span class="label">عاجل</span>
    <ul class="ticker">
{ticker}
    </ul>
  </div>
</header>"""


def _sidebar(c: Chrome) -> str:
    most_read = "\n".join(
        f'      <li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in c.most_read
    )
    return f"""<aside class="sidebar">
  <div class="widget most-read">
    <h3 class="widget-title">الأكثر قراءة</h3>
    <ol>
{most_read}
    </ol>
  </div>
  <div class="widget newsletter">
    <h3 class="widget-title">النشرة البريدية</h3>
    <p>اشترك ليصلك ملخص أهم الأخبار يوميا على بريدك الإلكتروني</p>
    <form action="#" method="post"><input type="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form>
    <p class="follow">تابعونا على <a href="#">فيسبوك</a> و<a href="#">تويتر</a> و<a href="#">يوتيوب</a></p>
  </div>
</aside>"""


def _footer(c: Chrome) -> str:
    site = c.edition.site
    return f"""<footer class="site-footer">
  <div class="container">
    <ul class="footer-links"><li><a href="#">من نحن</a></li><li><a href="#">اتصل بنا</a></li><li><a href="#">سياسة الخصوصية</a></li><li><a href="#">أعلن معنا</a></li></ul>
    <p class="copyright">جميع الحقوق محفوظة © {c.today.year} {esc(site.title)}</p>
  </div>
</footer>
</body>
</html>
"""


def _item(s: Story) -> str:
    return f"""    <li class="news-item">
      <a href="{s.path}"><img src="{s.image_path}" alt="{esc(s.caption)}" loading="lazy"></a>
      <h3><a href="{s.path}">{esc(s.headline)}</a></h3>
      <time datetime="{iso(s.published)}">{arabic_dates.masr_stamp(s.published)}</time>
    </li>"""


def _page(c: Chrome, title: str, main: str, head_extra: str = "", body_class: str = "") -> str:
    return f"""{_head(c, title, head_extra)}
<body class="{body_class}">
{_header(c)}
<main class="container">
<div class="row">
<div class="col-main">
{main}
</div>
{_sidebar(c)}
</div>
</main>
{_footer(c)}"""


def home(c: Chrome) -> str:
    site = c.edition.site
    top, *latest = c.edition.stories[:13]
    blocks = []
    for section in site.sections:
        items = "\n".join(_item(s) for s in c.edition.by_section(section.slug)[:3])
        blocks.append(f"""<section class="home-section">
  <h2 class="section-title"><a href="{site.section_path(section.slug)}">{esc(section.label)}</a></h2>
  <ul class="news-list">
{items}
  </ul>
</section>""")
    sections = "\n".join(blocks)
    main = f"""<section class="top-story">
  <a href="{top.path}"><img src="{top.image_path}" alt="{esc(top.caption)}"></a>
  <h1><a href="{top.path}">{esc(top.headline)}</a></h1>
  <p>{esc(top.lead)}</p>
</section>
<section class="latest">
  <h2 class="section-title">آخر الأخبار</h2>
  <ul class="news-list">
{chr(10).join(_item(s) for s in latest)}
  </ul>
</section>
{sections}
<section class="members-box">
  <h2 class="section-title"><a href="{site.section_path(site.members.slug)}">{esc(site.members.label)}</a></h2>
  <p>تحليلات وتقارير حصرية للمشتركين</p>
</section>"""
    extra = (
        f'<meta name="description" content="{esc(site.title)}: آخر الأخبار العاجلة من مصر والعالم">'
    )
    return _page(c, f"{site.title} - آخر الأخبار", main, extra, "home")


def section(c: Chrome, section: Section, stories: Sequence[Story]) -> str:
    site = c.edition.site
    items = "\n".join(_item(s) for s in stories)
    main = f"""<div class="breadcrumb"><a href="/">الرئيسية</a> » <span>{esc(section.label)}</span></div>
<h1 class="section-title">{esc(section.label)}</h1>
<ul class="news-list">
{items}
</ul>"""
    canonical = f'<link rel="canonical" href="{site.url(site.section_path(section.slug))}">'
    return _page(c, f"{section.label} - {site.title}", main, canonical, "category")


def article(c: Chrome, story: Story, related: Sequence[Story]) -> str:
    site = c.edition.site
    label = site.section(story.section).label
    head = article_meta(site, story, label) + "\n" + json_ld(site, story, label)
    updated = (
        f'\n      <span class="updated">آخر تحديث: {arabic_dates.masr_stamp(story.modified)}</span>'
        if story.modified
        else ""
    )
    share = " ".join(
        f'<a class="share-{n}" href="{esc(href)}" target="_blank" rel="noopener">{label_}</a>'
        for n, (label_, href) in enumerate(share_links(site, story))
    )
    read_also = "\n".join(f'    <li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in related)
    members_note = (
        '\n  <div class="members-note">هذا المحتوى متاح للمشتركين فقط</div>'
        if story.members
        else ""
    )
    main = f"""<div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="{site.section_path(story.section)}">{esc(label)}</a></div>{members_note}
<article class="news-details" id="news-{story.id}">
  <h1 class="news-title">{esc(story.headline)}</h1>
  <div class="news-meta">
      <span class="author">{esc(story.byline_prefix)}: {esc(story.author)}</span>
      <span class="published">نشر</span>
      <time datetime="{iso(story.published)}">{arabic_dates.masr_stamp(story.published)}</time>{updated}
  </div>
  <figure class="news-image">
    <img src="{story.image_path}" alt="{esc(story.caption)}" width="800" height="450">
    <figcaption>{esc(story.caption)}</figcaption>
  </figure>
  <div class="news-body">
{body_html(story, "    ")}
  </div>
</article>
<div class="share-box"><span>شارك</span> {share}</div>
<section class="read-also">
  <h3>اقرأ أيضا</h3>
  <ul>
{read_also}
  </ul>
</section>"""
    return _page(c, f"{story.headline} - {site.title}", main, head, "single-news")


def not_found(c: Chrome) -> str:
    main = """<div class="not-found">
  <h1>الصفحة غير موجودة</h1>
  <p>عذرا، الصفحة التي تبحث عنها غير موجودة أو ربما تم نقلها. <a href="/">العودة إلى الرئيسية</a></p>
</div>"""
    return _page(c, f"الصفحة غير موجودة - {c.edition.site.title}", main, body_class="error404")
