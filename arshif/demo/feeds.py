"""What the demo sites offer crawlers: RSS 2.0 or Atom feeds, news sitemaps, robots.txt.

Feeds and sitemaps are UTF-8 XML on every site (levant-post included, as such sites often do).
"""

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from arshif.demo.markup import description, iso
from arshif.demo.model import DemoSite, Story
from arshif.demo.newsroom import Edition

FEED_ITEMS = 20
# gulf-wire tags the links in its feed, as many sites do: an alias of each article to fold
FEED_TRACKING_PARAMS = {"gulf-wire": "utm_source=feed&utm_medium=atom"}
NEWS_SITEMAP_DAYS = 2  # a news sitemap lists the articles of the last two days only


def _feed_link(site: DemoSite, story: Story) -> str:
    url = site.url(story.path)
    params = FEED_TRACKING_PARAMS.get(site.name)
    return f"{url}?{params}" if params else url


def rss(edition: Edition) -> str:
    site = edition.site
    items = []
    for story in edition.stories[:FEED_ITEMS]:
        label = site.section(story.section).label
        items.append(f"""  <item>
    <title>{escape(story.headline)}</title>
    <link>{escape(_feed_link(site, story))}</link>
    <guid isPermaLink="true">{escape(site.url(story.path))}</guid>
    <pubDate>{format_datetime(story.published)}</pubDate>
    <dc:creator>{escape(story.author)}</dc:creator>
    <category>{escape(label)}</category>
    <description>{escape(description(story, 300))}</description>
    <enclosure url={quoteattr(site.url(story.image_path))} type="image/png" length="0"/>
  </item>""")
    newest = edition.stories[0].published
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>{escape(site.title)}</title>
  <link>{site.base_url}</link>
  <atom:link href={quoteattr(site.url(site.feed_path))} rel="self" type="application/rss+xml"/>
  <description>{escape(site.title)} - آخر الأخبار</description>
  <language>ar</language>
  <lastBuildDate>{format_datetime(newest)}</lastBuildDate>
  <ttl>15</ttl>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom(edition: Edition) -> str:
    site = edition.site
    entries = []
    for story in edition.stories[:FEED_ITEMS]:
        label = site.section(story.section).label
        entries.append(f"""  <entry>
    <id>tag:{site.host},{story.published:%Y-%m-%d}:story-{story.id}</id>
    <title type="text">{escape(story.headline)}</title>
    <link rel="alternate" type="text/html" href={quoteattr(_feed_link(site, story))}/>
    <published>{iso(story.published)}</published>
    <updated>{iso(story.modified or story.published)}</updated>
    <author><name>{escape(story.author)}</name></author>
    <category term={quoteattr(story.section)} label={quoteattr(label)}/>
    <summary type="text">{escape(description(story, 300))}</summary>
  </entry>""")
    updated = max(s.modified or s.published for s in edition.stories)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
  <id>{site.base_url}</id>
  <title>{escape(site.title)}</title>
  <subtitle>أخبار الخليج والعالم لحظة بلحظة</subtitle>
  <link rel="self" type="application/atom+xml" href={quoteattr(site.url(site.feed_path))}/>
  <link rel="alternate" type="text/html" href="{site.base_url}"/>
  <updated>{iso(updated)}</updated>
{chr(10).join(entries)}
</feed>
"""


def news_sitemap(edition: Edition) -> str:
    site = edition.site
    newest = edition.stories[0].published.date()
    urls = []
    for story in edition.stories:
        latest = (story.modified or story.published).date()
        if (newest - latest).days >= NEWS_SITEMAP_DAYS:
            continue  # neither published nor updated in the last two days
        modified = f"\n    <lastmod>{iso(story.modified)}</lastmod>" if story.modified else ""
        urls.append(f"""  <url>
    <loc>{escape(site.url(story.path))}</loc>{modified}
    <news:news>
      <news:publication>
        <news:name>{escape(site.title)}</news:name>
        <news:language>ar</news:language>
      </news:publication>
      <news:publication_date>{iso(story.published)}</news:publication_date>
      <news:title>{escape(story.headline)}</news:title>
    </news:news>
    <image:image><image:loc>{escape(site.url(story.image_path))}</image:loc></image:image>
  </url>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
{chr(10).join(urls)}
</urlset>
"""


def robots(site: DemoSite) -> str:
    return f"""# robots.txt for {site.host}
User-agent: GPTBot
Disallow: /

User-agent: *
Disallow: {site.members_prefix}/
Disallow: /search
Allow: /

Sitemap: {site.url(site.sitemap_path)}
"""
