"""``arshif takedown`` on a real archive: the demo network's days 1 and 2 through the DAG into
SeaweedFS (a bucket of this module's own), then one article withdrawn, then purged.

What an archivist relies on: a withdrawn article is refused by every access path (history, get,
diff, cluster, export, replay) with the takedown's id, and the crawl leaves it alone; the record
says who, when and why; a purge leaves no byte of the article's own captures in the bucket while
every other capture reads as before, and `arshif verify --deep` stays clean, the gap explained
by the deletion record; `arshif reindex` keeps it all.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from arshif_cli import arshif, run_demo_days
from warcio.archiveiterator import ArchiveIterator

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
BUCKET = "arshif-takedown"
SITE = "masr-today"


@pytest.fixture(scope="module")
def archive(demo_days12, copy_demo_archive, demo_server):
    """Days 1 and 2 of the demo (the session's, tests/demo_archive.py) copied into the bucket
    arshif-takedown; the article to withdraw is one of masr-today's with two versions, and a
    neighbour: another article of the same run part."""
    env, home = copy_demo_archive(demo_days12, BUCKET)
    target = rows(home, "SELECT canonical_url, MIN(url) AS url FROM captures WHERE site = ? AND role = 'article' "
                  "GROUP BY canonical_url HAVING MAX(version) >= 2 ORDER BY canonical_url LIMIT 1", SITE)[0]
    neighbour = rows(home, "SELECT canonical_url, MIN(url) AS url FROM captures WHERE site = ? AND role = 'article' "
                     "AND canonical_url <> ? AND text_fingerprint IS NOT NULL GROUP BY canonical_url "
                     "ORDER BY canonical_url LIMIT 1", SITE, target["canonical_url"])[0]
    return {"env": env, "home": home, "url": target["url"], "article": target["canonical_url"],
            "neighbour": neighbour["url"], "demo": demo_server}


def rows(home: Path, sql: str, *params) -> list[dict]:
    from arshif.catalog import Catalog

    catalog = Catalog(Path(home) / "catalog.sqlite")
    try:
        return [dict(r) for r in catalog.db.execute(sql, params)]
    finally:
        catalog.close()


def store_for(archive):
    from storage.s3 import ObjectStore

    return ObjectStore(archive["env"]["ARSHIF_S3_ENDPOINT"], BUCKET)


def verify(archive, *args: str) -> tuple[int, dict]:
    result = arshif(archive["env"], "verify", "--json", *args, check=False)
    return result.returncode, json.loads(result.stdout)


def warc_of(env: dict, url: str) -> bytes:
    """`arshif get URL --format warc`: the capture's records, bytes as stored."""
    result = subprocess.run([str(BIN / "arshif"), "get", url, "--format", "warc"], env=env,
                            capture_output=True, timeout=300, check=True)
    assert result.stdout.startswith(b"\x1f\x8b")
    return result.stdout


def warc_records(data: bytes) -> list[dict]:
    out = []
    for record in ArchiveIterator(io.BytesIO(data)):
        body = record.content_stream().read()
        out.append({"type": record.rec_type, "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "refers_to": record.rec_headers.get_header("WARC-Refers-To"), "body": body})
    return out


def test_1_takedown_hides_the_article_from_every_access_path(archive, tmp_path):
    env, url = archive["env"], archive["url"]
    before = json.loads(arshif(env, "history", url, "--json").stdout)
    neighbour_text = arshif(env, "get", archive["neighbour"]).stdout
    assert len(before) >= 2

    made = arshif(env, "takedown", url, "--reason", "أمر قضائي رقم ١٢ لسنة ٢٠٢٦ (court order 12/2026)",
                  "--by", "legal@newsroom.example", "--json")
    result = json.loads(made.stdout)
    record = result["takedown"]
    assert result["created"] is True and record["id"].startswith("td-")
    assert record["article"] == archive["article"] and record["requested_by"] == "legal@newsroom.example"
    assert record["reason"].startswith("أمر قضائي رقم ١٢")
    assert {c["record_id"] for c in record["captures"]} == {
        r["record_id"] for r in rows(archive["home"], "SELECT record_id FROM captures WHERE canonical_url = ?",
                                     archive["article"])}
    # The record is in the bucket, written once, as the takedown's evidence.
    assert store_for(archive).get_json(result["key"]) == record

    for command in (["history", url], ["get", url], ["get", url, "--format", "warc"], ["diff", url],
                    ["cluster", url]):
        refused = arshif(env, *command, check=False)
        assert refused.returncode == 1, command
        assert f"withdrawn from access by takedown {record['id']}" in refused.stderr, command
    # Any alias of it too: the same URL with a tracking parameter.
    alias = arshif(env, "history", url + "?utm_source=x", check=False)
    assert alias.returncode == 1 and record["id"] in alias.stderr

    refused = arshif(env, "export", "--url", url, "--format", "warc", "-o", str(tmp_path / "a.warc.gz"),
                     check=False)
    assert refused.returncode == 1 and record["id"] in refused.stderr
    site_export = tmp_path / "site.warc.gz"
    arshif(env, "export", "--site", SITE, "--format", "warc", "-o", str(site_export))
    exported_uris = {r["uri"] for r in warc_records(site_export.read_bytes())}
    assert not exported_uris & set(record["urls"])
    assert any(u and u.startswith("http://127.0.0.21") for u in exported_uris)  # the rest is there

    # Replay's merged index (rebuilt because a takedown appeared) holds none of its URLs.
    from surt import surt

    from arshif.pywb.merged_index import update_merged_index

    index = update_merged_index(store_for(archive), tmp_path / "replay")
    keys = {line.split(b" ", 1)[0] for line in index.path.read_bytes().splitlines()}
    assert not keys & {surt(u).encode() for u in record["urls"]}
    assert surt(archive["neighbour"]).encode() in keys

    # Nothing else changed: a neighbour reads as before; a second takedown returns the first.
    assert arshif(env, "get", archive["neighbour"]).stdout == neighbour_text
    again = json.loads(arshif(env, "takedown", url, "--reason", "again", "--json").stdout)
    assert again["created"] is False and again["takedown"]["id"] == record["id"]
    listed = json.loads(arshif(env, "takedowns", "--json").stdout)
    assert [t["id"] for t in listed] == [record["id"]] and listed[0]["purged_at"] is None
    assert record["id"] in arshif(env, "takedowns").stdout

    code, report = verify(archive)
    assert code == 0, report["problems"]
    assert report["checked"]["takedowns"] == 1


def test_2_a_bad_takedown_is_refused_with_advice(archive):
    env = archive["env"]
    unknown = arshif(env, "takedown", "http://127.0.0.21:8765/never/archived", "--reason", "x", check=False)
    assert unknown.returncode == 1 and "nothing to take down" in unknown.stderr
    blank = arshif(env, "takedown", archive["neighbour"], "--reason", "   ", check=False)
    assert blank.returncode == 1 and "--reason is empty" in blank.stderr
    unsigned = arshif(env, "takedown", archive["neighbour"], "--reason", "x", "--purge", check=False)
    assert unsigned.returncode == 2 and "--signed-off-by" in unsigned.stderr
    # None of these wrote a takedown: the neighbour is still open.
    assert arshif(env, "history", archive["neighbour"]).returncode == 0


def test_3_purge_removes_the_bytes_keeps_the_rest_and_verify_stays_clean(archive, tmp_path):
    env, url = archive["env"], archive["url"]
    store = store_for(archive)
    captures = rows(archive["home"], "SELECT * FROM captures WHERE canonical_url = ?", archive["article"])
    # Words of the article's own body to look for: not its headline or lead sentence, which its
    # site's home and section pages repeat (those pages are not the article, and stay).
    from arshif.retrieve import capture_article_text

    paragraphs = [p for p in capture_article_text(store, captures[0]).split("\n") if p.strip()]
    marker = max(paragraphs[2:], key=len)[20:80]
    assert len(marker) >= 30
    neighbour_before = arshif(env, "get", archive["neighbour"]).stdout
    neighbour_warc_before = warc_of(env, archive["neighbour"])

    purged = json.loads(arshif(env, "takedown", url, "--reason", "ignored: already taken down", "--purge",
                               "--signed-off-by", "Chief Archivist", "--json").stdout)
    deletion = purged["purge"]
    assert deletion["signed_off_by"] == "Chief Archivist"
    assert {c["record_id"] for c in deletion["captures"]} == {c["record_id"] for c in captures}
    kinds = {o["kind"] for o in deletion["objects"]}
    assert {"warc", "cdxj", "captures", "staging"} <= kinds

    # No byte of the article's captures is left: not in any WARC record, index, captures line or
    # staging object; where its records were, a tombstone names the purge.
    tombstones = 0
    for info in store.list(""):
        if info.key.startswith("takedowns/"):
            continue
        data = store.get(info.key)
        if info.key.endswith(".warc.gz"):
            for record in warc_records(data):
                assert record["uri"] not in set(purged["takedown"]["urls"]), info.key
                assert marker.encode() not in record["body"], info.key
                if record["type"] == "metadata" and b'"deletion_record"' in record["body"]:
                    tombstones += 1
            assert marker.encode() not in gzip.decompress(data)
        elif info.key.endswith(".gz"):
            assert marker.encode() not in gzip.decompress(data), info.key
        else:
            assert marker.encode() not in data, info.key
    assert tombstones == len(captures)
    assert not any(i.key.startswith("staging/") and "/masr-today/" in i.key for i in store.list("staging/"))

    # Every rewritten WARC is still a valid WARC.
    for obj in deletion["objects"]:
        if obj["kind"] == "warc":
            path = tmp_path / Path(obj["key"]).name
            path.write_bytes(store.get(obj["key"]))
            check = subprocess.run([str(BIN / "warcio"), "check", str(path)], capture_output=True, text=True)
            assert check.returncode == 0, check.stdout + check.stderr

    # Everything else reads exactly as before (offsets untouched), and the article stays withdrawn.
    assert arshif(env, "get", archive["neighbour"]).stdout == neighbour_before
    assert warc_of(env, archive["neighbour"]) == neighbour_warc_before
    refused = arshif(env, "history", url, check=False)
    assert refused.returncode == 1 and "withdrawn from access and purged" in refused.stderr
    assert not rows(archive["home"], "SELECT 1 FROM captures WHERE canonical_url = ?", archive["article"])
    assert "purged" in arshif(env, "takedowns").stdout

    code, report = verify(archive, "--deep")
    assert code == 0, report["problems"]
    assert report["checked"]["purges"] == 1


def test_4_reindex_keeps_takedowns_and_a_later_crawl_leaves_the_article_alone(archive):
    env, url = archive["env"], archive["url"]
    history_before = arshif(env, "history", archive["neighbour"], "--json").stdout
    arshif(env, "reindex", "--no-backup")
    assert arshif(env, "history", archive["neighbour"], "--json").stdout == history_before
    refused = arshif(env, "history", url, check=False)
    assert refused.returncode == 1 and "purged" in refused.stderr
    assert len(json.loads(arshif(env, "takedowns", "--json").stdout)) == 1
    assert verify(archive, "--deep")[0] == 0

    # Day 3: the purged article is still listed by the site, but never fetched again.
    run_demo_days(env, (3,))
    assert not rows(archive["home"], "SELECT 1 FROM captures WHERE canonical_url = ?", archive["article"])
    assert verify(archive)[0] == 0


def test_5_a_purge_that_stopped_half_way_is_reported(archive):
    store = store_for(archive)
    takedown_id = json.loads(arshif(archive["env"], "takedowns", "--json").stdout)[0]["id"]
    pending = f"takedowns/{takedown_id}.pending/warc/left-over.warc.gz"
    store.put_once(pending, b"x")
    try:
        code, report = verify(archive)
        assert code == 1
        [problem] = [p for p in report["problems"] if p["reason"] == "purge-unfinished"]
        assert problem["kind"] == "incomplete" and "--purge" in problem["action"]
    finally:
        store.delete(pending)
    assert verify(archive)[0] == 0
