"""gulf-wire: a Gulf news and wire site: semantic HTML5, Arabic slugs in its URLs.

Its links carry the Arabic slug unescaped (the canonical link and the sitemap escape it), its
visible dates are in Arabic-Indic digits with the Hijri date, and its related box is an <aside>.
"""

from __future__ import annotations

from collections.abc import Sequence

from arshif.demo import arabic_dates
from arshif.demo.chrome import Chrome
from arshif.demo.markup import article_meta, body_html, esc, iso, json_ld, share_links
from arshif.demo.model import Section, Story

EDITOR = "خالد المنصوري"


def _head(c: Chrome, title: str, extra: str = "") -> str:
    site = c.edition.site
    return f"""<!doctype html>
<html lang="ar" dir="rtl" class="no-js">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{extra}
<link rel="alternate" type="application/atom+xml" title="{esc(site.title)}" href="{site.feed_path}">
<link rel="preload" href="/assets/gw.css" as="style">
<link rel="stylesheet" href="/assets/gw.css">
<script>document.documentElement.className = "js";</script>
</head>"""


def _header(c: Chrome) -> str:
    site = c.edition.site
    nav = "\n".join(
        f'        <li class="gw-nav__item"><a class="gw-nav__link" href="{site.section_path(s.slug)}">{esc(s.label)}</a></li>'
        for s in site.sections
    )
    ticker = "\n".join(
        f'        <li><a href="{path}">{esc(text)}</a></li>'
        if path
        else f"        <li>{esc(text)}</li>"
        for text, path in c.ticker
    )
    today = arabic_dates.indic(arabic_dates.long_date(c.today))
    return f"""<header class="gw-header">
  <div class="gw-header__top">
    <span class="gw-header__editor">رئيس التحرير: {EDITOR}</span>
    <span class="gw-header__date">{today}</span>
  </div>
  <a class="gw-logo" href="/" aria-label="{esc(site.title)}">{esc(site.title)}</a>
  <nav class="gw-nav" aria-label="الأقسام">
    <ul class="gw-nav__list">
{nav}
        <li class="gw-nav__item gw-nav__item--pro"><a class="gw-nav__link" href="{site.section_path(site.members.slug)}">{esc(site.members.label)}</a></li>
    </ul>
  </nav>
  <div class="gw-breaking" role="marquee">
    <strong class="gw-breaking__label">عاجل</strong>
    <ul class="gw-breaking__list">
{ticker}
    </ul>
  </div>
</header>"""


def _rail(c: Chrome, related: Sequence[Story] = ()) -> str:
    most_read = "\n".join(
        f'      <li class="gw-rail__item"><a href="{s.path}">{esc(s.headline)}</a></li>'
        for s in c.most_read
    )
    read_also = ""
    if related:
        items = "\n".join(
            f'      <li class="gw-rail__item"><a href="{s.path}">{esc(s.headline)}</a></li>'
            for s in related
        )
        read_also = f"""  <section class="gw-rail__box gw-related">
    <h3 class="gw-rail__title">اقرأ أيضا</h3>
    <ul class="gw-rail__list">
{items}
    </ul>
  </section>
"""
    return f"""<aside class="gw-rail">
{read_also}  <section class="gw-rail__box gw-most-read">
    <h3 class="gw-rail__title">الأكثر قراءة</h3>
    <ol class="gw-rail__list">
{most_read}
    </ol>
  </section>
  <section class="gw-rail__box gw-newsletter">
    <h3 class="gw-rail__title">نشرة خليج واير</h3>
    <p>أهم أخبار المنطقة والعالم في بريدك كل صباح.</p>
    <p class="gw-follow">تابعونا على إكس وإنستغرام ولينكدإن</p>
  </section>
</aside>"""


def _footer(c: Chrome) -> str:
    return f"""<footer class="gw-footer">
  <p class="gw-footer__copy">© {c.today.year} {esc(c.edition.site.title)}. جميع الحقوق محفوظة.</p>
  <p class="gw-footer__links"><a href="#">عن الوكالة</a> · <a href="#">شروط الاستخدام</a> · <a href="#">الخصوصية</a></p>
</footer>
</body>
</html>
"""


def _card(s: Story) -> str:
    stamp = arabic_dates.indic(arabic_dates.twelve_hour(s.published))
    return f"""    <li class="gw-card">
      <a class="gw-card__link" href="{s.path}">
        <img class="gw-card__img" src="{s.image_path}" alt="" loading="lazy">
        <h3 class="gw-card__title">{esc(s.headline)}</h3>
      </a>
      <time class="gw-card__time" datetime="{iso(s.published)}">{stamp}</time>
    </li>"""


def _page(c: Chrome, title: str, main: str, head: str = "", related: Sequence[Story] = ()) -> str:
    return f"""{_head(c, title, head)}
<body>
{_header(c)}
<div class="gw-layout">
<main class="gw-main">
{main}
</main>
{_rail(c, related)}
</div>
{_footer(c)}"""


def home(c: Chrome) -> str:
    site = c.edition.site
    cards = "\n".join(_card(s) for s in c.edition.stories[:12])
    sections = "\n".join(
        f"""  <section class="gw-home-section">
    <h2 class="gw-home-section__title"><a href="{site.section_path(sec.slug)}">{esc(sec.label)}</a></h2>
    <ul class="gw-grid">
{chr(10).join(_card(s) for s in c.edition.by_section(sec.slug)[:2])}
    </ul>
  </section>"""
        for sec in site.sections
    )
    main = f"""  <h1 class="gw-visually-hidden">{esc(site.title)}</h1>
  <ul class="gw-grid gw-grid--lead">
{cards}
  </ul>
{sections}"""
    return _page(c, f"{site.title} | أخبار الخليج والعالم", main)


def section(c: Chrome, section: Section, stories: Sequence[Story]) -> str:
    site = c.edition.site
    cards = "\n".join(_card(s) for s in stories)
    main = f"""  <h1 class="gw-section-title">{esc(section.label)}</h1>
  <ul class="gw-grid">
{cards}
  </ul>"""
    return _page(c, f"{section.label} | {site.title}", main)


def article(c: Chrome, story: Story, related: Sequence[Story]) -> str:
    site = c.edition.site
    label = site.section(story.section).label
    head = article_meta(site, story, label) + "\n" + json_ld(site, story, label)
    byline = f"{story.byline_prefix}: {story.author}" if story.byline_prefix else story.author
    updated = (
        f'\n      <p class="gw-story__updated">آخر تحديث: {arabic_dates.gulf_stamp(story.modified)}</p>'
        if story.modified
        else ""
    )
    share = "\n".join(
        f'      <a class="gw-share__btn" href="{esc(href)}" rel="noopener">{label_}</a>'
        for label_, href in share_links(site, story)
    )
    pro = '\n    <p class="gw-pro-badge">برو</p>' if story.members else ""
    main = f"""  <article class="gw-story">
    <header class="gw-story__header">{pro}
      <a class="gw-story__kicker" href="{site.section_path(story.section)}">{esc(label)}</a>
      <h1 class="gw-story__headline">{esc(story.headline)}</h1>
      <p class="gw-story__byline">{esc(byline)}</p>
      <p class="gw-story__time"><time datetime="{iso(story.published)}">{arabic_dates.gulf_stamp(story.published)}</time></p>{updated}
    </header>
    <figure class="gw-story__media">
      <img src="{story.image_path}" alt="{esc(story.caption)}" width="1200" height="675">
      <figcaption class="gw-story__caption">{esc(story.caption)}</figcaption>
    </figure>
    <div class="gw-story__body">
{body_html(story, "      ")}
    </div>
    <footer class="gw-share">
      <span class="gw-share__label">شارك</span>
{share}
    </footer>
  </article>"""
    return _page(c, f"{story.headline} | {site.title}", main, head, related)


def not_found(c: Chrome) -> str:
    main = '  <h1 class="gw-section-title">404 - الصفحة غير موجودة</h1>\n  <p>لم نعثر على الصفحة المطلوبة. <a href="/">العودة إلى الصفحة الرئيسية</a></p>'
    return _page(c, f"الصفحة غير موجودة | {c.edition.site.title}", main)
