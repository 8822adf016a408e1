"""The prose pool and its slots: every template parses, fills and encodes on every site."""

from __future__ import annotations

import random
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from arshif.demo import DEMO_SITES, expected_articles
from arshif.demo.prose import (
    ENTITY_LISTS,
    NAME_ROLES,
    NUMBER_SLOTS,
    Slots,
    load_pool,
    load_vocab,
)

SLOT = re.compile(r"\{(\w+?)(\d*)(?:\.(\w+))?\}")
CONSTANTS = {"weekday", "month_next", "month_prev", "site_name", "official"}
LEFTOVER = re.compile(r"[{}\[\]|]")


def templates() -> list[tuple[str, str]]:
    pool = load_pool()
    found = [(k, t) for k, pairs in pool.headlines.items() for pair in pairs for t in pair]
    for kind in (pool.body, pool.subheads, pool.captions):
        found += [(k, t) for k, items in kind.items() for t in items]
    return found


def test_pool_is_large_enough():
    pool = load_pool()
    assert sum(len(v) for v in pool.body.values()) >= 250
    assert sum(len(v) for v in pool.headlines.values()) >= 100


def test_every_template_is_well_formed():
    known = set(ENTITY_LISTS) | NAME_ROLES | NUMBER_SLOTS | CONSTANTS
    for key, template in templates():
        assert template.count("[") == template.count("]"), template
        assert not re.search(r"\[[^\]]*\[", template), f"nested group: {template}"
        assert template.count("{") == template.count("}"), template
        for base, _, _ in SLOT.findall(template):
            assert base in known, f"{key}: unknown slot {{{base}}} in {template}"
        # a bare Arabic-Indic digit would not encode in windows-1256
        assert not re.search("[\u0660-\u0669\u066a]", template)


@pytest.mark.parametrize("site", DEMO_SITES, ids=lambda s: s.name)
def test_every_template_fills_on_every_site_and_encodes(site):
    vocab = load_vocab(site.name)
    assert len(vocab["names"]) >= 20 and len(vocab["breaking"]) >= 4
    moment = datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo(site.timezone))
    for number, (key, template) in enumerate(templates()):
        topic, _, subtopic = key.partition("/")
        topic = "politics" if topic == "*" else topic
        for attempt in range(3):
            slots = Slots(random.Random(f"{number}/{attempt}"), site, topic, subtopic, moment)
            text = slots.fill(template)
            assert not LEFTOVER.search(text), text
            assert "  " not in text and " ،" not in text
            text.encode(site.encoding)  # raises if a character has no place in it


def test_generated_articles_read_as_arabic_prose():
    for site in DEMO_SITES:
        for article in expected_articles(site.name, 2):
            for block in article.paragraphs:
                assert re.match('[\u0600-\u06ff«"]', block), block
                assert block.endswith((".", "»", ".\u200f")), block
                assert not LEFTOVER.search(block)
