"""Feeds and sitemaps parsed the way real Arabic sites serve them, news: fields included."""

import pytest

from spiders.discovery import UnsafeXML, parse_feed, parse_sitemap

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>مصر اليوم</title>
<item><title>عنوان الخبر الأول</title><link>https://example.com/news/1/</link>
<pubDate>Sat, 28 Nov 2026 08:15:00 +0200</pubDate></item>
<item><title>خبر بلا رابط</title><guid>https://example.com/news/2/</guid></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>الخليج</title>
<entry><title>خبر</title><link rel="alternate" href="https://example.com/story/2026/11/روسيا-1"/>
<published>2026-11-28T09:00:00+04:00</published></entry></feed>""".encode()

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.com/news/1/</loc>
<news:news><news:publication><news:name>X</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>2026-11-28T08:15:00+02:00</news:publication_date>
<news:title>\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86</news:title></news:news></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/sitemap-1.xml</loc></sitemap></sitemapindex>"""

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<rss><channel><item><title>&lol2;</title><link>https://example.com/news/9/</link></item></channel></rss>"""


def test_rss_items_with_dates_and_guid_fallback():
    leads = parse_feed(RSS)
    assert [lead.url for lead in leads] == [
        "https://example.com/news/1/",
        "https://example.com/news/2/",
    ]
    assert leads[0].published == "Sat, 28 Nov 2026 08:15:00 +0200"
    assert leads[0].title == "عنوان الخبر الأول"


def test_atom_entries_keep_raw_arabic_links():
    (lead,) = parse_feed(ATOM)
    assert lead.url == "https://example.com/story/2026/11/روسيا-1"
    assert lead.published == "2026-11-28T09:00:00+04:00"


def test_news_sitemap_keeps_publication_date_and_title():
    listing = parse_sitemap(NEWS_SITEMAP)
    (lead,) = listing.leads
    assert lead.published == "2026-11-28T08:15:00+02:00"
    assert lead.title == "عنوان"
    assert listing.child_sitemaps == []


def test_sitemap_index_lists_children():
    assert parse_sitemap(INDEX).child_sitemaps == ["https://example.com/sitemap-1.xml"]


def test_a_listing_that_declares_entities_is_refused_and_garbage_is_empty():
    # Never expanded: a feed or sitemap that declares entities at all is refused whole.
    with pytest.raises(UnsafeXML, match="declares 2 XML entities"):
        parse_feed(BOMB)
    with pytest.raises(UnsafeXML):
        parse_sitemap(BOMB.replace(b"<rss>", b"<urlset>").replace(b"</rss>", b"</urlset>"))
    assert parse_feed(b"\x00\x01 not xml") == []
    assert parse_sitemap(b"<html>oops</html>").leads == []
