"""The day-1 → day-2 scenario as data, for the tests and the demo's summary.

On day 2, compared with day 1:
1. every site publishes new articles (6 each); feeds, sitemaps and sections list them;
2. `edited`: masr-today's accident report has its second paragraph reworded and a sentence added
   to its last paragraph (same URL, article:modified_time and "آخر تحديث" set);
3. `chrome_only`: a gulf-wire business story is re-rendered: new related box, ticker, most read
   and a new "آخر تحديث" line in the article header, outside the body; same text;
4. `byte_identical`: a levant-post culture story is served with exactly day 1's bytes;
5. every other article keeps its text under day 2's chrome (ticker, related, most read, date);
6. `wire_pair`: the seed article, masr-today's on day 1 (and day 2, unchanged), and gulf-wire's
   rewrite of the same wire story, new on day 2: another headline, a few words changed, one
   subheading shortened and an advertising paragraph (`wire_ad_paragraph`) injected;
7. `disallowed_prefix`: each robots.txt disallows one section whose page (linked from the home
   page and the menu) lists articles under that prefix, on both days.
Also: gulf-wire's Atom feed tags its links with `feed_tracking_params` (an alias to fold), and
levant-post's home page links its main story with `?ref=home`, an alias only its rel=canonical
reveals (fetched too, it is a revisit of the same article).

Day 3 (2026-11-30; for the tests of re-checks, `make demo` stops at day 2): each site publishes
2 new articles; `edited` is edited again (a figure corrected, a paragraph added; its sitemap
lastmod moves); `unpublished` (levant-post, new on day 2) answers 404 and `moved_home`
(gulf-wire, new on day 2) redirects to the home page, both gone from every listing. Every site
answers a request whose If-None-Match is the page's ETag with 304.
"""

from __future__ import annotations

from functools import cache

from arshif.demo.feeds import FEED_TRACKING_PARAMS
from arshif.demo.model import Scenario
from arshif.demo.newsroom import all_stories, edition, roles
from arshif.demo.sites import DAYS, DEMO_SITES, site_named
from arshif.demo.stories import hand_written


def url_of(key: str) -> str:
    """The URL of a story key ("<site>:<id>"), percent-encoded."""
    site = key.split(":", 1)[0]
    story = next(s for s in all_stories()[site] if s.key == key)
    return site_named(site).url(story.path)


@cache
def scenario() -> Scenario:
    parts = roles()
    wire = hand_written()["wire"].blocks(2)
    (ad,) = [b.text for b in wire if b.kind == "p" and b.text.startswith("لمتابعة آخر الأخبار")]
    return Scenario(
        seed=url_of(parts.seed),
        edited=url_of(parts.edited),
        chrome_only=url_of(parts.chrome_only),
        byte_identical=url_of(parts.byte_identical),
        wire_pair=(url_of(parts.seed), url_of(parts.wire_copy)),
        wire_ad_paragraph=ad,
        disallowed_prefix={s.name: s.members_prefix + "/" for s in DEMO_SITES},
        disallowed_urls={
            s.name: {d: [s.url(m.path) for m in edition(s.name, d).members] for d in DAYS}
            for s in DEMO_SITES
        },
        new_on_day2={
            s.name: [s.url(x.path) for x in edition(s.name, 2).stories if x.first_day == 2]
            for s in DEMO_SITES
        },
        new_on_day3={
            s.name: [s.url(x.path) for x in edition(s.name, 3).stories if x.first_day == 3]
            for s in DEMO_SITES
        },
        unpublished=url_of(parts.unpublished),
        moved_home=url_of(parts.moved_home),
        feed_tracking_params=dict(FEED_TRACKING_PARAMS),
    )
