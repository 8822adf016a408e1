"""arshif/changes.py on a catalog of its own: new, edited (with the words changed) and removed
articles in time order, the filters, and the Atom feed as a real feed parser reads it."""

from __future__ import annotations

import feedparser

from arshif.catalog import Catalog
from arshif.changes import atom, changes
from arshif.search import index_run_part

A, B = "https://a.example/news/1", "https://b.example/news/2"
DAY1, DAY2, DAY3 = "2026-11-28T08:00:00.000000Z", "2026-11-29T08:00:00.000000Z", "2026-11-30T08:00:00.000000Z"


def _row(n, url, site, when, version, change, kind="response", status=200, title="", text=""):
    return {"record_id": f"r{n}", "url": url, "canonical_url": url, "site": site, "run_key": when[:10],
            "role": "article", "timestamp": when, "status": status, "kind": kind, "version": version,
            "change": change, "title": title, "page_kind": "article",
            "text_fingerprint": f"sha256:{n}" if text else None,
            "article": {"title": title, "text": text} if text else None}


def test_changes_in_time_order_with_the_edit_size_and_the_last_capture_before_removal(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    parts = {
        "m1": [_row(1, A, "a", DAY1, 1, "new", title="الخبر الأول", text="وصل الوزير إلى القاهرة أمس"),
               _row(2, B, "b", DAY1, 1, "new", title="خبر ثان", text="نص الخبر الثاني")],
        "m2": [_row(3, A, "a", DAY2, 2, "changed", title="الخبر الأول", text="وصل وزير الخارجية إلى القاهرة صباح أمس"),
               _row(4, B, "b", DAY2, 1, "unchanged", kind="revisit")],
        "m3": [_row(5, B, "b", DAY3, 1, "removed", kind="removed", status=404)],
    }
    for key, rows in parts.items():
        catalog.apply_manifest(key, rows[0]["run_key"], rows[0]["site"], rows)
        index_run_part(catalog, key, rows)

    found = changes(catalog)
    assert [(c.kind, c.url, c.at) for c in found] == [("new", A, DAY1), ("new", B, DAY1), ("edited", A, DAY2),
                                                      ("removed", B, DAY3)]
    edit, removal = found[2], found[3]
    assert (edit.version, edit.previous_at, edit.words_added, edit.words_removed) == (2, DAY1, 3, 1)
    assert (removal.status, removal.previous_at, removal.title, removal.run) == (404, DAY2, "خبر ثان", "2026-11-30")
    assert [c.kind for c in changes(catalog, kind="removed")] == ["removed"]
    assert [c.url for c in changes(catalog, site="a")] == [A, A]
    assert [c.kind for c in changes(catalog, since=DAY2)] == ["edited", "removed"]
    assert [c.kind for c in changes(catalog, limit=2)] == ["edited", "removed"]  # the newest two

    feed = feedparser.parse(atom(found, "arshif: changes", "http://ui.example/feeds/changes.atom",
                                 "http://ui.example", "http://replay.example"))
    assert not feed.bozo and feed.version == "atom10"
    entries = feed.entries
    assert [e.tags[0].term for e in entries] == ["removed", "edited", "new", "new"]  # newest first
    assert entries[0].link == f"http://replay.example/web/20261129080000/{B}"
    assert entries[1].link.startswith("http://ui.example/#/article?") and "3 words added" in entries[1].summary
    assert entries[0].updated == "2026-11-30T08:00:00Z" and entries[0].title == "[b] خبر ثان"
    catalog.close()
