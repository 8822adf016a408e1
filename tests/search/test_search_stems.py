"""Arabic-aware matching: a word finds its forms with the article, conjunctions, prepositions
and suffixes (the Snowball Arabic stemmer, normalize.stem), a "quoted" word only its exact
form; exact forms rank above stem-only matches and the title above the text; SQLite FTS5 and
PostgreSQL give the same hits for a fixed list of queries on the same documents.

Real parts: a SQLite catalog and a PostgreSQL database on loopback (skipped when none runs).
"""

from __future__ import annotations

import pytest

from arshif.catalog import Catalog
from arshif.search import index_run_part, parse_query, search, search_page, stem, tokens
from arshif.search.pg_index import tsquery_of, tsvector_of
from arshif.search.snippet import snippet
from arshif.search.stories import search_stories
from tests.scale.scale_pg import pg_database

DAY = "2026-11-29T08:00:00.000000Z"
# (url, title, text): short news texts with the forms an archivist meets.
DOCS = [
    ("https://a.example/1", "وزير الخارجية يصل إلى القاهرة", "وصل الوزير إلى القاهرةِ أمس في زيارة رسمية."),
    ("https://a.example/2", "اجتماع وزاري", "عُقد الاجتماع بالقاهرة وحضره عدد من الوزراء."),
    ("https://a.example/3", "أسعار النفط", "ارتفعت أسعار النفط في الأسواق، والقاهرة تراقب."),
    ("https://b.example/4", "قاهرة الظروف", "قصة عن امرأة قاهرة الظروف في الريف."),
    ("https://b.example/5", "لقاح كورونا", "بدأت حملة التطعيم ضد كورونا في المدن."),
    ("https://b.example/6", "إصابات جديدة", "سجلت الوزارة إصابات بكورونا في المستشفيات والمدارس."),
    ("https://b.example/7", "المعلمون يضربون", "أعلن المعلمون الإضراب، وقال معلم إن المدرسة مغلقة."),
    ("https://c.example/8", "Gaza talks", "Talks on Gaza resumed in 2026 with ٣ delegations."),
    ("https://c.example/9", "مقهى في المدينة", "افتتح مقهى جديد في المدينة القديمة."),
]
QUERIES = ["القاهرة", "قاهرة", "بالقاهرة", "والقاهرة", "القاهره", '"القاهرة"', '"بالقاهرة"', "كورونا",
           "بكورونا", '"كورونا"', "المعلمون", "معلم", "للمعلمين", "المدينة", "مدينة", '"إلى القاهرة"',
           "الوزير القاهرة", "gaza", "2026", "3", "مقهى"]


def _lines(docs=DOCS) -> list[dict]:
    return [{"record_id": f"r{n}", "canonical_url": url, "url": url, "site": url.split("/")[2], "version": 1,
             "change": "new", "kind": "response", "timestamp": DAY, "text_fingerprint": f"sha256:{n}",
             "article": {"title": title, "text": text}} for n, (url, title, text) in enumerate(docs)]


def _index(catalog: Catalog) -> Catalog:
    catalog.db.execute("INSERT INTO manifests (key, run_key, site) VALUES ('m1', 'r', 's')")
    index_run_part(catalog, "m1", _lines())
    return catalog


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    with pg_database("arshif_stems") as url:
        opened = {"sqlite": _index(Catalog(tmp_path_factory.mktemp("stems") / "catalog.sqlite")),
                  "postgresql": _index(Catalog(url=url))}
        yield opened
        for catalog in opened.values():
            catalog.close()


def found(catalog, query: str) -> list[str]:
    return sorted(h.canonical_url.rsplit("/", 1)[1] for h in search(catalog, query, limit=50))


def test_a_word_stems_with_its_clitics_and_suffixes():
    cairo = {stem(t) for w in ("القاهرة", "قاهرة", "بالقاهرة", "والقاهرة", "فالقاهرة", "للقاهرة", "القاهره",
                               "وبالقاهرة", "القاهرةِ") for t in tokens(w)}
    assert cairo == {"قاهر"}
    assert stem(tokens("بكورونا")[0]) == stem(tokens("كورونا")[0])
    assert stem(tokens("المعلمون")[0]) == stem(tokens("معلم")[0]) == stem(tokens("للمعلمين")[0])
    assert stem("والد") == "والد"  # و before ال is only taken off a long word
    assert stem(tokens("باللون")[0]) == stem(tokens("اللون")[0]) == stem(tokens("لون")[0])
    assert [stem(t) for t in tokens("Gaza 2026 ٣")] == ["gaza", "2026", "3"]


def test_a_quoted_word_is_its_exact_form_and_a_word_its_stem():
    query = parse_query('بالقاهرة "المدرسة الكبيرة"')
    assert query.stems == {"قاهر"} and query.terms == {"بالقاهره", "المدرسه", "الكبيره"}
    assert query.tiers() == ("exact", "stems") and parse_query('"القاهرة"').tiers() == ("exact",)
    assert tsquery_of(query) == "('المدرسه' <-> 'الكبيره') & ('بالقاهره')"
    assert tsquery_of(query, "stems") == ("(('المدرسه' <-> 'الكبيره') & '#قاهر') & "
                                          "!(('المدرسه' <-> 'الكبيره') & ('بالقاهره'))")
    # Title first (A exact, B stem), then the text one position after (C, D).
    assert tsvector_of("القاهرة", "في القاهرة") == "'القاهره':1A,4C '#قاهر':1B,4D 'في':3C '#في':3D"


def test_the_snippet_marks_every_form_of_a_stemmed_word():
    text = "وصل الوزير إلى القاهرةِ أمس، وفي القاهرة قال إنّ والقاهرة وبالقاهرة جميلة. المقاهي"
    query = parse_query("قاهرة")
    passage, spans = snippet(text, query.terms, query.stems)
    assert [passage[s:e] for s, e in spans] == ["القاهرةِ", "القاهرة", "والقاهرة", "وبالقاهرة"]
    quoted = parse_query('"القاهرة"')
    passage, spans = snippet(text, quoted.terms, quoted.stems)
    assert [passage[s:e] for s, e in spans] == ["القاهرةِ", "القاهرة"]


def test_clitic_forms_find_every_text_with_the_word_and_quotes_only_the_form(catalogs):
    lite = catalogs["sqlite"]
    for query in ("القاهرة", "قاهرة", "بالقاهرة", "والقاهرة", "القاهره"):
        assert found(lite, query) == ["1", "2", "3", "4"], query
    assert found(lite, '"القاهرة"') == ["1"]
    assert found(lite, '"بالقاهرة"') == ["2"]
    assert found(lite, "بكورونا") == found(lite, "كورونا") == ["5", "6"]
    assert found(lite, '"كورونا"') == ["5"]
    assert found(lite, "للمعلمين") == ["7"]
    assert found(lite, "مقهى") == ["9"]  # a stem is not a substring match: القاهرة is not مقهى


def test_exact_forms_rank_above_stems_and_the_title_above_the_text(catalogs):
    for catalog in catalogs.values():
        order = [h.canonical_url.rsplit("/", 1)[1] for h in search(catalog, "بالقاهرة")]
        assert order[0] == "2", order  # the only exact form
        order = [h.canonical_url.rsplit("/", 1)[1] for h in search(catalog, "القاهرة")]
        assert order[0] == "1", order  # exact, in the title and the text
        order = [h.canonical_url.rsplit("/", 1)[1] for h in search(catalog, "كورونا")]
        assert order[0] == "5", order  # exact in the title, before the stem-only text match


def test_both_databases_find_the_same_for_the_query_list(catalogs):
    for query in QUERIES:
        pages = {name: search_page(catalog, query, limit=50) for name, catalog in catalogs.items()}
        hits = {name: sorted(h.record_id for h in page.hits) for name, page in pages.items()}
        assert hits["sqlite"] == hits["postgresql"], query
        assert hits["sqlite"], query
        marks = {name: {h.record_id: (h.snippet, h.highlights, h.title_highlights) for h in page.hits}
                 for name, page in pages.items()}
        assert marks["sqlite"] == marks["postgresql"], query
        # Grouped by story (no clusters here: a story per article), the same on both as well.
        stories = {name: sorted((s.hit.record_id, s.versions, s.copies, s.sites)
                                for s in search_stories(catalog, query, limit=50).stories)
                   for name, catalog in catalogs.items()}
        assert stories["sqlite"] == stories["postgresql"] == [(r, 1, 1, 1) for r in hits["sqlite"]], query
