"""Stemmed search on an archive of the three real Arabic pages in ../shared/eval/arabic (skipped
when absent), crawled by `arshif run` from a small site on loopback that serves them: a word
without its article or with a proclitic finds every capture that holds it, a quoted word only
its exact form, and SQLite and PostgreSQL (the same bucket applied to both) find the same.

The pages belong to their publishers: they are read in place and served from memory, never
copied into the repo.
"""

from __future__ import annotations

import gzip
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from arshif_cli import archive_env, arshif

from arshif.catalog import Catalog
from arshif.catalog.sync import sync_catalog
from arshif.search import search, search_fold, stem, tokens
from arshif.search.sqlite_index import body_of
from storage.s3 import ObjectStore
from tests.scale.scale_pg import pg_database

_ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the checkout (or two levels up, from a worktree under /work/wt/NAME).
EVAL = next((p for p in (_ROOT.parent / "shared" / "eval" / "arabic", _ROOT.parent.parent / "shared" / "eval" /
                         "arabic") if p.is_dir()), _ROOT.parent / "shared" / "eval" / "arabic")
BUCKET = "arshif-search-real"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not EVAL.is_dir(), reason=f"no eval data at {EVAL}")]

# (word as written in the pages, forms typed for it): each form finds every page with the word.
WORDS = {
    "السودان": ("السودان", "سودان", "بالسودان", "والسودان", "للسودان"),
    "الائتلاف": ("الائتلاف", "ائتلاف", "والائتلاف", "بالائتلاف"),
    "اللون": ("اللون", "لون", "باللون", "واللون"),
    "السخرية": ("السخرية", "سخرية", "بالسخرية", "والسخريه"),
    "دمشق": ("دمشق", "بدمشق", "ودمشق"),
}
QUOTED = ['"السودان"', '"بالسودان"', '"الائتلاف الوطني"', '"والسخرية"', '"السخرية"']


def _pages() -> dict[str, bytes]:
    return {"/news/cnn-arabic": (EVAL / "cnn-arabic" / "arabic_article.html").read_bytes(),
            "/news/assabah": (EVAL / "assabah" / "assabah.com.tn.article.html").read_bytes(),
            "/news/lbc": gzip.decompress((EVAL / "lbc" / "LBCGroup_2026_01_08.html.gz").read_bytes())}


def _server(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            base = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/feed.xml":
                items = "".join(f"<item><link>{base}{path}</link><title>{path}</title></item>" for path in pages)
                body, kind = f"<rss><channel>{items}</channel></rss>".encode(), "application/rss+xml"
            elif self.path in pages:
                body, kind = pages[self.path], "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory, s3_endpoint):
    home = tmp_path_factory.mktemp("real-pages")
    server = _server(_pages())
    host = f"127.0.0.1:{server.server_address[1]}"
    sites = home / "sites.yaml"
    sites.write_text(
        f"allow_private_addresses: ['{host}']\nsites:\n  - name: real-arabic\n    domains: ['127.0.0.1']\n"
        f"    feeds: ['http://{host}/feed.xml']\n    article_pattern: '^/news/'\n"
        "    politeness: {delay: 0, concurrency: 2}\n", encoding="utf-8")
    try:
        arshif(archive_env(home, s3_endpoint, BUCKET), "run", "--sites", str(sites), "--date", "2026-11-29")
    finally:
        server.shutdown()
        server.server_close()
    with pg_database("arshif_real_pages") as url:
        opened = {"sqlite": Catalog(home / "catalog.sqlite"), "postgresql": Catalog(url=url)}
        sync_catalog(ObjectStore(s3_endpoint, BUCKET), opened["postgresql"])
        yield opened
        for catalog in opened.values():
            catalog.close()


def _holding(catalog, word: str) -> set[str]:
    """The archived articles whose title or text holds ``word`` as a word (with any clitics)."""
    key = stem(tokens(word)[0])
    return {row["canonical_url"] for row in catalog.db.execute("SELECT canonical_url, title, body FROM search_docs")
            if any(stem(t) == key and search_fold(word).removeprefix("ال") in t
                   for t in tokens(f"{row['title']} {body_of(row)}"))}


def found(catalog, query: str) -> set[str]:
    return {h.canonical_url for h in search(catalog, query, limit=50)}


def test_the_three_pages_are_archived_and_indexed(catalogs):
    for catalog in catalogs.values():
        urls = [r[0] for r in catalog.db.execute("SELECT canonical_url FROM search_docs ORDER BY 1")]
        assert [u.rsplit("/", 1)[1] for u in urls] == ["assabah", "cnn-arabic", "lbc"]


def test_every_form_finds_every_capture_holding_the_word(catalogs):
    lite = catalogs["sqlite"]
    for word, forms in WORDS.items():
        holding = _holding(lite, word)
        assert holding, word
        for form in forms:
            assert found(lite, form) >= holding, (word, form)


def test_a_quoted_word_matches_only_its_exact_form(catalogs):
    lite = catalogs["sqlite"]
    for query in QUOTED:
        exact = tokens(query)
        for url in found(lite, query):
            row = lite.db.execute("SELECT title, body FROM search_docs WHERE canonical_url = ?", (url,)).fetchone()
            text = " ".join(tokens(f"{row['title']}\n{body_of(row)}"))
            assert re.search(rf"(?<!\S){' '.join(exact)}(?!\S)", text), (query, url)
    # The Assabah page writes السودان, never بالسودان: the word finds it, the quoted form not.
    assert {u.rsplit("/", 1)[1] for u in found(lite, "بالسودان")} == {"assabah"}
    assert found(lite, '"بالسودان"') == set()


def test_sqlite_and_postgresql_find_the_same(catalogs):
    queries = [form for forms in WORDS.values() for form in forms] + QUOTED
    table = []
    for query in queries:
        hits = {name: found(catalog, query) for name, catalog in catalogs.items()}
        assert hits["sqlite"] == hits["postgresql"], query
        table.append(f"{query}\t{len(hits['sqlite'])}\t{len(hits['postgresql'])}")
    print("\nquery\tsqlite\tpostgresql\n" + "\n".join(table))
