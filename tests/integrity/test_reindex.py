"""``arshif reindex``: the catalog rebuilt from the bucket alone answers as the one it replaces.

The first tests build small run parts in a real SeaweedFS (their captures objects written as
the archive step writes them) and call the rebuild directly: an old catalog whose near-copy
index has other MinHash parameters, a failed rebuild, a catalog in use. The last ones run the
demo network for days 1, 2 and 3 through the DAG into a bucket of their own, record what
``history``, ``get``, ``diff`` and ``cluster`` answer for the scenario's URLs, delete the
catalog, reindex, and ask again.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from arshif_cli import archive_env, arshif, stderr_on_a_terminal

from arshif import layout
from arshif.catalog import CAPTURE_COLUMNS, Catalog
from arshif.dedupe.minhash import MinHashParams
from arshif.dedupe.nearcopy import IndexParamsError, NearCopyIndex
from arshif.integrity.rebuild import ReindexError, rebuild_catalog
from storage.errors import ObjectMissing

BIN = Path(sys.executable).parent
RUN1, RUN2 = "20261128T000000Z", "20261129T000000Z"

STORY = (
    "قرر البنك المركزي المصري في ختام اجتماع لجنة السياسة النقدية مساء الخميس الإبقاء على أسعار "
    "الفائدة الأساسية دون تغيير للمرة الثالثة على التوالي في خطوة جاءت متوافقة مع توقعات معظم "
    "المحللين الذين استطلعت آراءهم وكالات الأنباء خلال الأسبوع الماضي وأوضح البنك في بيان نشره "
    "على موقعه الرسمي أن اللجنة قررت تثبيت سعري عائد الإيداع والإقراض لليلة واحدة عند مستواهما "
    "كما أبقت على سعر العملية الرئيسية وسعر الائتمان والخصم دون تغيير حتى الاجتماع المقبل"
)
COPY = STORY + " لمتابعة آخر الأخبار تابعونا على حساباتنا في مواقع التواصل الاجتماعي"
OTHER = (
    "افتتح وزير الثقافة مساء أمس الدورة الجديدة لمعرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر "
    "من ثلاثين دولة عربية وأجنبية وسط إقبال كبير من الزوار في اليوم الأول وتستمر فعاليات المعرض "
    "أسبوعين تتضمن ندوات فكرية وأمسيات شعرية وورش عمل للأطفال وحفلات توقيع لعدد من الكتاب"
)


# -- small run parts, written as the archive step writes them ----------------------------------
def capture_line(run_key: str, site: str, n: int, url: str, *, text: str | None, change: str | None,
                 version: int | None, cluster: str | None, kind: str = "response") -> dict:
    row = {column: None for column in CAPTURE_COLUMNS}
    row.update(
        record_id=f"<urn:uuid:{run_key}-{site}-{n}>", url=url, canonical_url=url, url_key=url,
        site=site, run_key=run_key, role="article", timestamp=f"{run_key[:4]}-{run_key[4:6]}-"
        f"{run_key[6:8]}T08:00:{n:02d}.000000Z", status=200, kind=kind, version=version,
        change=change, digest=f"sha1:{site}{n}{run_key}", content_type="text/html",
        text_fingerprint=f"fp-{url}-{version}" if text else None, cluster=cluster,
        warc_file=layout.warc_key(run_key, site), warc_offset=1000 * n, warc_length=900,
        title=f"title {n}", page_kind="article" if text else None,
    )
    row.pop("captures_object"), row.pop("captures_offset"), row.pop("captures_length")
    return {**row, "article": {"text": text, "page_kind": "article", "title": f"title {n}"} if text else None}


def write_run_part(store, run_key: str, site: str, lines: list[dict], with_captures: bool = True) -> None:
    captures_key = layout.captures_key(run_key, site)
    data = b"".join((json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
                    for line in lines)
    objects = []
    if with_captures:
        written = store.put_once(captures_key, data, content_type="application/x-ndjson")
        objects.append({"key": written.key, "size": written.size, "sha256": written.sha256})
    store.put_json_once(layout.manifest_key(run_key, site), {
        "format": "arshif-manifest/1", "run_key": run_key, "site": site, "captures": len(lines),
        "objects": objects, "counts": {}, "committed_at": "2026-11-28T09:00:00Z"})


def small_archive(store) -> None:
    """Two runs of two sites: a story and its wire copy on the other site (one cluster), another
    story edited on day 2 (a second version, the same cluster), a re-extraction, two reports."""
    a, b = "http://a.example/news/1", "http://b.example/wire/7"
    other = "http://a.example/news/2"
    write_run_part(store, RUN1, "site-a", [
        capture_line(RUN1, "site-a", 1, a, text=STORY, change="new", version=1, cluster="c-0000aaaa"),
        capture_line(RUN1, "site-a", 2, other, text=OTHER, change="new", version=1, cluster="c-0000bbbb"),
    ])
    write_run_part(store, RUN1, "site-b", [
        capture_line(RUN1, "site-b", 1, b, text=COPY, change="new", version=1, cluster="c-0000aaaa"),
        capture_line(RUN1, "site-b", 2, "http://b.example/robots.txt", text=None, change=None,
                     version=None, cluster=None),
    ])
    write_run_part(store, RUN2, "site-a", [
        capture_line(RUN2, "site-a", 1, a, text=STORY, change="unchanged", version=1,
                     cluster="c-0000aaaa", kind="unchanged"),
        capture_line(RUN2, "site-a", 2, other, text=OTHER + " وأضاف الوزير", change="changed", version=2,
                     cluster="c-0000bbbb"),
    ])
    record = capture_line(RUN1, "site-a", 1, a, text=STORY, change="new", version=1, cluster=None)["record_id"]
    text_line = {"record_id": record, "url": a, "chrome_model": "models/chrome/site-a/v000002.json",
                 "article": {"text": STORY, "extractor": "arshif-extract/2 trafilatura/x"}}
    store.put_once(layout.text_key(RUN1, "site-a", "arshif-extract-2--chrome-v000002"),
                   (json.dumps(text_line, ensure_ascii=False) + "\n").encode("utf-8"))
    store.put_json_once(layout.report_key(RUN1, "20261128T090000000000Z"),
                        {"run_key": RUN1, "sites": {"site-a": {"status": "archive failed"}}})
    store.put_json_once(layout.report_key(RUN1, "20261128T100000000000Z"),
                        {"run_key": RUN1, "sites": {"site-a": {"status": "archived", "new": 2},
                                                    "site-b": {"status": "archived", "new": 1}}})


def test_rebuild_replaces_an_index_of_other_minhash_params_and_clusters_keep_their_ids(store, tmp_path):
    small_archive(store)
    path = tmp_path / "catalog.sqlite"
    old = Catalog(path)
    NearCopyIndex(old.db, params=MinHashParams(seed=1)).add("http://x.example/1#v1", STORY, "x")
    old.close()
    old = Catalog(path)
    with pytest.raises(IndexParamsError, match="arshif reindex"):  # what the user was told
        NearCopyIndex(old.db)
    old.close()

    summary = rebuild_catalog(store, path)
    assert (summary.runs, summary.manifests, summary.captures) == (2, 3, 6)
    assert (summary.text_objects, summary.texts, summary.reports) == (1, 1, 2)
    assert (summary.index_docs, summary.clusters) == (4, 2)  # a#v1, b#v1, other#v1, other#v2
    assert summary.replaced and summary.backup and Path(summary.backup).exists()

    catalog = Catalog(path)
    index = NearCopyIndex(catalog.db)  # the default params: opens without a word
    docs = dict(catalog.db.execute("SELECT doc_id, cluster FROM lsh_docs"))
    assert docs == {"http://a.example/news/1#v1": "c-0000aaaa", "http://b.example/wire/7#v1": "c-0000aaaa",
                    "http://a.example/news/2#v1": "c-0000bbbb", "http://a.example/news/2#v2": "c-0000bbbb"}
    # A later run's new copy of the story joins the cluster the archive recorded.
    cluster, matches = index.assign("http://c.example/3#v1", COPY + " المصدر وكالات", "site-c")
    assert cluster == "c-0000aaaa" and {m.doc_id for m in matches} >= {"http://b.example/wire/7#v1"}
    assert catalog.count() == 6
    assert [r["kind"] for r in catalog.captures_of("http://a.example/news/1")] == ["response", "unchanged"]
    rows = catalog.captures_in_run(RUN1, "site-a")
    assert catalog.latest_text(rows[0]["record_id"])["chrome_model"] == "models/chrome/site-a/v000002.json"
    assert catalog.reports(RUN1) == {"site-a": {"status": "archived", "new": 2},
                                     "site-b": {"status": "archived", "new": 1}}  # the newest report
    catalog.close()
    # The old catalog is kept as it was, index and all.
    kept = Catalog(Path(summary.backup))
    with pytest.raises(IndexParamsError):
        NearCopyIndex(kept.db)
    kept.close()
    assert not list(tmp_path.glob(".catalog.sqlite.reindex-*"))


def test_a_failed_rebuild_leaves_the_old_catalog_as_it_was(store, tmp_path):
    small_archive(store)
    path = tmp_path / "catalog.sqlite"
    rebuild_catalog(store, path, keep_backup=False)
    before = path.read_bytes()
    # A committed manifest whose captures object is gone: the rebuild cannot finish.
    write_run_part(store, "20261130T000000Z", "site-a", [], with_captures=False)
    with pytest.raises(ObjectMissing):
        rebuild_catalog(store, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.sqlite"]  # nothing half-built left


def test_a_catalog_open_elsewhere_is_not_swapped(store, tmp_path):
    small_archive(store)
    path = tmp_path / "catalog.sqlite"
    rebuild_catalog(store, path, keep_backup=False)
    before = tables(path)
    reader = Catalog(path)  # a command still using it (which turns WAL on)
    try:
        with pytest.raises(ReindexError, match="open in another process"):
            rebuild_catalog(store, path)
        assert reader.count() == 6
    finally:
        reader.close()
    assert tables(path) == before
    assert not list(tmp_path.glob(".catalog.sqlite.reindex-*")) and not list(tmp_path.glob("*.bak-*"))


def test_rebuild_on_a_fresh_machine_and_with_nothing_to_rebuild_from(store, tmp_path):
    with pytest.raises(ReindexError, match="no committed manifest"):
        rebuild_catalog(store, tmp_path / "catalog.sqlite")
    assert not (tmp_path / "catalog.sqlite").exists()
    small_archive(store)
    summary = rebuild_catalog(store, tmp_path / "new" / "catalog.sqlite")
    assert not summary.replaced and summary.backup is None and summary.captures == 6


# -- the command line ---------------------------------------------------------------------------

def test_reindex_errors_say_what_to_do(tmp_path, s3_endpoint):
    from storage.s3 import ObjectStore

    env = archive_env(tmp_path / "home", s3_endpoint, "arshif-reindex-empty")
    assert "--no-backup" in arshif(env, "reindex", "--help").stdout
    ObjectStore(s3_endpoint, "arshif-reindex-empty").ensure_bucket()
    empty = arshif(env, "reindex", check=False)
    assert empty.returncode == 1 and "no committed manifest under s3://arshif-reindex-empty/runs/" in empty.stderr
    missing = arshif({**env, "ARSHIF_BUCKET": "arshif-reindex-no-such-bucket"}, "reindex", check=False)
    assert missing.returncode == 1 and "arshif-reindex-no-such-bucket does not exist" in missing.stderr
    buckets = {b["Name"] for b in ObjectStore(s3_endpoint).client.list_buckets()["Buckets"]}
    assert "arshif-reindex-no-such-bucket" not in buckets  # a reindex only reads: nothing created
    down = arshif({**env, "ARSHIF_S3_ENDPOINT": "http://127.0.0.1:9"}, "reindex", check=False)
    assert down.returncode == 1 and "cannot reach the object store" in down.stderr
    assert "ARSHIF_S3_ENDPOINT" in down.stderr
    assert not (tmp_path / "home" / "catalog.sqlite").exists()


# -- the demo archive: what the commands answer, before and after ------------------------------
@pytest.fixture(scope="module")
def archive(demo_days123, copy_demo_archive, demo_server):
    """Days 1, 2 and 3 through the DAG (the session's, tests/demo_archive.py) copied into a
    bucket of their own, and one re-extraction."""
    env, home = copy_demo_archive(demo_days123, "arshif-reindex")
    arshif(env, "reextract", "--site", "masr-today", "--run", RUN1)
    return {"env": env, "home": home, "catalog": home / "catalog.sqlite"}


def scenario_urls() -> dict[str, str]:
    from arshif.demo import scenario
    from arshif.demo.newsroom import edition
    from arshif.demo.sites import site_named

    plan = scenario()
    top = site_named("levant-post").url(edition("levant-post", 1).stories[0].path)
    return {"edited": plan.edited, "byte_identical": plan.byte_identical, "unpublished": plan.unpublished,
            "moved_home": plan.moved_home, "chrome_only": plan.chrome_only, "wire_seed": plan.wire_pair[0],
            "wire_copy": plan.wire_pair[1], "alias": top + "?ref=home",
            "robots": site_named("masr-today").url("/robots.txt")}


def answers(env: dict, only: tuple[str, ...] | None = None) -> dict[str, tuple[int, str, str]]:
    """What every retrieval command answers for the scenario's URLs (exit status, stdout, stderr)."""
    out: dict[str, tuple[int, str, str]] = {}

    def ask(*args: str) -> subprocess.CompletedProcess:
        result = arshif(env, *args, check=False)
        out[" ".join(args)] = (result.returncode, result.stdout, result.stderr)
        return result

    for name, url in scenario_urls().items():
        if only is not None and name not in only:
            continue
        captures = json.loads(ask("history", url, "--json").stdout)
        for capture in captures:
            ask("get", url, "--at", capture["timestamp"], "--format", "json")
        ask("get", url)
        ask("diff", url, "--json")
        ask("cluster", url, "--json")
    if only is None or "edited" in only:  # the re-extracted text (table texts)
        edited = scenario_urls()["edited"]
        first = json.loads(out[f"history {edited} --json"][1])[0]["timestamp"]
        ask("get", edited, "--at", first, "--format", "json", "--extraction", "latest")
    return out


# The catalog's tables as rows a query could see (lsh_bands by document name, not number).
TABLES = {
    "captures": f"SELECT {', '.join(CAPTURE_COLUMNS)} FROM captures ORDER BY record_id",
    "manifests": "SELECT key, run_key, site FROM manifests ORDER BY key",
    "texts": "SELECT record_id, object, offset, length, extractor, chrome_model FROM texts ORDER BY rowid",
    "run_reports": "SELECT run_key, site, report FROM run_reports ORDER BY run_key, site",
    "lsh_params": "SELECT name, value FROM lsh_params ORDER BY name",
    "lsh_docs": "SELECT doc_id, site, shingles, cluster FROM lsh_docs ORDER BY doc_id",
    "lsh_bands": "SELECT b.key, d.doc_id FROM lsh_bands b JOIN lsh_docs d ON d.doc = b.doc "
                 "ORDER BY b.key, d.doc_id",
    "ledger": "SELECT * FROM ledger ORDER BY position",
}


def tables(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return {name: db.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        db.close()


def remove_catalog(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)


def objects(env: dict) -> set[str]:
    from storage.s3 import ObjectStore

    store = ObjectStore(env["ARSHIF_S3_ENDPOINT"], env["ARSHIF_BUCKET"])
    return {i.key for prefix in ("warc/", "cdxj/", "captures/", "runs/", "text/") for i in store.list(prefix)
            if "/report-" not in i.key}


@pytest.mark.slow
def test_reindex_of_a_lost_catalog_answers_history_get_diff_and_cluster_identically(archive):
    """Slow by nature: every retrieval command is asked about every scenario URL three times
    (before, after a reindex, after day 3 run again), each a CLI process, and day 3 goes through
    the DAG once more."""
    from arshif.demo import DAY_DATES

    env, path = archive["env"], archive["catalog"]
    before, before_tables = answers(env), tables(path)
    # What was recorded is what the scenario promises, so "the same" means something.
    urls = scenario_urls()
    assert [c["version"] for c in json.loads(before[f"history {urls['edited']} --json"][1])] == [1, 2, 3]
    assert before[f"diff {urls['edited']} --json"][0] == 0
    assert json.loads(before[f"cluster {urls['wire_copy']} --json"][1])["others"]
    assert json.loads(before[f"cluster {urls['alias']} --json"][1])["cluster"]
    assert "gone" in before[f"get {urls['unpublished']}"][2]
    assert len(before_tables["texts"]) > 0 and len(before_tables["lsh_docs"]) > 0

    remove_catalog(path)
    result = arshif(env, "reindex")
    assert "runs        3 (9 run parts)" in result.stdout and "old catalog none before" in result.stdout
    assert "reindex: manifests 9/9" in result.stderr  # not a terminal: plain progress lines
    assert tables(path) == before_tables
    after = answers(env)
    assert after.keys() == before.keys()
    for question, answer in before.items():
        assert after[question] == answer, question

    # The rebuilt catalog carries on: running day 3 again archives nothing new.
    stored = objects(env)
    arshif(env, "run", "--demo", "--date", DAY_DATES[3].isoformat())
    assert objects(env) == stored
    assert {k: v for k, v in tables(path).items() if k != "run_reports"} == {
        k: v for k, v in before_tables.items() if k != "run_reports"}
    # (The tables are what the commands read; a few answers to show it, to keep the test short.)
    assert answers(env, only=("edited", "alias")).items() <= before.items()

    # A reindex over a catalog in place swaps it and keeps the old one beside it.
    current = tables(path)
    summary = json.loads(arshif(env, "reindex", "--json").stdout)
    assert summary["replaced"] and Path(summary["backup"]).name.startswith("catalog.sqlite.bak-")
    assert (summary["runs"], summary["manifests"]) == (3, 9)
    assert summary["captures"] == len(current["captures"]) and summary["texts"] == len(current["texts"])
    assert summary["index_docs"] == len(current["lsh_docs"])
    assert tables(path) == current == tables(Path(summary["backup"]))
    assert answers(env, only=("wire_copy", "unpublished")).items() <= before.items()


@pytest.mark.slow
def test_reindex_elsewhere_without_backup_and_with_a_progress_line_on_a_terminal(archive, tmp_path):
    env, path = archive["env"], archive["catalog"]
    elsewhere = tmp_path / "other" / "catalog.sqlite"
    first = json.loads(arshif(env, "reindex", "--catalog", str(elsewhere), "--json").stdout)
    assert first["catalog"] == str(elsewhere) and not first["replaced"]
    assert tables(elsewhere) == tables(path)

    # On a terminal, one progress line rewritten in place.
    status, stdout, terminal = stderr_on_a_terminal(
        [str(BIN / "arshif"), "reindex", "--catalog", str(elsewhere), "--no-backup"], env)
    assert status == 0, terminal
    assert "\r\x1b[K" in terminal and "reindex: manifests 9/9" in terminal
    assert "\n" not in terminal.replace("\r\n", "").strip()  # no log lines, only the rewritten one
    assert "old catalog removed (--no-backup)" in stdout
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["catalog.sqlite"]
    assert tables(elsewhere) == tables(path)
