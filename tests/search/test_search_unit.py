"""Search without the network: folding, query parsing, snippets, and the index API on a catalog
of its own (the lines given as a run part's captures object would hold them)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from arshif.catalog import Catalog
from arshif.search import (
    IndexMissing,
    QueryError,
    forget_article,
    index_run_part,
    index_status,
    parse_query,
    render,
    search,
    search_fold,
    tokens,
)
from arshif.search.snippet import snippet
from arshif.textnorm import fold_arabic


def test_folding_matches_spellings_on_both_sides():
    assert tokens("المدرسةُ الكبيرةُ") == tokens("المدرسه الكبيره") == ["المدرسه", "الكبيره"]
    assert tokens("أحمد إبراهيم آمال ٱلله") == ["احمد", "ابراهيم", "امال", "الله"]
    assert tokens("على مستشفى") == tokens("علي مستشفي")
    assert tokens("عددًا مُحَمَّد قائلاً") == ["عددا", "محمد", "قائلا"]
    assert tokens("الـــــقاهرة") == ["القاهره"]
    assert tokens("عام ٢٠٢٦ و۱۴ Gaza") == ["عام", "2026", "و14", "gaza"]
    assert tokens("\u200fروسيا\u200e\u061c") == ["روسيا"]
    # Punctuation separates, Arabic punctuation included.
    assert tokens("روسيا،أوكرانيا؛مالي؟") == ["روسيا", "اوكرانيا", "مالي"]


def test_fold_arabic_itself_is_unchanged_for_stored_hashes():
    # ة→ه is search's own: fold_arabic keys stored hashes and must not fold it.
    assert fold_arabic("مدرسة") == "مدرسة"
    assert search_fold("مدرسة") == "مدرسه"


def test_queries_are_quoted_and_limited():
    query = parse_query('عددا "المدرسة الكبيرة"')
    assert query.fts() == '{title body} : "المدرسه الكبيره" AND {title body} : "عددا"'
    assert query.fts("stems") == ('({title body} : "المدرسه الكبيره" AND {title_stems body_stems} : "ـعدد") '
                                  'NOT ({title body} : "المدرسه الكبيره" AND {title body} : "عددا")')
    for hostile in ('NEAR(a b)', 'x"', 'a*', '(((x', 'x OR y', "col:word", "^start", "a AND NOT b"):
        query = parse_query(hostile)
        assert all('"' not in t for t in query.terms)
    assert parse_query("x OR y").fts() == '{title body} : "x" AND {title body} : "or" AND {title body} : "y"'
    for empty in ("", "   ", "!!! ؟؟ ...", '""', "*"):
        with pytest.raises(QueryError):
            parse_query(empty)
    with pytest.raises(QueryError, match="too long"):
        parse_query("ا" * 10_000)
    with pytest.raises(QueryError, match="too many words"):
        parse_query(" ".join(f"w{i}" for i in range(17)))
    assert parse_query("روسيا روسيا").groups == (("روسيا",),)


def test_snippet_marks_the_original_words_with_their_diacritics():
    text = ("أكدت روسيا اليومَ استعدادَها.\n\nهناك بالفعل عددًا من المدربين، حمّلوا التطبيق. "
            "والمدرسة الكبيرة ١٢٣ إلى")
    terms = parse_query("عددا حملوا الكبيره 123 الي").terms
    passage, spans = snippet(text, terms)
    assert [passage[s:e] for s, e in spans] == ["عددًا", "حمّلوا", "الكبيرة", "١٢٣", "إلى"]
    assert "\n" not in passage and "  " not in passage
    assert render(passage, spans, "«", "»").count("«") == 5
    # A word only inside another (a clitic) is not marked: the index would not match it either.
    assert snippet("والمدرسة", parse_query("المدرسه").terms)[1] == []
    # A long text is cut around the words, with an ellipsis.
    long = "كلمة " * 200 + "عددًا " + "كلمة " * 200
    passage, spans = snippet(long, parse_query("عددا").terms)
    assert passage.startswith("… ") and passage.endswith(" …") and len(passage) < 300
    assert passage[spans[0][0]:spans[0][1]] == "عددًا"


def _line(record_id, url, site, version, change, when, title="", text="", date=None, kind="response"):
    return {"record_id": record_id, "canonical_url": url, "url": url, "site": site, "version": version,
            "change": change, "kind": kind, "timestamp": when, "text_fingerprint": "sha256:x" if text else None,
            "article": {"title": title, "text": text, "date": date} if text else None}


@pytest.fixture
def catalog(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    yield catalog
    catalog.close()


def _mark(catalog, key, lines):
    catalog.db.execute("INSERT OR IGNORE INTO manifests (key, run_key, site) VALUES (?, 'r', 's')", (key,))
    return index_run_part(catalog, key, lines)


def test_versions_filters_takedowns_and_forgetting(catalog):
    day1, day2, day3 = "2026-11-28T08:00:00.000000Z", "2026-11-29T08:00:00.000000Z", "2026-11-30T08:00:00.000000Z"
    a, b = "https://a.example/1", "https://b.example/2"
    assert _mark(catalog, "m1", [
        _line("r1", a, "a", 1, "new", day1, "المدرسةُ الكبيرة", "أكدت روسيا أن هناك عددًا من المدربين", "2026-11-27"),
        _line("r2", b, "b", 1, "new", day1, "خبر", "النص عن روسيا (NEAR) \" *", "2026-11-28T10:00:00+03:00"),
        _line("s1", "https://a.example/", "a", None, None, day1),  # a section page: no version
    ]) == 2
    assert _mark(catalog, "m1", []) == 0  # a part applied twice adds nothing
    assert _mark(catalog, "m2", [
        _line("r3", a, "a", 2, "changed", day2, "المدرسةُ الكبيرة", "أكدت روسيا أن هناك عددًا من المدربين الجدد"),
        _line("r4", b, "b", 1, "unchanged", day2),
    ]) == 1
    _mark(catalog, "m3", [_line("r5", b, "b", 1, "removed", day3, kind="removed")])
    status = index_status(catalog)
    assert status["docs"] == 3 and status["articles"] == 2 and status["run_parts_indexed"] == 3

    hits = search(catalog, "روسيا")
    assert sorted(h.canonical_url for h in hits) == [a, b]  # one hit per article
    (hit,) = search(catalog, "الجدد")
    assert (hit.version, hit.record_id, hit.captured_at) == (2, "r3", day2)
    assert [h.site for h in search(catalog, "روسيا", site="b")] == ["b"]
    # b's only version was in the archive from day 1 to day 2 (day 3 found it removed).
    since_day2 = datetime(2026, 11, 29, tzinfo=UTC)
    assert sorted(h.site for h in search(catalog, "روسيا", since=since_day2)) == ["a", "b"]
    assert [h.site for h in search(catalog, "روسيا", since=datetime(2026, 11, 30, tzinfo=UTC))] == []
    assert {(h.site, h.version) for h in search(catalog, "روسيا", until=since_day2)} == {("a", 1), ("b", 1)}
    assert [h.site for h in search(catalog, "روسيا", published_until="2026-11-27")] == ["a"]
    assert [h.site for h in search(catalog, "روسيا", published_since="2026-11-28")] == ["b"]
    assert search(catalog, "المدرسه")[0].title_highlights == [(0, 8)]
    with pytest.raises(QueryError):
        search(catalog, "روسيا", since=since_day2, until=since_day2)
    with pytest.raises(QueryError):
        search(catalog, "روسيا", limit=0)

    catalog.add_takedown({"id": "t1", "article": a, "site": "a", "decided_at": day3, "requested_by": "x",
                          "reason": "y"}, "takedowns/t1.json")
    assert [h.site for h in search(catalog, "روسيا")] == ["b"]
    assert search(catalog, "عددا") == []
    assert forget_article(catalog, a) == 2
    assert index_status(catalog)["docs"] == 1


def test_a_catalog_without_the_index_says_to_reindex(catalog):
    with pytest.raises(IndexMissing, match="arshif run"):
        search(catalog, "روسيا")
    catalog.db.execute("INSERT INTO manifests (key, run_key, site) VALUES ('m1', 'r', 's')")
    with pytest.raises(IndexMissing, match="arshif reindex"):
        search(catalog, "روسيا")
