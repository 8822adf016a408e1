"""``arshif search`` on a real archive: the demo network's days 1 and 2 run through the DAG into
SeaweedFS (a bucket of this module's own), indexed as the archive step applies each run part.

What an archivist relies on: a word typed without its diacritics finds the article that has
them, and the snippet shows the original words marked; a word of one version finds the article
at that version; site and date filters; one result per story (the syndicated copies and an
edited article's versions grouped, --all and the API alike); a withdrawn article is never
shown; a rebuilt catalog searches the same; a hostile query gets an answer or a clear usage error, never a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from arshif_cli import arshif, serving

from arshif.demo import scenario

pytestmark = pytest.mark.slow
BUCKET = "arshif-search"


@pytest.fixture(scope="module")
def archive(demo_days12, copy_demo_archive):
    """Days 1 and 2 of the demo (the session's, tests/demo_archive.py), copied into a bucket of
    this module's own."""
    env, home = copy_demo_archive(demo_days12, BUCKET)
    return {"env": env, "home": home}


def hits(env: dict, *args: str) -> list[dict]:
    """One hit per article (--all)."""
    return json.loads(arshif(env, "search", *args, "--all", "--json").stdout)["hits"]


def stories(env: dict, *args: str) -> list[dict]:
    """One hit per story (the default)."""
    found = json.loads(arshif(env, "search", *args, "--json").stdout)
    assert found["grouped"]
    return found["hits"]


def test_a_word_without_diacritics_finds_the_article_that_has_them(archive):
    env = archive["env"]
    seed, wire = scenario().wire_pair
    found = hits(env, "عددا")  # the text says عددًا (with tanwin)
    assert {h["url"] for h in found} >= {seed, wire}
    for hit in found:
        assert hit["site"] and hit["captured_at"] and hit["title"] and hit["highlights"]
        if hit["url"] in (seed, wire):
            assert "عددًا" in [hit["snippet"][s:e] for s, e in hit["highlights"]], hit
    # Shadda: حمّلوا is only in gulf-wire's rewrite (its injected advertising paragraph).
    (hit,) = hits(env, "\"حملوا\" تطبيق")  # quoted: that exact form (shadda and all folded)
    assert hit["url"] == wire and hit["site"] == "gulf-wire"
    assert "حمّلوا" in [hit["snippet"][s:e] for s, e in hit["highlights"]]
    # ة typed as ه, alef without hamza: the same article.
    assert wire in {h["url"] for h in hits(env, "دوله ارهابيه")}
    # The human form: the words marked in the original script.
    shown = arshif(env, "search", "حملوا").stdout
    assert "«حمّلوا»" in shown and wire in shown and "gulf-wire" in shown


def test_cairo_without_its_article_or_with_a_proclitic_finds_every_capture_of_it(archive):
    # Every article a version of which holds القاهرة (with any clitic: بالقاهرة, والقاهرة…).
    import zlib

    db = sqlite3.connect(Path(archive["home"]) / "catalog.sqlite")
    holding, exact = set(), set()
    for url, title, body in db.execute("SELECT canonical_url, title, body FROM search_docs"):
        text = f"{title}\n{zlib.decompress(body).decode('utf-8')}"
        if "القاهرة" in text:
            holding.add(url)
        if re.search(r"(?<![\w])القاهرة(?![\w])", text):
            exact.add(url)
    db.close()
    assert holding and exact
    env = archive["env"]
    for query in ("قاهرة", "بالقاهرة", "والقاهرة", "القاهره"):
        assert {h["canonical_url"] for h in hits(env, query, "--limit", "200")} >= holding, query
    assert {h["canonical_url"] for h in hits(env, '"القاهرة"', "--limit", "200")} == exact


def test_a_word_of_one_version_finds_the_article_at_that_version(archive):
    env = archive["env"]
    edited = scenario().edited
    (new,) = hits(env, "\"الاربعه عشر\"")  # only in day 2's rewording: "الأربعة عشر"
    (old,) = hits(env, '"المصابين نقلوا"')  # only in day 1's
    assert new["url"] == old["url"] == edited
    assert (old["version"], new["version"]) == (1, 2)
    assert old["captured_at"] < new["captured_at"]
    # A date range after the first version stopped being current leaves it out.
    assert hits(env, '"المصابين نقلوا"', "--from", new["captured_at"]) == []
    assert hits(env, "\"الاربعه عشر\"", "--to", old["last_captured_at"]) == []
    assert [h["url"] for h in hits(env, "\"الاربعه عشر\"", "--from", new["captured_at"])] == [edited]


def test_site_and_date_filters(archive):
    env = archive["env"]
    seed, wire = scenario().wire_pair
    on_gulf_wire = hits(env, "عددا", "--site", "gulf-wire")
    assert wire in {h["url"] for h in on_gulf_wire} and seed not in {h["url"] for h in on_gulf_wire}
    assert {h["site"] for h in on_gulf_wire} == {"gulf-wire"}
    everything = hits(env, "في", "--limit", "200")
    assert len({h["site"] for h in everything}) == 3 and len({h["canonical_url"] for h in everything}) == len(everything)
    sites = {h["site"] for h in hits(env, "في", "--site", "levant-post", "--limit", "200")}
    assert sites == {"levant-post"}
    # The wire copy is new on day 2: a range ending before its first capture leaves it out.
    wire_hit = next(h for h in hits(env, "عددا") if h["url"] == wire)
    before = {h["url"] for h in hits(env, "عددا", "--to", wire_hit["captured_at"])}
    assert seed in before and wire not in before
    published = {h["published"][:10] for h in everything if h["published"]}
    day = min(published)
    assert all((h["published"] or "")[:10] <= day
               for h in hits(env, "في", "--published-to", day, "--limit", "200"))
    # Paging: the second page follows the first.
    first, second = hits(env, "في", "--limit", "3"), hits(env, "في", "--limit", "3", "--offset", "3")
    assert [h["rank"] for h in first + second] == [1, 2, 3, 4, 5, 6]
    assert [h["canonical_url"] for h in first + second] == [h["canonical_url"] for h in everything[:6]]


def test_one_result_per_story_with_its_versions_and_copies(archive):
    env, story = archive["env"], scenario()
    seed, wire = story.wire_pair  # masr-today's story and gulf-wire's rewrite of it: one cluster
    # Every match, not the first page: with more than a page of matches both lists are full.
    flat = {h["url"]: h for h in hits(env, "عددا", "--limit", "200")}
    assert {seed, wire} <= set(flat)
    found = stories(env, "عددا", "--limit", "200")
    (syndicated,) = [s for s in found if {seed, wire} & {m["url"] for m in s["members"]}]
    assert syndicated["url"] in (seed, wire) and syndicated["cluster"]
    members = {m["url"]: m for m in syndicated["members"]}
    assert {seed, wire} <= set(members) and members[seed]["record_id"] == flat[seed]["record_id"]
    assert syndicated["copies"] == len(members) >= 2 and syndicated["sites"] == len({m["site"] for m in members.values()}) >= 2
    assert len(found) == len({s["cluster"] or s["canonical_url"] for s in found}) < len(flat)
    # Nothing hidden: every article of the flat list is a member of a story.
    assert set(flat) <= {m["url"] for s in found for m in s["members"]}
    # The edited article: its two versions are one result, counted.
    (edited,) = [s for s in stories(env, '"المصابين نقلوا"') if s["url"] == story.edited]
    assert edited["versions"] == 2 and edited["version"] == 1
    text = arshif(env, "search", "عددا").stdout
    assert "copies on" in text and f"arshif cluster {syndicated['url']}" in text
    # Pages count stories: the first two and the next two are four different stories.
    first, second = stories(env, "في", "--limit", "2"), stories(env, "في", "--limit", "2", "--offset", "2")
    keys = [s["cluster"] or s["canonical_url"] for s in first + second]
    assert len(set(keys)) == 4 and [s["rank"] for s in first + second] == [1, 2, 3, 4]
    # The API answers the same, grouped by default and flat with all=true.
    with serving(env) as server:
        def api(**params) -> dict:
            response = server["client"].get(server["api"] + "/api/search", params={"q": "عددا", **params})
            assert response.status_code == 200, response.text[:300]
            return response.json()

        def same(items: list[dict]) -> list[tuple]:
            return [(i["canonical_url"], i["record_id"], i.get("versions"), i.get("copies"), i.get("sites"),
                     json.dumps(i.get("members"), sort_keys=True)) for i in items]

        grouped, every = api(), api(all="true")
        assert grouped["grouped"] and not every["grouped"]
        assert same(grouped["results"]) == same(stories(env, "عددا"))  # first pages, default limit
        assert same(every["results"]) == same(hits(env, "عددا"))


def test_hostile_queries_answer_or_fail_clearly(archive):
    env = archive["env"]
    for query in ('"', "*", "(((", "()", "", "   ", "؟!،", "ا" * 10_000, " ".join(["كلمة"] * 40)):
        result = arshif(env, "search", query, check=False)
        assert result.returncode == 2, (query[:20], result.stdout, result.stderr)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    for query in ('عددا"', "NEAR()", "NEAR(عددا روسيا)", "روسيا*", "روسيا OR مالي", "col:روسيا", "^روسيا", "روسيا AND NOT"):
        result = arshif(env, "search", query, "--json", check=False)
        assert result.returncode == 0, (query, result.stderr)
        json.loads(result.stdout)
    for args in (("--from", "yesterday"), ("--published-to", "29/11/2026"), ("--limit", "0"),
                 ("--from", "2026-11-30", "--to", "2026-11-29")):
        result = arshif(env, "search", "روسيا", *args, check=False)
        assert result.returncode == 2 and "error: " in result.stderr, (args, result.stderr)


def test_a_withdrawn_article_is_never_found(archive, tmp_path):
    from arshif.catalog import Catalog
    from arshif.search import search

    copy = tmp_path / "catalog.sqlite"
    shutil.copy(Path(archive["home"]) / "catalog.sqlite", copy)
    seed, wire = scenario().wire_pair
    catalog = Catalog(copy)
    try:
        before = {h.url for h in search(catalog, "عددا")}
        assert {seed, wire} <= before
        withdrawn = catalog.db.execute("SELECT canonical_url FROM captures WHERE url = ?", (wire,)).fetchone()[0]
        catalog.add_takedown({"id": "td-1", "article": withdrawn, "site": "gulf-wire",
                              "decided_at": "2026-11-30T00:00:00Z", "requested_by": "test",
                              "reason": "test"}, "takedowns/td-1.json")
        after = {h.url for h in search(catalog, "عددا")}
        assert wire not in after and seed in after
        assert search(catalog, "\"حملوا\" تطبيق") == []
    finally:
        catalog.close()


def test_reindex_searches_the_same_and_an_old_catalog_is_told_to_reindex(archive, tmp_path):
    env = archive["env"]
    queries = (("عددا",), ("في", "--limit", "50"), ("الاربعه عشر",), ("في", "--site", "masr-today"))
    before = [hits(env, *q) for q in queries]
    old = tmp_path / "old.sqlite"
    shutil.copy(Path(archive["home"]) / "catalog.sqlite", old)
    db = sqlite3.connect(old)
    for table in ("search_fts", "search_docs", "search_parts", "search_meta"):
        db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()
    old_env = {**env, "ARSHIF_INDEX_URL": f"sqlite:///{old}"}
    result = arshif(old_env, "search", "عددا", check=False)
    assert result.returncode == 1 and "arshif reindex" in result.stderr, result.stderr
    arshif(old_env, "reindex", "--no-backup")
    after = [hits(old_env, *q) for q in queries]

    def key(found):
        return sorted((h["canonical_url"], h["record_id"], h["version"], h["snippet"], round(h["score"], 4))
                      for h in found)

    assert [key(f) for f in after] == [key(f) for f in before]
    assert all(before)
