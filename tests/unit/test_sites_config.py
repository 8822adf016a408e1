"""The sites file's checks, one error message each, and the registry of real sites validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.config import DEFAULT_USER_AGENT, ConfigError, load_sites, parse_sites

REGISTRY = Path(__file__).resolve().parents[2] / "sites" / "arabic-news.yaml"


def site(**overrides) -> dict:
    return {"name": "masr", "domains": ["masr.example"], "feeds": ["https://masr.example/rss"], **overrides}


def problem(raw: dict) -> str:
    with pytest.raises(ConfigError) as info:
        parse_sites(raw)
    return str(info.value)


@pytest.mark.parametrize(("raw", "expected"), [
    ({"sites": [site(feed=["x"])]}, "sites[0] (masr).feed: unknown key"),
    ({"sites": [site()], "contacts": "x"}, "contacts: unknown key"),
    ({"sites": [site(politeness={"delai": 1})]}, "politeness.delai: unknown key"),
    ({"sites": [site(article_pattern="/news/(")]}, "article_pattern: not a valid regular expression"),
    ({"sites": [site(feeds=["https://other.example/rss"])]}, "is outside the site's domains"),
    ({"sites": [site(sitemaps=["https://evil.example/s.xml"])]}, "is outside the site's domains"),
    ({"sites": [site(start_urls=["ftp://masr.example/"])]}, "is not an http(s) URL"),
    ({"sites": [site(), site(domains=["other.example"], feeds=["https://other.example/rss"])]},
     "site name 'masr' is used twice"),
    ({"sites": [site(), site(name="copy")]},
     "domain 'masr.example' belongs to both 'masr' and 'copy'; a host must belong to one site"),
    ({"sites": [site(domains=["https://masr.example/"])]}, "is not a host name; give the host only"),
    ({"sites": [site(timezone="Cairo")]}, "unknown time zone 'Cairo'"),
    ({"sites": [site(enabled="sometimes")]}, "enabled: Input should be a valid boolean"),
    ({"sites": [site(politeness={"delay": -1})]}, "politeness.delay: Input should be greater than or equal to 0"),
    ({"sites": [site(politeness={"concurrency": 100})]}, "politeness.concurrency: Input should be less than or equal to 32"),
    ({"sites": [site(politeness={"timeout": 0})]}, "politeness.timeout: Input should be greater than 0"),
    ({"sites": [site(feeds=[], sitemaps=[], start_urls=[])]}, "needs at least one of feeds, sitemaps, start_urls"),
    ({"sites": [site()], "contact": "ops desk"}, "contact: 'ops desk' is neither an e-mail address nor an http(s) URL"),
    ({"sites": [site()], "user_agent": "arshif"}, "user_agent 'arshif' has no contact address"),
    ({"sites": [site(sources="robots.txt")]}, "sources: Input should be a valid list"),
])
def test_each_problem_is_named(raw: dict, expected: str) -> None:
    assert expected in problem(raw)


def test_every_problem_is_listed_at_once() -> None:
    message = problem({"sites": [site(timezone="Nowhere", article_pattern="(")]})
    assert "2 problem(s)" in message and "timezone" in message and "article_pattern" in message


def test_contact_makes_the_user_agent() -> None:
    assert parse_sites({"sites": [site()], "contact": "ops@example.org"}).user_agent == \
        "arshif/0.1 (+mailto:ops@example.org; web archive of Arabic news)"
    assert parse_sites({"sites": [site()], "contact": "https://example.org/archive"}).user_agent == \
        "arshif/0.1 (+https://example.org/archive; web archive of Arabic news)"
    explicit = parse_sites({"sites": [site()], "contact": "ops@example.org",
                            "user_agent": "newsroom-archiver (ops@example.org)"})
    assert explicit.user_agent == "newsroom-archiver (ops@example.org)"


def test_without_contact_the_default_user_agent_and_a_warning() -> None:
    config = parse_sites({"sites": [site()]})
    assert config.user_agent == DEFAULT_USER_AGENT
    assert any(note.startswith("no contact") for note in config.warnings())


def test_nested_domains_and_repeated_urls_are_warnings() -> None:
    config = parse_sites({"contact": "ops@example.org", "sites": [
        site(feeds=["https://masr.example/rss", "https://masr.example/rss"]),
        site(name="masr-sport", domains=["sport.masr.example"], feeds=["https://sport.masr.example/rss"]),
    ]})
    notes = config.warnings()
    assert "masr-sport: sport.masr.example is also a subdomain of masr's domains; both sites will take its URLs" in notes
    assert "masr: https://masr.example/rss is listed twice" in notes


def test_registry_of_real_sites_validates() -> None:
    config = load_sites(REGISTRY)
    assert len(config.sites) >= 15
    assert config.contact and "mailto:" in config.user_agent
    assert config.warnings() == []
    zones = {s.timezone for s in config.sites}
    # Egypt, the Gulf, the Levant and the Maghreb
    assert {"Africa/Cairo", "Asia/Beirut", "Africa/Casablanca", "Africa/Tunis"} <= zones
    assert zones & {"Asia/Dubai", "Asia/Qatar", "Asia/Riyadh"}
    for entry in config.sites:
        assert entry.sources, f"{entry.name} says nowhere where its URLs came from"
        assert entry.politeness.delay >= 1 and entry.politeness.concurrency == 1
    # nothing in the registry points at a private address
    assert config.allow_private_addresses is False
