"""The parts of a page around the article that change every day: ticker, most read, related.

They are what a re-render changes without touching the text, so they must differ between days
and stay out of the article container.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache

from arshif.demo.model import Story
from arshif.demo.newsroom import Edition, edition
from arshif.demo.prose import load_vocab
from arshif.demo.sites import DAY_DATES


@dataclass(frozen=True)
class Chrome:
    """The daily chrome of one site."""

    day: int
    today: date  # the date printed in the header
    ticker: tuple[tuple[str, str | None], ...]  # (text, path of the story or None)
    most_read: tuple[Story, ...]
    edition: Edition


@cache
def chrome(site: str, day: int) -> Chrome:
    return chrome_of(site, day, edition(site, day), f"most-read/{site}/{day}")


def chrome_of(design: str, day: int, current: Edition, seed: str) -> Chrome:
    """The chrome of `current` in the words of `design` (a default site's name; a scaled site
    has one of them); `seed` draws the most read."""
    breaking = load_vocab(design)["breaking"]
    # two breaking lines of the day and the three newest headlines
    lines = [(breaking[(2 * day - 2 + i) % len(breaking)], None) for i in range(2)]
    lines += [(s.headline, s.path) for s in current.stories[:3]]
    most_read = tuple(random.Random(seed).sample(current.stories[3:], 5))
    return Chrome(day, DAY_DATES[day], tuple(lines), most_read, current)


@cache
def related(site: str, key: str, day: int) -> tuple[Story, ...]:
    """ "اقرأ أيضا" for one article: two from its section and two others, drawn per day."""
    stories = edition(site, day).stories
    story = next(s for s in (*stories, *edition(site, day).members) if s.key == key)
    rng = random.Random(f"related/{key}/{day}")
    same = [s for s in stories if s.section == story.section and s.key != key]
    other = [s for s in stories if s.section != story.section]
    return tuple(rng.sample(same, min(2, len(same))) + rng.sample(other, 2))
