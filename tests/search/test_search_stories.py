"""One result per story (arshif/search/stories.py), on a SQLite catalog and a PostgreSQL one
holding the same captures: an article's versions and the near-copies of its story cluster are
one result, counted ("N versions · M copies on K sites") with every member listed; pages count
stories; both databases group the same.
"""

from __future__ import annotations

import pytest

from arshif.catalog import Catalog
from arshif.search import index_run_part, search
from arshif.search.stories import search_stories
from tests.scale.scale_pg import pg_database

DAY1, DAY2 = "2026-11-28T08:00:00.000000Z", "2026-11-29T08:00:00.000000Z"
# (record, article, site, version, change, when, cluster, title, text)
CAPTURES = [
    # A story syndicated to three sites; its first copy edited on day 2; a fourth copy on a
    # fourth site that does not hold the word searched for (the story, all the same).
    ("r1", "https://a.example/story", "a", 1, "new", DAY1, "c-cairo", "زلزال في القاهرة",
     "ضرب زلزال القاهرة فجر اليوم وخرج السكان إلى الشوارع."),
    ("r2", "https://a.example/story", "a", 2, "changed", DAY2, "c-cairo", "زلزال في القاهرة",
     "ضرب زلزال القاهرة فجر اليوم وخرج السكان إلى الشوارع، ولا إصابات."),
    ("r3", "https://b.example/wire", "b", 1, "new", DAY1, "c-cairo", "زلزال يضرب",
     "ضرب زلزال القاهرة فجر اليوم وخرج السكان إلى الشوارع. اقرأ أيضا"),
    ("r4", "https://c.example/copy", "c", 1, "new", DAY2, "c-cairo", "هزة أرضية",
     "ضرب زلزال القاهرة فجر اليوم وخرج السكان."),
    ("r5", "https://d.example/copy", "d", 1, "new", DAY2, "c-cairo", "هزة أرضية",
     "ضرب زلزال العاصمة فجر اليوم وخرج السكان."),
    # An article of its own (no cluster), and one alone in its cluster.
    ("r6", "https://a.example/other", "a", 1, "new", DAY1, None, "أسعار",
     "ارتفعت الأسعار في القاهرة."),
    ("r7", "https://b.example/alone", "b", 1, "new", DAY2, "c-alone", "مترو",
     "افتتاح خط مترو جديد بالقاهرة."),
]
QUERIES = ["القاهرة", "زلزال", "قاهرة", '"القاهرة"', "الشوارع", "مترو", "السكان"]


def _fill(catalog: Catalog) -> Catalog:
    for record, url, site, version, change, when, cluster, title, _text in CAPTURES:
        catalog.db.execute(
            "INSERT INTO captures (record_id, url, canonical_url, site, run_key, role, timestamp, kind, version, "
            "change, cluster, title, text_fingerprint) VALUES (?, ?, ?, ?, ?, 'article', ?, 'response', ?, ?, ?, ?, ?)",
            (record, url, url, site, when[:10], when, version, change, cluster, title, f"sha256:{record}"))
    catalog.db.execute("INSERT INTO manifests (key, run_key, site) VALUES ('m1', 'r', 's')")
    lines = [{"record_id": record, "canonical_url": url, "url": url, "site": site, "version": version,
              "change": change, "kind": "response", "timestamp": when, "text_fingerprint": f"sha256:{record}",
              "article": {"title": title, "text": text}}
             for record, url, site, version, change, when, _cluster, title, text in CAPTURES]
    index_run_part(catalog, "m1", lines)
    return catalog


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    with pg_database("arshif_stories") as url:
        opened = {"sqlite": _fill(Catalog(tmp_path_factory.mktemp("stories") / "catalog.sqlite")),
                  "postgresql": _fill(Catalog(url=url))}
        yield opened
        for catalog in opened.values():
            catalog.close()


def grouped(catalog, query: str, **args) -> list[dict]:
    return [s.to_dict() for s in search_stories(catalog, query, **args).stories]


def test_one_result_per_story_with_its_versions_and_copies(catalogs):
    for name, catalog in catalogs.items():
        flat = search(catalog, "القاهرة", limit=50)
        assert len(flat) == 5, name  # one per article: a, b, c's copies, the other two
        stories = grouped(catalog, "القاهرة")
        assert len(stories) == 3, (name, stories)
        cairo = next(s for s in stories if s["cluster"] == "c-cairo")
        assert cairo["canonical_url"] == "https://a.example/story"  # the title match ranks first
        assert (cairo["versions"], cairo["copies"], cairo["sites"]) == (2, 4, 4), name
        members = {m["canonical_url"]: m for m in cairo["members"]}
        assert set(members) == {"https://a.example/story", "https://b.example/wire", "https://c.example/copy",
                                "https://d.example/copy"}
        # Every matching copy is there with the version that matched; the fourth matched nothing.
        assert {u: (m["record_id"], m["versions"]) for u, m in members.items()} == {
            "https://a.example/story": ("r1", 2), "https://b.example/wire": ("r3", 1),
            "https://c.example/copy": ("r4", 1), "https://d.example/copy": (None, 1)}
        alone = {s["canonical_url"]: s for s in stories if s["cluster"] != "c-cairo"}
        assert {u: (s["versions"], s["copies"], s["sites"]) for u, s in alone.items()} == {
            "https://a.example/other": (1, 1, 1), "https://b.example/alone": (1, 1, 1)}
        # Nothing hidden: every article of the flat list is a member of some story.
        assert {h.canonical_url for h in flat} <= {m["canonical_url"] for s in stories for m in s["members"]}


def test_pages_count_stories_not_copies(catalogs):
    for name, catalog in catalogs.items():
        everything = [s["canonical_url"] for s in grouped(catalog, "القاهرة")]
        pages = [grouped(catalog, "القاهرة", limit=1, offset=n) for n in range(4)]
        assert [[s["canonical_url"] for s in page] for page in pages] == [[u] for u in everything] + [[]], name
        assert [page[0]["rank"] for page in pages[:3]] == [1, 2, 3]
        # Filters choose the matching articles; the story still counts every copy.
        (on_c,) = grouped(catalog, "زلزال", site="c")
        assert (on_c["canonical_url"], on_c["copies"], on_c["sites"]) == ("https://c.example/copy", 4, 4)


def test_a_withdrawn_copy_leaves_its_story(catalogs, tmp_path):
    import shutil

    copy = tmp_path / "catalog.sqlite"
    catalogs["sqlite"].db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds everything
    shutil.copy(catalogs["sqlite"].path, copy)
    catalog = Catalog(copy)
    try:
        catalog.add_takedown({"id": "t1", "article": "https://b.example/wire", "site": "b",
                              "decided_at": DAY2, "requested_by": "x", "reason": "y"}, "takedowns/t1.json")
        (cairo,) = [s for s in grouped(catalog, "زلزال") if s["cluster"] == "c-cairo"]
        assert (cairo["copies"], cairo["sites"]) == (3, 3)
        assert "https://b.example/wire" not in {m["canonical_url"] for m in cairo["members"]}
    finally:
        catalog.close()


def test_both_databases_group_the_same(catalogs):
    """The same stories, counts and members on both; the copy shown first is the best-ranked
    one, and the two databases' scores differ (as the flat list's order does), so it is only
    checked to be a matching member, with its own versions counted."""
    def shape(stories: list[dict]) -> list[tuple]:
        for story in stories:
            (shown,) = [m for m in story["members"] if m["canonical_url"] == story["canonical_url"]]
            assert shown["record_id"] == story["record_id"] and shown["versions"] == story["versions"]
        return sorted((s["cluster"] or s["canonical_url"], s["copies"], s["sites"],
                       tuple(sorted((m["canonical_url"], m["record_id"], m["versions"]) for m in s["members"])))
                      for s in stories)

    for query in QUERIES:
        found = {name: shape(grouped(catalog, query, limit=50)) for name, catalog in catalogs.items()}
        assert found["sqlite"] == found["postgresql"], query
        assert found["sqlite"], query
