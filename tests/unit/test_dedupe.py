"""Dedupe decisions against a real SQLite catalog: revisit, unchanged, new version."""

import json

from arshif.catalog import Catalog
from arshif.dedupe import Deduper
from arshif.urls import canonical_url

URL = "http://127.0.0.21:8765/news/1/"


def capture(n: int, digest: str, text: str | None, url: str = URL) -> dict:
    return {"url": url, "fetched_at": f"2026-11-2{n}T08:00:00.000000Z", "status": 200,
            "payload_digest": digest, "response": {"record_id": f"<urn:uuid:{n}>"},
            "article": {"text": text} if text else None}


def commit(catalog: Catalog, n: int, verdict, cap: dict) -> None:
    row = {**verdict.to_dict(), "url": cap["url"], "site": "s", "run_key": f"r{n}", "role": "article",
           "timestamp": cap["fetched_at"], "status": 200, "digest": cap["payload_digest"],
           "warc_file": f"w{n}", "warc_offset": 0, "warc_length": 10}
    row.pop("refers_to_url"), row.pop("refers_to_date")
    if verdict.kind != "revisit":
        row.update(payload_record_id=verdict.record_id, payload_warc_file=f"w{n}",
                   payload_warc_offset=0, payload_warc_length=10)
    catalog.apply_manifest(f"m{n}", f"r{n}", "s", [row])


def test_versions_across_runs(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    text = "أكدت روسيا اليوم الخميس استعدادها الكامل للتعاون العسكري مع دول غرب أفريقيا."
    steps = [
        (capture(1, "sha1:A", text), ("response", "new", 1)),
        (capture(2, "sha1:A", text), ("revisit", "identical", 1)),
        # new bytes, same text once normalised (tashkeel, a visible update stamp)
        (capture(3, "sha1:B", "أَكَّدَت روسيا اليوم الخميس استعدادها الكامل للتعاون العسكري مع دول غرب أفريقيا.\n"
                              "آخر تحديث: 29 نوفمبر 2026"), ("unchanged", "unchanged", 1)),
        (capture(4, "sha1:C", text + " وأضاف لافروف أن روسيا تعتزم مساعدتهم."), ("response", "changed", 2)),
    ]
    for n, (cap, expected) in enumerate(steps, start=1):
        verdict = Deduper(catalog).decide(cap)
        assert (verdict.kind, verdict.change, verdict.version) == expected, n
        commit(catalog, n, verdict, cap)
    revisit = catalog.captures_of(canonical_url(URL))[1]
    assert revisit["payload_warc_file"] == "w1"


def test_aliases_share_one_history_and_non_articles_have_no_version(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    deduper = Deduper(catalog)
    first = deduper.decide(capture(1, "sha1:A", None, url="http://127.0.0.21:8765/rss.xml"))
    assert (first.kind, first.version, first.change) == ("response", None, None)
    again = deduper.decide(capture(2, "sha1:A", None, url="http://127.0.0.21:8765/rss.xml?utm_source=x"))
    assert again.kind == "revisit" and again.payload_record_id == "<urn:uuid:1>"


def test_a_newer_chrome_model_is_not_an_edit(tmp_path):
    """Day 1's text was filtered with a model that did not know a chrome line yet; day 2's model
    does. The article did not change, so it is unchanged, not a new version."""
    from arshif.extract.site_chrome import ChromeLearner, SiteChrome, text_line_keys

    catalog = Catalog(tmp_path / "c.sqlite")
    chrome_line = "تابعونا على فيسبوك وتويتر"
    body = "أكدت روسيا اليوم الخميس استعدادها الكامل للتعاون العسكري.\n\nوقال لافروف إن المحادثات مثمرة."
    text = body + "\n\n" + chrome_line
    v1 = SiteChrome(site="s", version=1)
    learner = ChromeLearner(v1, "r2")
    for n in range(5):
        learner.observe(f"http://x/{n}", f"خبر رقم {n}\n\n{chrome_line}")
    v2 = learner.model()
    assert v2.is_chrome(chrome_line)
    models = {"m1": v1, "m2": v2}

    first = {**capture(1, "sha1:A", text), "text_lines": text_line_keys(text), "chrome_model": "m1"}
    verdict = Deduper(catalog, load_model=models.__getitem__).decide(first)
    assert verdict.change == "new"
    commit(catalog, 1, verdict, first)
    catalog.db.execute("UPDATE captures SET text_lines = ?", (json.dumps(first["text_lines"]),))

    second = {**capture(2, "sha1:B", body), "text_lines": text_line_keys(text), "chrome_model": "m2"}
    verdict = Deduper(catalog, load_model=models.__getitem__).decide(second)
    assert (verdict.kind, verdict.change, verdict.version) == ("unchanged", "unchanged", 1)


def test_a_304_recheck_is_a_server_not_modified_revisit_of_the_last_payload(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    text = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة طرابلس بسعة مئتي سرير."
    first = capture(1, "sha1:A", text)
    verdict = Deduper(catalog).decide(first)
    commit(catalog, 1, verdict, first)
    not_modified = {**capture(2, "sha1:EMPTY", None), "status": 304, "recheck": True}
    verdict = Deduper(catalog).decide(not_modified)
    assert (verdict.kind, verdict.profile, verdict.change, verdict.version) == (
        "revisit", "server-not-modified", "identical", 1)
    assert verdict.payload_record_id == "<urn:uuid:1>" and verdict.refers_to_digest == "sha1:A"
    assert verdict.text_fingerprint == Deduper(catalog)._previous(canonical_url(URL), True)["text_fingerprint"]


def test_a_recheck_that_finds_the_article_gone_records_it_removed(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    text = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة طرابلس بسعة مئتي سرير."
    first = capture(1, "sha1:A", text)
    commit(catalog, 1, Deduper(catalog).decide(first), first)
    gone = {**capture(2, "sha1:404", None), "status": 404, "removed": "HTTP 404"}
    verdict = Deduper(catalog).decide(gone)
    assert (verdict.kind, verdict.change, verdict.version, verdict.removed) == (
        "removed", "removed", 1, "HTTP 404")
    # a URL never archived before is not "removed" by a 404: it is just a failed fetch
    stranger = {**capture(3, "sha1:404", None, url="http://127.0.0.21:8765/news/2/"), "status": 404,
                "removed": "HTTP 404"}
    assert Deduper(catalog).decide(stranger).kind == "response"


def test_an_alias_declared_by_rel_canonical_joins_the_articles_history(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    text = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة طرابلس بسعة مئتي سرير."
    first = capture(1, "sha1:A", text)
    first["article"]["canonical_url"] = URL
    commit(catalog, 1, Deduper(catalog).decide(first), first)
    alias = capture(2, "sha1:A", text, url=URL + "?ref=home")
    alias["article"]["canonical_url"] = URL
    verdict = Deduper(catalog).decide(alias)
    assert (verdict.canonical_url, verdict.kind, verdict.version) == (canonical_url(URL), "revisit", 1)
    # a page that claims another site's URL keeps its own identity (and its own history)
    hostile = capture(3, "sha1:Z", "نص آخر تماما عن موضوع مختلف لا علاقة له بالمقال الأصلي أبدا.",
                      url="http://127.0.0.23:8765/story/2026/11/x-1")
    hostile["article"]["canonical_url"] = URL
    claimed = Deduper(catalog).decide(hostile)
    assert (claimed.canonical_url, claimed.change) == ("http://127.0.0.23:8765/story/2026/11/x-1", "new")


def test_a_304_under_an_alias_is_resolved_to_its_article(tmp_path):
    catalog = Catalog(tmp_path / "c.sqlite")
    alias_url = URL + "?ref=home"
    first = capture(1, "sha1:A", "نص المقال كما نشر أول مرة في الموقع مع تفاصيل كافية للمقارنة.", url=alias_url)
    first["article"]["canonical_url"] = URL
    verdict = Deduper(catalog).decide(first)
    commit(catalog, 1, verdict, first)
    catalog.db.execute("UPDATE captures SET url_key = ?", (canonical_url(alias_url),))
    assert catalog.resolve(canonical_url(alias_url)) == canonical_url(URL)
    again = {**capture(2, "sha1:EMPTY", None, url=alias_url), "status": 304}
    assert (Deduper(catalog).decide(again).canonical_url, Deduper(catalog).decide(again).kind) == (
        canonical_url(URL), "revisit")
