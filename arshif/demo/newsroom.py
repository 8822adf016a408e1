"""Which articles each site publishes, when, and how they change from day to day.

Everything is derived from fixed seeds, so every process (the server, the tests, the pipeline
checking its results) sees the same network. The whole timeline is written at once: a day-1
article reads the same on day 2 unless the scenario says otherwise.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from functools import cache

from arshif.demo.model import Block, DemoSite, Section, Story
from arshif.demo.prose import Writer, load_vocab
from arshif.demo.sites import DAY_DATES, DEMO_SITES, check_day, site_named
from arshif.demo.stories import hand_written

GENERATED_PER_SECTION = {1: 4, 2: 1}  # day 1: the backlog; day 2: new articles
MEMBERS_ARTICLES = {1: 3, 2: 1}
# Day 3 (not part of `make demo`) is written after days 1 and 2 of every site, so that adding it
# changed nothing of theirs: two new articles per site, in its first two sections.
DAY3_SECTIONS = 2
FIRST_ID = {"masr-today": 900380, "levant-post": 58170, "gulf-wire": 31240}


@dataclass(frozen=True)
class Placement:
    """Where a hand-written story goes."""

    site: str
    story: str  # key in data/stories.txt
    section: str
    day: int
    published: tuple[int, int]  # local hour, minute on that day
    byline: str  # "prefix|author"


# The seed article is masr-today's on day 1; gulf-wire runs its rewrite of the same wire story
# the next morning (new on day 2). The accident report is edited on day 2.
PLACEMENTS = (
    Placement("masr-today", "seed", "world", 1, (9, 40), "كتبت|سارة الجمال"),
    Placement("masr-today", "accident", "accidents", 1, (7, 30), "كتب|إسلام فاروق"),
    Placement("gulf-wire", "wire", "world", 2, (9, 5), "|وكالات"),
)
EDIT_TIME = {"masr-today": (10, 20), "gulf-wire": (8, 0)}  # day-2 modification times
SECOND_EDIT_TIME = (11, 45)  # the accident report's second edit, on day 3


@dataclass(frozen=True)
class Roles:
    """Story keys ("<site>:<id>") of the scenario's parts."""

    seed: str
    wire_copy: str
    edited: str
    chrome_only: str
    byte_identical: str
    unpublished: str  # a day-2 article of levant-post that answers 404 from day 3
    moved_home: str  # a day-2 article of gulf-wire that redirects to the home page from day 3


@dataclass(frozen=True)
class Edition:
    """What one site serves on one day."""

    site: DemoSite
    day: int
    stories: tuple[Story, ...]  # crawlable articles, newest first
    members: tuple[Story, ...]  # articles under the robots-disallowed prefix, newest first
    frozen: frozenset[str]  # keys of stories still served with day 1's page
    gone: tuple[Story, ...] = ()  # unpublished: 404, and in no listing
    moved_home: tuple[Story, ...] = ()  # unpublished: 301 to the home page, and in no listing

    def by_section(self, slug: str) -> list[Story]:
        pool = self.members if slug == self.site.members.slug else self.stories
        return [s for s in pool if s.section == slug]


@dataclass(frozen=True)
class _Planned:
    section: Section
    published: datetime
    day: int
    members: bool = False
    placement: Placement | None = None


def _local(site: DemoSite, day: int, hour: int, minute: int, offset_days: int = 0) -> datetime:
    moment = datetime.combine(DAY_DATES[day] + timedelta(days=offset_days), time(hour, minute))
    return moment.replace(tzinfo=site.tz)


def _plan(site: DemoSite) -> list[_Planned]:
    rng = random.Random(f"plan/{site.name}")
    planned: list[_Planned] = []
    for placement in PLACEMENTS:
        if placement.site == site.name:
            hour, minute = placement.published
            planned.append(
                _Planned(
                    site.section(placement.section),
                    _local(site, placement.day, hour, minute),
                    placement.day,
                    placement=placement,
                )
            )

    def when(day: int, members: bool) -> datetime:
        if day == 2:
            return _local(site, 2, rng.randint(6, 11), rng.randrange(0, 60, 5))
        # a quarter of day 1's backlog is from the day before
        earlier = not members and rng.random() < 0.25
        hour = rng.randint(9, 22) if earlier else rng.randint(6, 21)
        return _local(site, 1, hour, rng.randrange(0, 60, 5), -1 if earlier else 0)

    for day, count in GENERATED_PER_SECTION.items():
        for section in site.sections:
            taken = sum(1 for p in planned if p.section == section and p.day == day)
            planned += [_Planned(section, when(day, False), day) for _ in range(count - taken)]
    for day, count in MEMBERS_ARTICLES.items():
        planned += [_Planned(site.members, when(day, True), day, True) for _ in range(count)]
    planned.sort(key=lambda p: (p.published, p.section.slug))
    return planned


def _plan_day3(site: DemoSite) -> list[_Planned]:
    rng = random.Random(f"plan/{site.name}/3")
    planned = [_Planned(section, _local(site, 3, rng.randint(6, 11), rng.randrange(0, 60, 5)), 3)
               for section in site.sections[:DAY3_SECTIONS]]
    planned.sort(key=lambda p: (p.published, p.section.slug))
    return planned


def _slug(headline: str) -> str:
    """The first words of the headline joined by hyphens, punctuation dropped."""
    words = re.sub(r"[^\w\s]", " ", headline.replace("-", " ")).split()
    return "-".join(words[:7])


def new_story(site: DemoSite, story_id: int, section: str, headline: str, byline: tuple[str, str],
              published: datetime, blocks: tuple[Block, ...], caption: str, members: bool,
              first_day: int) -> Story:
    """A story as `site` publishes it (a default or a scaled site): its slug from the headline,
    its path from the site's URL scheme; `byline` is (prefix, author)."""
    slug = _slug(headline)
    path = site.article_format.format(id=story_id, slug=slug, yyyy=f"{published:%Y}", mm=f"{published:%m}")
    return Story(
        site=site.name, key=f"{site.name}:{story_id}", id=story_id, section=section,
        headline=headline, byline_prefix=byline[0], author=byline[1], published=published,
        modified=None, blocks=blocks, caption=caption, slug=slug,
        path=site.members_prefix + path if members else path, members=members, first_day=first_day,
    )


def byline_of(design: str, seed: str) -> tuple[str, str]:
    """(prefix, author) of a story, drawn from the authors of `design` (a default site's name)."""
    prefix, _, name = random.Random(seed).choice(load_vocab(design)["authors"]).partition("|")
    return prefix, name


@dataclass
class _Desk:
    """A site's newsroom between two batches of writing: its next id and section turns."""

    site: DemoSite
    ids: random.Random
    next_id: int
    turns: dict[str, int]

    @classmethod
    def of(cls, site: DemoSite) -> _Desk:
        return cls(site, random.Random(f"ids/{site.name}"), FIRST_ID[site.name], {})


def _write_site(desk: _Desk, plan: list[_Planned], writer: Writer) -> tuple[list[Story], dict[str, str]]:
    """The planned stories, oldest first, and the keys of the hand-written ones by story name."""
    site, rng, turns = desk.site, desk.ids, desk.turns
    stories: list[Story] = []
    placed: dict[str, str] = {}
    for planned in plan:
        desk.next_id += rng.randint(1, 9)  # other content (videos, galleries) takes ids in between
        next_id = desk.next_id
        section = planned.section
        if planned.placement:
            story = hand_written()[planned.placement.story]
            headline, blocks, caption = story.headline, story.blocks(1), story.caption
            prefix, _, author = planned.placement.byline.partition("|")
            placed[planned.placement.story] = f"{site.name}:{next_id}"
        else:
            # alternate the section's subtopics so that both are covered
            turn = turns[section.slug] = turns.get(section.slug, -1) + 1
            subtopic = section.subtopics[turn % len(section.subtopics)]
            seed = f"{site.name}/{next_id}"
            draft = writer.write(site, section.topic, subtopic, planned.published, seed)
            headline, blocks, caption = draft.headline, draft.blocks, draft.caption
            prefix, author = byline_of(site.name, seed)
        stories.append(new_story(
            site, next_id, section.slug, headline, (prefix, author), planned.published, blocks,
            caption, members=planned.members, first_day=planned.day))
    return stories, placed


@cache
def _network() -> tuple[dict[str, tuple[Story, ...]], dict[tuple[str, str], str]]:
    writer = Writer()  # one writer for the network, so that sites share few sentences
    stories: dict[str, list[Story]] = {site.name: [] for site in DEMO_SITES}
    placed: dict[tuple[str, str], str] = {}
    desks = {site.name: _Desk.of(site) for site in DEMO_SITES}
    for plan in (_plan, _plan_day3):
        for site in DEMO_SITES:
            written, hand = _write_site(desks[site.name], plan(site), writer)
            stories[site.name] += written
            placed.update({(site.name, name): key for name, key in hand.items()})
    return {name: tuple(written) for name, written in stories.items()}, placed


def all_stories() -> dict[str, tuple[Story, ...]]:
    """Every site's stories over all days (as first published), oldest first."""
    return _network()[0]


def _placed(site: str, name: str) -> str:
    return _network()[1][(site, name)]


@cache
def roles() -> Roles:
    def pick(site: str, section: str, newest: bool, day: int = 1) -> str:
        stories = [s for s in all_stories()[site] if s.section == section and s.first_day == day]
        return (stories[-1] if newest else stories[0]).key

    return Roles(
        seed=_placed("masr-today", "seed"),
        wire_copy=_placed("gulf-wire", "wire"),
        edited=_placed("masr-today", "accident"),
        chrome_only=pick("gulf-wire", "business", newest=True),
        byte_identical=pick("levant-post", "culture", newest=False),
        unpublished=pick("levant-post", "economy", newest=True, day=2),
        moved_home=pick("gulf-wire", "technology", newest=True, day=2),
    )


def _as_served(story: Story, day: int) -> Story:
    """The story as it reads on `day`: edited on day 2 and again on day 3, or re-rendered."""
    if day == 1:
        return story
    site = site_named(story.site)
    if story.key == roles().edited:
        when = EDIT_TIME[story.site] if day == 2 else SECOND_EDIT_TIME
        return replace(
            story,
            blocks=hand_written()["accident"].blocks(min(day, 3)),
            modified=_local(site, min(day, 3), *when),
        )
    if story.key == roles().chrome_only:
        return replace(story, modified=_local(site, 2, *EDIT_TIME[story.site]))
    return story


@cache
def edition(site: str, day: int) -> Edition:
    check_day(day)
    served = [_as_served(s, day) for s in reversed(all_stories()[site]) if s.first_day <= day]
    frozen = frozenset({roles().byte_identical} if day > 1 else ())
    retired = {roles().unpublished, roles().moved_home} if day >= 3 else set()
    return Edition(
        site=site_named(site),
        day=day,
        stories=tuple(s for s in served if not s.members and s.key not in retired),
        members=tuple(s for s in served if s.members),
        frozen=frozen,
        gone=tuple(s for s in served if s.key == roles().unpublished and s.key in retired),
        moved_home=tuple(s for s in served if s.key == roles().moved_home and s.key in retired),
    )
