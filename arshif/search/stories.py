"""One search result per story: an article's versions and the near-copies of one story grouped.

    from arshif.search.stories import search_stories
    page = search_stories(catalog, "مشيرا الى", site="gulf-wire", limit=20)
    for story in page.stories: story.hit, story.versions, story.copies, story.sites, story.members

The flat search (``arshif.search.search``) already gives one result per article (its
best-matching version; an alias URL is the same article, by its canonical URL). Here the
articles of one story cluster (near-copies on this site and others: arshif/dedupe/nearcopy.py,
recorded on each capture's ``cluster``, what ``arshif cluster`` lists) become one result too:

- the story's best-ranked article (``hit``, a search Hit as the flat list gives it): a story
  ranks by its best member, and ``limit``/``offset`` count stories, not articles;
- ``versions``: how many versions that article has (its ``history``);
- ``copies`` and ``sites``: how many articles the story has, on how many sites (the whole
  cluster, not only the copies that match the query or the filters; withdrawn ones left out);
- ``members``: every article of the story, with the version that matched (``record_id``,
  ``version``) when it was among the ranked matches, so that nothing is hidden.

An article without a cluster (no text, or archived before clusters) is a story of its own.
Cost: the flat ranking, asked for a few more articles than stories wanted (more only when
stories collapse many), then two batched catalog queries, whatever the number of hits: the
articles' clusters and versions by URL, the clusters' members by cluster (``captures_by_cluster``,
made with the search index).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from arshif.search import Filters, Hit, Query, hit_of, prepare

_MAX_ARTICLES = 2000  # articles ranked per page of stories at most
_CHUNK = 500  # values per IN (…) list


@dataclass
class Story:
    """One result: the story's best-matching article and what else the story holds."""

    hit: Hit
    versions: int  # versions of hit's article
    copies: int  # articles in the story (1: no other copy)
    sites: int  # sites those articles are on
    cluster: str | None  # the story cluster (None: an article of its own)
    members: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**self.hit.to_dict(), "versions": self.versions, "copies": self.copies, "sites": self.sites,
                "cluster": self.cluster, "members": self.members}


@dataclass
class StoryPage:
    stories: list[Story]
    ranked_all: bool = True


def search_stories(catalog, query: str | Query, site: str | None = None, since: datetime | None = None,
                   until: datetime | None = None, limit: int = 20, offset: int = 0, *,
                   published_since=None, published_until=None) -> StoryPage:
    """The stories matching ``query``, best first: the same arguments, filters and errors as
    ``arshif.search.search``, with ``limit`` and ``offset`` counting stories."""
    parsed, filters, index = prepare(catalog, query, site, since, until, limit, offset,
                                     published_since=published_since, published_until=published_until)
    wanted = offset + limit
    fetch = max(2 * wanted, 20)
    while True:
        ranked, ranked_all = index.ranked(parsed, filters, fetch, exhaustive=filters != Filters() or offset > 0)
        articles = _articles(catalog.db, [row["canonical_url"] for row, _ in ranked])
        groups = _group(ranked, articles)
        # The first ``wanted`` stories are final once that many are found: an article ranked
        # lower joins one of them or starts a later story.
        if len(groups) >= wanted or len(ranked) < fetch or fetch >= _MAX_ARTICLES:
            break
        fetch = min(_MAX_ARTICLES, fetch * 4)
    chosen = list(groups.items())[offset:wanted]
    clusters = _clusters(catalog.db, [key[1] for key, _ in chosen if key[0] == "cluster"])
    stories = []
    for n, (key, members) in enumerate(chosen, offset + 1):
        row, score = members[0]
        stories.append(_story(hit_of(n, row, score, parsed), key, members, articles, clusters))
    return StoryPage(stories, ranked_all=ranked_all)


def _group(ranked: list[tuple], articles: dict[str, dict]) -> dict[tuple[str, str], list[tuple]]:
    """The ranked articles by story, stories in the order of their best article: keyed
    ("cluster", id) or ("article", canonical URL)."""
    groups: dict[tuple[str, str], list[tuple]] = {}
    for row, score in ranked:
        url = row["canonical_url"]
        cluster = articles.get(url, {}).get("cluster")
        key = ("cluster", cluster) if cluster else ("article", url)
        groups.setdefault(key, []).append((row, score))
    return groups


def _story(hit: Hit, key: tuple[str, str], matched: list[tuple], articles: dict[str, dict],
           clusters: dict[str, list[dict]]) -> Story:
    found = {row["canonical_url"]: row for row, _ in matched}
    if key[0] == "cluster" and clusters.get(key[1]):
        members = [dict(m) for m in clusters[key[1]]]
    else:  # an article of its own (or its cluster's captures are gone): the matches alone
        members = [{"canonical_url": url, "url": row["url"], "site": row["site"],
                    "versions": articles.get(url, {}).get("versions") or 1, "first_seen": row["first_seen"]}
                   for url, row in found.items()]
    for member in members:
        row = found.get(member["canonical_url"])
        member["record_id"], member["version"] = (row["record_id"], row["version"]) if row else (None, None)
    best = articles.get(hit.canonical_url, {})
    return Story(hit=hit, versions=best.get("versions") or hit.version or 1, copies=len(members),
                 sites=len({m["site"] for m in members}), cluster=key[1] if key[0] == "cluster" else None,
                 members=members)


def _chunks(values: list[str]):
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _articles(db, urls: list[str]) -> dict[str, dict]:
    """Each article's story cluster (an article keeps one across its versions: see dedupe) and
    its number of versions, by canonical URL: one query per 500 articles."""
    found: dict[str, dict] = {}
    for chunk in _chunks(list(dict.fromkeys(urls))):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT canonical_url, MAX(version) AS versions, MAX(cluster) AS cluster FROM captures "
            f"WHERE canonical_url IN ({marks}) GROUP BY canonical_url", chunk).fetchall()
        found.update({row[0]: {"versions": row[1], "cluster": row[2]} for row in rows})
    return found


def _clusters(db, names: list[str]) -> dict[str, list[dict]]:
    """The articles of each cluster (withdrawn ones left out), oldest first: URL, site, versions
    and first capture, as ``arshif cluster`` lists them."""
    members: dict[str, list[dict]] = {}
    for chunk in _chunks(list(dict.fromkeys(names))):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT cluster, canonical_url, MIN(url) AS url, MIN(site) AS site, MAX(version) AS versions, "
            f"MIN(timestamp) AS first_seen FROM captures WHERE cluster IN ({marks}) AND canonical_url NOT IN "
            "(SELECT canonical_url FROM takedowns) GROUP BY cluster, canonical_url "
            "ORDER BY cluster, first_seen, canonical_url", chunk).fetchall()
        for row in rows:
            members.setdefault(row[0], []).append(
                {"canonical_url": row[1], "url": row[2], "site": row[3], "versions": row[4], "first_seen": row[5]})
    return members
