"""The sites file: valid files load, mistakes get messages that say where and what."""

import pytest

from arshif.config import ConfigError, parse_sites

GOOD = {
    "allow_private_addresses": ["127.0.0.21", "10.0.0.0/8", "localhost:8765"],
    "sites": [
        {
            "name": "masr-today",
            "domains": ["Example.com"],
            "feeds": ["https://www.example.com/rss"],
            "article_pattern": r"/news/\d+",
            "timezone": "Africa/Cairo",
        }
    ],
}


def test_valid_file_loads_with_defaults():
    config = parse_sites(GOOD)
    site = config.site("masr-today")
    assert site.domains == ["example.com"]
    assert site.owns_host("www.example.com") and not site.owns_host("badexample.com")
    assert site.is_article_url("https://example.com/news/12/") and not site.is_article_url(
        "https://example.com/about"
    )
    assert site.politeness.delay == 1.0 and site.enabled


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": "Bad Name"}, "sites[0] (Bad Name).name"),
        ({"article_pattern": "(["}, "not a valid regular expression"),
        ({"feeds": ["https://elsewhere.org/rss"]}, "outside the site's domains"),
        (
            {"feeds": [], "sitemaps": [], "start_urls": []},
            "at least one of feeds, sitemaps, start_urls",
        ),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"colour": "blue"}, "unknown key"),
    ],
)
def test_mistakes_are_named(change, message):
    raw = {"sites": [{**GOOD["sites"][0], **change}]}
    with pytest.raises(ConfigError) as err:
        parse_sites(raw, source="sites.yaml")
    assert message in str(err.value)
    assert str(err.value).startswith("sites.yaml:")


def test_duplicate_names_and_shape():
    with pytest.raises(ConfigError, match="used twice"):
        parse_sites({"sites": [GOOD["sites"][0], GOOD["sites"][0]]})
    with pytest.raises(ConfigError, match="expected a mapping"):
        parse_sites(["not", "a", "mapping"])
