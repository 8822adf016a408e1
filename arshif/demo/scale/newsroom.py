"""The articles of a scaled network: M per site on day 1, written by the demo's prose writer.

Deterministic (seeded by site name and article number), so a server and a test that build the
same scale see the same stories. About half a millisecond an article: 30 sites × 1,000 articles
are written in some 15 s, once, when the server starts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from arshif.demo.model import Section, Story
from arshif.demo.newsroom import Edition, byline_of, new_story
from arshif.demo.prose import Writer
from arshif.demo.scale.sites import ScaledSite, writing_site
from arshif.demo.sites import DAY_DATES

DAY = 1
MEMBERS_ARTICLES = 2  # under the robots-disallowed prefix: listed, never crawled
MIN_ARTICLES = 8  # the chrome's "most read" box takes five articles after the three newest
FIRST_ID = 100_000


@dataclass(frozen=True)
class ScaledEdition:
    """One site's day 1, and its lookups (a dict, not a scan, at any scale)."""

    edition: Edition
    by_path: dict[str, Story]  # Arabic unescaped, as served
    by_section: dict[str, tuple[Story, ...]]  # newest first; members included
    by_id: dict[int, Story]


def _when(site: ScaledSite, rng: random.Random, members: bool) -> datetime:
    # as the default demo's day-1 backlog: a quarter of it from the day before
    earlier = not members and rng.random() < 0.25
    hour = rng.randint(9, 22) if earlier else rng.randint(6, 21)
    day = DAY_DATES[DAY] - timedelta(days=1 if earlier else 0)
    return datetime.combine(day, time(hour, rng.randrange(0, 60, 5), rng.randrange(60))).replace(
        tzinfo=site.tz)


def _draft(site: ScaledSite, writer: Writer, section: Section, turn: int, published: datetime,
           seed: str):
    subtopic = section.subtopics[turn % len(section.subtopics)]
    return writer.write(writing_site(site), section.topic, subtopic, published, seed)


def write_edition(site: ScaledSite, articles: int) -> ScaledEdition:
    """Day 1 of `site` with `articles` crawlable articles (and a few members-only ones)."""
    if articles < MIN_ARTICLES:
        raise ValueError(f"a scaled site has at least {MIN_ARTICLES} articles, not {articles}")
    rng = random.Random(f"scaled/{site.name}")
    writer = Writer()
    next_id = FIRST_ID
    stories = []
    plan = [(site.sections[n % len(site.sections)], False) for n in range(articles)]
    plan += [(site.members, True)] * MEMBERS_ARTICLES
    for number, (section, members) in enumerate(plan):
        next_id += rng.randint(1, 9)
        published = _when(site, rng, members)
        seed = f"{site.name}/{next_id}"
        turn = number // len(site.sections)
        try:
            draft = _draft(site, writer, section, turn, published, seed)
        except (ValueError, LookupError):
            # the pool's headlines ran out for this writer: a fresh one (headlines may repeat)
            writer = Writer()
            draft = _draft(site, writer, section, turn, published, seed)
        stories.append(new_story(site, next_id, section.slug, draft.headline, byline_of(site.design, seed), published,
                                 draft.blocks, draft.caption, members=members, first_day=DAY))
    stories.sort(key=lambda s: (s.published, s.id), reverse=True)
    edition = Edition(
        site=site, day=DAY,
        stories=tuple(s for s in stories if not s.members),
        members=tuple(s for s in stories if s.members),
        frozen=frozenset(),
    )
    sections: dict[str, list[Story]] = {}
    for story in stories:
        sections.setdefault(story.section, []).append(story)
    return ScaledEdition(
        edition=edition,
        by_path={s.path: s for s in stories},
        by_section={slug: tuple(listed) for slug, listed in sections.items()},
        by_id={s.id: s for s in stories},
    )
