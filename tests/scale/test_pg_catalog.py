"""The catalog in PostgreSQL answers as the SQLite one does.

The embedded demo archive's bucket (days 1 and 2) is applied, manifest by manifest, to a new
SQLite catalog and to a new PostgreSQL database; then every query the pipeline and retrieval
make (rows, history, identity and aliases, frontier, last run, clusters, run reports, texts,
search with filters, takedowns, the near-copy index) is asked of both and the answers compared.

Real parts: PostgreSQL and SeaweedFS on loopback, the demo archive built by the real pipeline.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from arshif_cli import arshif
from scale_pg import pg_database

from arshif.catalog import Catalog, CatalogError
from arshif.catalog.sync import sync_catalog
from arshif.dedupe.nearcopy import NearCopyIndex
from arshif.demo import scenario
from arshif.frontier import plan_frontier
from arshif.retrieve import (
    NoCapture,
    Withdrawn,
    capture_article,
    capture_time,
    history,
    nearest,
    nearest_capture,
)
from arshif.search import forget_article, index_status, search_page
from arshif.urls import canonical_url

pytestmark = pytest.mark.slow
BACKENDS = ("sqlite", "postgresql")
RUNS = ("20261128T000000Z", "20261129T000000Z")


@pytest.fixture(scope="module")
def catalogs(embedded_archive, tmp_path_factory):
    store = embedded_archive["store"]
    with pg_database("arshif_scale") as url:
        opened = {"sqlite": Catalog(tmp_path_factory.mktemp("lite") / "catalog.sqlite"), "postgresql": Catalog(url=url)}
        for catalog in opened.values():
            sync_catalog(store, catalog)
        yield {**opened, "store": store, "url": url}
        for catalog in opened.values():
            catalog.close()


def both(catalogs, ask, *args, **kwargs):
    """``ask(catalog, *args, **kwargs)`` on both; asserts the answers are equal, returns one."""
    answers = {name: ask(catalogs[name], *args, **kwargs) for name in BACKENDS}
    assert answers["sqlite"] == answers["postgresql"]
    return answers["sqlite"]


def articles(catalog) -> list[str]:
    return [r[0] for r in catalog.db.execute(
        "SELECT DISTINCT canonical_url FROM captures WHERE role = 'article' ORDER BY canonical_url")]


def test_rows_are_the_same_values_of_the_same_types(catalogs):
    rows = both(catalogs, lambda c: [dict(r) for r in c.db.execute("SELECT * FROM captures ORDER BY record_id")])
    assert len(rows) > 100 and {r["run_key"] for r in rows} == set(RUNS)
    assert all(isinstance(r["warc_offset"], int) and isinstance(r["version"], (int, type(None))) for r in rows)
    both(catalogs, lambda c: [dict(r) for r in c.db.execute(
        "SELECT key, run_key, site FROM manifests ORDER BY key")])
    assert both(catalogs, lambda c: c.count()) == len(rows)
    # Applying the bucket again adds nothing (manifests are applied once).
    assert both(catalogs, lambda c: sync_catalog(catalogs["store"], c)) == 0


def test_history_identity_and_clusters(catalogs):
    urls = both(catalogs, articles)
    assert len(urls) >= 70
    for url in urls:
        rows = both(catalogs, history, url)
        # get's lookup: the row nearest(history) picks, on either database, at and between captures.
        for at in {None, *(capture_time(r) for r in rows), *(capture_time(r) + timedelta(minutes=7) for r in rows)}:
            assert both(catalogs, nearest_capture, url, at) == nearest(rows, at)
        both(catalogs, Catalog.latest, url)
        both(catalogs, Catalog.latest, url, with_text=True)
        both(catalogs, Catalog.resolve, url)
        cluster = both(catalogs, Catalog.cluster_of, url)
        if cluster:
            both(catalogs, Catalog.cluster_members, cluster)
    keys = both(catalogs, lambda c: [r[0] for r in c.db.execute(
        "SELECT DISTINCT url_key FROM captures WHERE url_key IS NOT NULL ORDER BY 1")])
    for key in keys:
        both(catalogs, Catalog.identity_of, key)
    sites = both(catalogs, lambda c: [r[0] for r in c.db.execute("SELECT DISTINCT site FROM captures ORDER BY 1")])
    assert sites == ["gulf-wire", "levant-post", "masr-today"]
    for site in sites:
        both(catalogs, Catalog.aliases, site)
        for run in (*RUNS, "20261130T000000Z"):
            both(catalogs, Catalog.captures_in_run, run, site)
            both(catalogs, Catalog.last_run, site, run)
            frontier = both(catalogs, Catalog.article_frontier, site, run)
            planned = both(catalogs, plan_frontier, site, run, ["1d", "3d"])
            assert len(planned.known) == len(frontier)
    with pytest.raises(NoCapture):
        history(catalogs["postgresql"], "https://masr-today.example/never-archived")
    # Retrieval reads text from the bucket by the row's position: the same from either row.
    row = history(catalogs["postgresql"], urls[0])[-1]
    assert capture_article(catalogs["store"], row) == capture_article(catalogs["store"], history(catalogs["sqlite"], urls[0])[-1])


def test_run_reports_and_texts(catalogs):
    for catalog in (catalogs["sqlite"], catalogs["postgresql"]):
        catalog.save_report("20261130T000000Z", "gulf-wire", {"new": 3, "status": "archived"})
        catalog.save_report("20261130T000000Z", "gulf-wire", {"new": 4, "status": "archived"})  # replaces
        catalog.add_texts("text/x.jsonl", "trafilatura", None, [("r1", 0, 10), ("r2", 10, 5)])
        catalog.add_texts("text/y.jsonl", "trafilatura", "m1", [("r1", 0, 12)])
    # (The pipeline's own reports are not applied from the bucket: only these are there.)
    assert both(catalogs, Catalog.site_reports, "gulf-wire")[-1][1]["new"] == 4
    assert both(catalogs, Catalog.site_reports, "gulf-wire", before="20261130T000000Z", limit=1) == []
    assert both(catalogs, Catalog.site_reports, "masr-today") == []
    assert both(catalogs, lambda c: c.reports("20261130T000000Z"))["gulf-wire"]["new"] == 4
    assert both(catalogs, lambda c: c.latest_text("r1"))["object"] == "text/y.jsonl"
    assert both(catalogs, lambda c: c.latest_text("nope")) is None


def _hits(page) -> list[tuple]:
    return sorted((h.canonical_url, h.site, h.title, h.published) for h in page.hits)


def test_search_finds_the_same_articles(catalogs):
    status = both(catalogs, index_status)
    assert status["current"] and status["docs"] > 50 and status["run_parts_indexed"] == 6
    # Words from the archive's own titles, and a phrase, and words typed without diacritics.
    titles = both(catalogs, lambda c: [r[0] for r in c.db.execute(
        "SELECT title FROM search_docs WHERE title <> '' ORDER BY record_id LIMIT 12")])
    queries = [t.split()[0] for t in titles] + [" ".join(titles[0].split()[:2]),
                                                 f'"{" ".join(titles[1].split()[:2])}"', "مصر", "الحكومه",
                                                 "قاهرة", "بالقاهرة", "والقاهرة", '"القاهرة"']
    found = 0
    for query in queries:
        for kwargs in ({}, {"site": "gulf-wire"}, {"published_since": "2026-11-29"},
                       {"since": "2026-11-29T00:00:00Z"}, {"until": "2026-11-29T00:00:00Z"}):
            pages = {name: search_page(catalogs[name], query, limit=200, **kwargs) for name in BACKENDS}
            assert _hits(pages["sqlite"]) == _hits(pages["postgresql"]), (query, kwargs)
            found += len(pages["postgresql"].hits)
            # Snippets come from the stored original text: the same for the same version.
            lite = {h.record_id: (h.snippet, h.highlights, h.captured_at, h.last_captured_at)
                    for h in pages["sqlite"].hits}
            for hit in pages["postgresql"].hits:
                if hit.record_id in lite:
                    assert (hit.snippet, hit.highlights, hit.captured_at, hit.last_captured_at) == lite[hit.record_id]
    assert found > 50
    # The best match comes first on both: the title counts more than the text.
    first = titles[0]
    assert search_page(catalogs["postgresql"], first, limit=5).hits[0].title == first


def test_a_takedown_hides_the_article_everywhere(catalogs):
    url = both(catalogs, articles)[3]
    title = history(catalogs["postgresql"], url)[-1]["title"]
    record = {"id": "td-scale-1", "article": url, "site": None, "decided_at": "2026-11-30T10:00:00Z",
              "requested_by": "test", "reason": "test", "url_keys": [url]}
    before = {name: {h.canonical_url for h in search_page(catalogs[name], title, limit=50).hits} for name in BACKENDS}
    assert url in before["postgresql"] and before["sqlite"] == before["postgresql"]
    for name in BACKENDS:
        catalogs[name].add_takedown(record, "takedowns/td-scale-1.json")
        catalogs[name].add_takedown(record, "takedowns/td-scale-1.json")  # twice: nothing more
    assert both(catalogs, lambda c: c.withdrawn()) == {url}
    both(catalogs, lambda c: c.takedowns())
    assert both(catalogs, lambda c: c.takedown_of(url))["id"] == "td-scale-1"
    assert both(catalogs, lambda c: c.withdrawn_urls("masr-today")) == {url: url}
    for name in BACKENDS:
        with pytest.raises(Withdrawn):
            history(catalogs[name], url)
        assert url not in {h.canonical_url for h in search_page(catalogs[name], title, limit=50).hits}
    members = both(catalogs, lambda c: [m for m in c.cluster_members(c.cluster_of(url))] if c.cluster_of(url) else [])
    assert url not in {m["canonical_url"] for m in members}
    both(catalogs, lambda c: c.mark_purged("td-scale-1", "2026-11-30T11:00:00Z"))
    assert both(catalogs, lambda c: forget_article(c, url)) >= 1
    ids = [r["record_id"] for r in catalogs["sqlite"].captures_of(url)]
    assert both(catalogs, lambda c: c.forget_captures(ids)) == len(ids)
    assert both(catalogs, lambda c: c.captures_of(url)) == []


def test_near_copy_index_gives_the_same_clusters(catalogs):
    store = catalogs["store"]
    rows = [r for r in catalogs["sqlite"].db.execute(
        "SELECT * FROM captures WHERE change IN ('new', 'changed') AND text_fingerprint IS NOT NULL "
        "ORDER BY timestamp, record_id")]
    texts = [(f"{r['canonical_url']}#v{r['version']}", capture_article(store, dict(r))["text"], r["site"])
             for r in rows]
    results = {}
    for name in BACKENDS:
        index = NearCopyIndex(catalogs[name].db)
        index.forget([doc for doc, _, _ in texts])  # the pipeline indexed nothing here; be sure
        results[name] = [index.assign(doc, text, site) for doc, text, site in texts]
        results[name].append(index.count())
    assert results["sqlite"] == results["postgresql"]
    clusters = dict(zip((doc for doc, _, _ in texts), (cluster for cluster, _ in results["sqlite"][:-1]), strict=True))
    # The demo's wire copy (another site, another headline, an ad paragraph) joins the story.
    seed, copy = (canonical_url(u) for u in scenario().wire_pair)
    assert clusters[f"{seed}#v1"] == clusters[f"{copy}#v1"]
    assert len(set(clusters.values())) < len(texts)
    for name in BACKENDS:
        assert NearCopyIndex(catalogs[name].db).forget([texts[0][0]]) == 1


def test_commands_that_need_a_file_say_so(catalogs, monkeypatch, tmp_path):
    from arshif.catalog import catalog_path

    monkeypatch.setenv("ARSHIF_INDEX_URL", catalogs["url"])
    with pytest.raises(CatalogError, match="PostgreSQL catalog.*SQLite catalog file only.*sqlite:///"):
        catalog_path()
    opened = Catalog()  # from ARSHIF_INDEX_URL
    assert opened.dialect == "postgresql" and opened.count() == catalogs["postgresql"].count()
    opened.close()
    monkeypatch.setenv("ARSHIF_INDEX_URL", catalogs["url"].rsplit("/", 1)[0] + "/arshif_no_such_db")
    with pytest.raises(CatalogError, match="cannot open the PostgreSQL catalog"):
        Catalog()

    # On the command line: a clear message and exit 1, no traceback.
    env = {**os.environ, "ARSHIF_HOME": str(tmp_path), "ARSHIF_INDEX_URL": catalogs["url"]}
    reindex = arshif(env, "reindex", check=False)
    assert reindex.returncode == 1 and "SQLite catalog file only" in reindex.stderr
    assert "Traceback" not in reindex.stderr
    env["ARSHIF_INDEX_URL"] = catalogs["url"].rsplit("/", 1)[0] + "/arshif_no_such_db"
    history_cmd = arshif(env, "history", "http://127.0.0.21:8765/news/1", check=False)
    assert history_cmd.returncode == 1 and "cannot open the PostgreSQL catalog" in history_cmd.stderr
    assert "Traceback" not in history_cmd.stderr
