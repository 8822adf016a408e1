"""Deterministic Arabic news prose from the pool in data/prose.txt and the slots in data/vocab.yaml.

A `Writer` composes whole articles: a headline and its lead, then body paragraphs and
subheadings drawn from the article's topic. It keeps count of the templates it has used across
the network and always draws among the least used, so that two articles share as few sentences as
the pool allows; alternatives ([a|b]) and slot values vary what little they share.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources

import yaml

from arshif.demo import arabic_dates
from arshif.demo.model import Block, DemoSite

# One [a|b|c] group or one {slot} / {slot.attr}.
_TOKEN = re.compile(r"\[([^\[\]]*)\]|\{(\w+?)(\d*)(?:\.(\w+))?\}")

# Slot base name -> vocab list. Values are fixed for the whole article.
ENTITY_LISTS = {
    "city": "cities", "country": "countries", "org": "orgs", "matter": "matters",
    "law": "laws", "field": "fields", "company": "companies", "techco": "techcos",
    "sector": "sectors", "commodity": "commodities", "team": "teams",
    "competition": "competitions", "stadium": "stadiums", "festival": "festivals",
    "work": "works", "venue": "venues", "hospital": "hospitals", "disease": "diseases",
    "vaccine_disease": "vaccine_diseases", "campaign": "campaigns", "tech": "techs",
    "app": "apps", "project": "projects", "road": "roads", "home": "home",
    "currency": "currency", "local_currency": "local_currency",
    "central_bank": "central_bank", "bourse": "bourse", "parliament": "parliament",
}  # fmt: skip
# People's roles: each draws a different name from the site's list.
NAME_ROLES = frozenset({
    "analyst", "spokesman", "expert", "person", "player", "coach", "doctor", "writer",
    "artist", "director", "critic", "engineer", "resident", "keeper",
})  # fmt: skip


# Slots drawn afresh at each use (see `_number`).
NUMBER_SLOTS = frozenset(
    {"n", "big", "pct", "small_pct", "year", "minute", "score", "bigscore", "temp_lo", "temp_hi"}
)


def _number(base: str, rng: random.Random) -> str | None:
    """A fresh number for a numeric slot, or None when `base` is not one."""
    if base == "n":
        return str(rng.randint(11, 95))
    if base == "big":
        return str(rng.randint(120, 950))
    if base in ("pct", "small_pct"):
        value = rng.randint(12, 349 if base == "pct" else 89) / 10
        return f"{value:.1f}".removesuffix(".0")
    if base == "year":
        return str(rng.randint(2027, 2030))
    if base == "minute":
        return str(rng.randint(11, 89))
    if base == "score":
        winner = rng.randint(1, 4)
        return f"{winner}-{rng.randint(0, winner - 1)}"
    if base == "bigscore":
        return f"{rng.randint(3, 5)}-{rng.randint(0, 2)}"
    if base == "temp_lo":
        return str(rng.randint(9, 15))
    if base == "temp_hi":
        return str(rng.randint(18, 26))
    return None


@dataclass(frozen=True)
class Pool:
    """The templates, keyed by "topic", "topic/subtopic" or "*" (every topic)."""

    headlines: dict[str, list[tuple[str, str]]]
    body: dict[str, list[str]]
    subheads: dict[str, list[str]]
    captions: dict[str, list[str]]


def _read_data(name: str) -> str:
    return resources.files("arshif.demo").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_pool() -> Pool:
    pool = Pool({}, {}, {}, {})
    topic, kind = "", ""
    for number, raw in enumerate(_read_data("prose.txt").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@topic "):
            topic, kind = line.split(None, 1)[1], ""
        elif line.startswith("@"):
            kind = line[1:]
        elif kind == "headlines":
            headline, sep, lead = line.partition(" || ")
            if not sep:
                raise ValueError(f"prose.txt:{number}: a headline needs ' || lead'")
            pool.headlines.setdefault(topic, []).append((headline, lead))
        elif kind in ("body", "subheads", "captions"):
            getattr(pool, kind).setdefault(topic, []).append(line)
        else:
            raise ValueError(f"prose.txt:{number}: text outside a section")
    return pool


@cache
def load_vocab(site: str) -> dict[str, list[str]]:
    """The common slot lists with the site's own lists over them."""
    data = yaml.safe_load(_read_data("vocab.yaml"))
    vocab = dict(data["common"])
    vocab.update(data["sites"][site])
    return vocab


@dataclass(frozen=True)
class Person:
    """A named official: {official} is the full title and name, {official.short} the title."""

    title: str
    short_title: str
    name: str

    def attr(self, attr: str) -> str:
        return {"": f"{self.title} {self.name}", "short": self.short_title, "name": self.name}[attr]


@dataclass(frozen=True)
class Country:
    """{country} → فرنسا; .adj → الفرنسي, .adjf → الفرنسية; .adji/.adjfi without the article."""

    name: str
    adj: str
    adjf: str

    def attr(self, attr: str) -> str:
        if attr in ("adji", "adjfi"):
            return (self.adj if attr == "adji" else self.adjf).removeprefix("ال")
        return {"": self.name, "adj": self.adj, "adjf": self.adjf}[attr]


@dataclass
class Slots:
    """The slot values of one article: entities fixed on first use, numbers drawn per use."""

    rng: random.Random
    site: DemoSite
    topic: str
    subtopic: str
    published: datetime
    fixed: dict[str, object] = field(default_factory=dict)
    taken: dict[str, set[str]] = field(default_factory=dict)

    def fill(self, template: str, numbers: dict[str, str] | None = None) -> str:
        """The template with its [a|b] groups chosen and its slots filled.

        `numbers` is shared by the templates of one call site (a headline and its lead) so that
        both state the same figures.
        """
        numbers = {} if numbers is None else numbers
        chosen = _TOKEN.sub(
            lambda m: self.rng.choice(m[1].split("|")) if m[1] is not None else m[0], template
        )
        text = _TOKEN.sub(lambda m: self._value(m[2], m[3], m[4] or "", numbers), chosen)
        return _tidy(text)

    def _value(self, base: str, index: str, attr: str, numbers: dict[str, str]) -> str:
        name = base + index
        number = numbers.get(name)
        if number is None:
            number = _number(base, self.rng)
            if number is not None:
                # {n} and {n2} in one sentence are different numbers
                while number in numbers.values():
                    number = _number(base, self.rng) or number
                numbers[name] = number
        if number is not None:
            return number
        constant = self._constant(base)
        if constant is not None:
            return constant
        if name not in self.fixed:
            self.fixed[name] = self._draw(base)
        value = self.fixed[name]
        if isinstance(value, (Person, Country)):
            return value.attr(attr)
        if attr:
            raise ValueError(f"slot {{{name}}} has no attribute {attr!r}")
        return str(value)

    def _constant(self, base: str) -> str | None:
        dialect = "levantine" if self.site.name == "levant-post" else "egyptian"
        day = self.published.date()
        if base == "weekday":
            return arabic_dates.weekday(day)
        if base == "month_next":
            return arabic_dates.month_name(day.month % 12 + 1, dialect)
        if base == "month_prev":
            return arabic_dates.month_name((day.month - 2) % 12 + 1, dialect)
        if base == "site_name":
            return self.site.title
        return None

    def _pick(self, group: str, values: list[str]) -> str:
        taken = self.taken.setdefault(group, set())
        free = [v for v in values if v not in taken] or values
        value = self.rng.choice(free)
        taken.add(value)
        return value

    def _draw(self, base: str) -> object:
        vocab = load_vocab(self.site.name)
        if base in NAME_ROLES:
            return self._pick("names", vocab["names"])
        if base == "official":
            titles = (
                vocab.get(f"officials.{self.topic}/{self.subtopic}")
                or vocab[f"officials.{self.topic}"]
            )
            title, short = self._pick("official-titles", titles).split("|")
            return Person(title, short, self._pick("names", vocab["names"]))
        if base not in ENTITY_LISTS:
            raise ValueError(f"unknown slot {{{base}}}")
        value = self._pick(base, vocab[ENTITY_LISTS[base]])
        if base in ("country", "home"):
            return Country(*value.split("|"))
        return value


def _tidy(text: str) -> str:
    # an empty alternative leaves a double space or a space before a comma
    text = re.sub(r"\s{2,}", " ", text)
    return re.sub(r" ([،.؟])", r"\1", text).strip()


@dataclass(frozen=True)
class Draft:
    """A written article before a site dates and places it."""

    headline: str
    blocks: tuple[Block, ...]
    caption: str


class Writer:
    """Writes the generated articles of the whole network, spreading the pool's templates."""

    def __init__(self) -> None:
        self._uses: Counter[tuple[str, str, int]] = Counter()
        self._headlines: set[str] = set()

    def _least_used(
        self, rng: random.Random, kind: str, keys: list[str], exclude: set[tuple[str, str, int]]
    ) -> tuple[str, int]:
        """A template of `kind` under `keys`, among the least used so far; `exclude` grows."""
        pool = load_pool()
        lists: dict[str, list] = getattr(pool, kind)
        candidates = [
            (key, i)
            for key in keys
            for i in range(len(lists.get(key, [])))
            if (kind, key, i) not in exclude
        ]
        if not candidates:
            raise LookupError(f"the prose pool has no more {kind} for {keys}")
        fewest = min(self._uses[(kind, *c)] for c in candidates)
        choice = rng.choice([c for c in candidates if self._uses[(kind, *c)] == fewest])
        self._uses[(kind, *choice)] += 1
        exclude.add((kind, *choice))
        return choice

    def write(
        self, site: DemoSite, topic: str, subtopic: str, published: datetime, seed: str
    ) -> Draft:
        rng = random.Random(seed)
        pool = load_pool()
        sub_key = f"{topic}/{subtopic}" if subtopic else topic
        slots = Slots(rng, site, topic, subtopic, published)
        used: set[tuple[str, str, int]] = set()

        for _attempt in range(20):
            key, i = self._least_used(rng, "headlines", [sub_key], used)
            trial = Slots(random.Random(f"{seed}/{_attempt}"), site, topic, subtopic, published)
            numbers: dict[str, str] = {}
            headline = trial.fill(pool.headlines[key][i][0], numbers)
            if headline not in self._headlines:
                break
        else:
            raise ValueError(f"no unused headline left for {sub_key}")
        self._headlines.add(headline)
        # the body keeps the people and places the headline named
        slots.fixed, slots.taken = trial.fixed, trial.taken
        lead = slots.fill(pool.headlines[key][i][1], numbers)

        body_keys = [sub_key, topic] if subtopic else [topic]

        def sentence() -> str:
            try:
                k, j = self._least_used(rng, "body", body_keys, used)
            except LookupError:  # a long article on a small topic: fall back on the generic
                k, j = self._least_used(rng, "body", ["*"], used)
            return slots.fill(pool.body[k][j])

        count = rng.choice((4, 5, 5, 6, 6, 6, 7, 7, 8))
        paragraphs = [lead + (" " + sentence() if rng.random() < 0.4 else "")]
        for _ in range(count - 1):
            paragraphs.append(" ".join(sentence() for _ in range(rng.choice((1, 2, 2)))))
        if rng.random() < 0.5:
            k, j = self._least_used(rng, "body", ["*"], used)
            paragraphs[-1] += " " + slots.fill(pool.body[k][j])

        blocks: list[Block] = []
        heads = _subheading_positions(rng, count)
        for n, paragraph in enumerate(paragraphs):
            if n in heads:
                k, j = self._least_used(rng, "subheads", [sub_key, topic, "*"], used)
                blocks.append(Block("h2", slots.fill(pool.subheads[k][j])))
            blocks.append(Block("p", paragraph))
        caption = slots.fill(rng.choice(pool.captions[topic]))
        return Draft(headline, tuple(blocks), caption)


def _subheading_positions(rng: random.Random, paragraphs: int) -> set[int]:
    """Before which paragraphs a subheading goes: never the first, never two in a row."""
    wanted = min(rng.choice((0, 1, 2, 2, 2, 3, 3)), paragraphs // 2)
    while True:
        positions = set(rng.sample(range(1, paragraphs), wanted))
        if all(p + 1 not in positions for p in positions):
            return positions
