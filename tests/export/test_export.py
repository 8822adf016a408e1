"""``arshif export`` on a real archive: the demo network's days 1 and 2 run through the DAG into
SeaweedFS (a bucket of this module's own), then exported as WARC, WACZ and JSON Lines.

What an archivist relies on: the WARC holds the bucket's records byte for byte and replays on
its own (a revisit's payload comes with it); the WACZ passes `wacz validate` and its index
points into its WARC; the fixity manifest's hashes are those of the files; Arabic stays Arabic;
a mistake is refused with a message and a non-zero exit, and nothing is overwritten unasked.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from arshif_cli import arshif
from warcio.archiveiterator import ArchiveIterator

from arshif.demo import expected_articles, scenario

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
BUCKET = "arshif-export"
MOJIBAKE = ("Ø", "Ù", "Ã", "\ufffd")



@pytest.fixture(scope="module")
def archive(demo_days12, copy_demo_archive):
    """Days 1 and 2 of the demo through the DAG (the session's, tests/demo_archive.py), copied
    into the bucket arshif-export."""
    env, home = copy_demo_archive(demo_days12, BUCKET)
    return {"env": env, "home": home}


def store_for(archive):
    from storage.s3 import ObjectStore

    return ObjectStore(archive["env"]["ARSHIF_S3_ENDPOINT"], BUCKET)


def catalog_rows(archive, sql: str, *params) -> list[dict]:
    from arshif.catalog import Catalog

    catalog = Catalog(Path(archive["home"]) / "catalog.sqlite")
    try:
        return [dict(r) for r in catalog.db.execute(sql, params)]
    finally:
        catalog.close()


def export(archive, out: Path, *args: str) -> dict:
    return json.loads(arshif(archive["env"], "export", *args, "-o", str(out), "--json").stdout)


def records_of(data: bytes) -> list[dict]:
    """Every record of a WARC with its raw bytes (its gzip member) and headers."""
    out = []
    iterator = ArchiveIterator(io.BytesIO(data))
    for record in iterator:
        record.content_stream().read()
        offset, length = iterator.get_record_offset(), iterator.get_record_length()
        headers = record.rec_headers
        out.append({"type": record.rec_type, "id": headers.get_header("WARC-Record-ID"),
                    "url": headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Filename"),
                    "concurrent_to": headers.get_header("WARC-Concurrent-To"),
                    "refers_to": headers.get_header("WARC-Refers-To"),
                    "offset": offset, "length": length, "bytes": data[offset:offset + length]})
    return out


def warcio_check(path: Path) -> None:
    check = subprocess.run([str(BIN / "warcio"), "check", "-v", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert "digest fail" not in check.stdout


def sha256sum_check(out: Path) -> None:
    check = subprocess.run(["sha256sum", "-c", out.name + ".sha256"], cwd=out.parent, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 2  # the export and its fixity manifest


def assert_bucket_bytes(store, rows: list[dict], exported: list[dict]) -> None:
    """Each capture's response (or revisit) and request records are the bucket's, byte for byte."""
    by_id = {r["id"]: r for r in exported}
    requests = {r["concurrent_to"]: r for r in exported if r["type"] == "request"}
    for row in rows:
        head = by_id[row["record_id"]]
        assert head["bytes"] == store.get_range(row["warc_file"], row["warc_offset"], row["warc_length"]), row["url"]
        request = requests[row["record_id"]]
        assert request["bytes"] == store.get_range(row["warc_file"], row["warc_offset"] + row["warc_length"],
                                                   row["request_length"]), row["url"]


def test_a_site_as_warc_is_the_bucket_byte_for_byte(archive, tmp_path):
    out = tmp_path / "levant-post.warc.gz"
    summary = export(archive, out, "--site", "levant-post", "--format", "warc")
    rows = catalog_rows(archive, "SELECT * FROM captures WHERE site = ?", "levant-post")
    assert summary["captures"] == len(rows) > 60 and summary["sites"] == ["levant-post"]
    warcio_check(out)
    exported = records_of(out.read_bytes())
    # The export's own warcinfo first, then each source file's (two runs), then the records.
    assert exported[0]["type"] == "warcinfo" and exported[0]["url"] == out.name
    assert [r["type"] for r in exported].count("warcinfo") == 1 + 2
    store = store_for(archive)
    assert_bucket_bytes(store, rows, exported)
    heads = [r for r in exported if r["type"] in ("response", "revisit")]
    assert sorted(r["id"] for r in heads) == sorted(r["record_id"] for r in rows)
    # The extracted articles travel with their captures (the metadata records naming them).
    metadata = [r for r in exported if r["type"] == "metadata"]
    by_record = {r["record_id"]: r for r in rows}
    assert len(metadata) >= 24
    for record in metadata:
        row = by_record[record["refers_to"]]
        assert record["bytes"] == store.get_range(
            row["warc_file"], row["warc_offset"] + row["warc_length"] + row["request_length"], record["length"])
    # Every revisit's payload is in the file: it replays on its own.
    responses = {r["id"] for r in exported if r["type"] == "response"}
    revisits = [r for r in exported if r["type"] == "revisit"]
    assert revisits and all(r["refers_to"] in responses for r in revisits)
    # The fixity manifest: the file's hash, the sources with what their manifests committed.
    fixity = json.loads(Path(summary["fixity"]).read_text(encoding="utf-8"))
    assert fixity["files"] == [{"path": out.name, "bytes": out.stat().st_size,
                                "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}]
    assert fixity["selection"]["site"] == "levant-post" and fixity["software"]["arshif"]
    manifests = {m["key"] for m in fixity["manifests"]}
    assert manifests == {f"runs/{run}/levant-post/manifest.json" for run in ("20261128T000000Z", "20261129T000000Z")}
    for source in fixity["sources"]:
        assert source["sha256"] == hashlib.sha256(store.get(source["key"])).hexdigest()
    for piece in fixity["pieces"]:
        start, length = piece["export"]["offset"], piece["export"]["length"]
        assert out.read_bytes()[start:start + length] == store.get_range(
            piece["source"]["file"], piece["source"]["offset"], piece["source"]["length"])
        assert piece["sha256"] == hashlib.sha256(out.read_bytes()[start:start + length]).hexdigest()
    sha256sum_check(out)


def test_a_revisit_brings_its_payload_record_from_an_earlier_run(archive, tmp_path):
    """Day 2 alone (--from its first capture time): the 304 re-check and robots.txt are revisits
    of day-1 captures, whose response records come along, byte for byte."""
    day2 = catalog_rows(archive, "SELECT * FROM captures WHERE site = ? AND run_key = ? ORDER BY timestamp",
                        "levant-post", "20261129T000000Z")
    out = tmp_path / "day2.warc.gz"
    summary = export(archive, out, "--site", "levant-post", "--from", day2[0]["timestamp"])
    assert summary["captures"] == len(day2)
    warcio_check(out)
    exported = records_of(out.read_bytes())
    store = store_for(archive)
    assert_bucket_bytes(store, day2, exported)
    outside = [r for r in day2 if r["kind"] == "revisit" and r["payload_warc_file"] != r["warc_file"]]
    assert len(outside) >= 2 and any(r["status"] == 304 for r in outside)
    by_id = {r["id"]: r for r in exported}
    for row in outside:
        payload = by_id[row["payload_record_id"]]
        assert payload["type"] == "response"
        assert payload["bytes"] == store.get_range(row["payload_warc_file"], row["payload_warc_offset"],
                                                   row["payload_warc_length"])
    assert summary["counts"]["payload_records"] == len({r["payload_record_id"] for r in outside})
    day2_responses = sum(r["kind"] != "revisit" for r in day2)
    assert sum(r["type"] == "response" for r in exported) == day2_responses + summary["counts"]["payload_records"]


def test_the_edited_article_as_jsonl_has_both_versions(archive, tmp_path):
    url = scenario().edited
    out = tmp_path / "edited.jsonl"
    # any alias names the article: a tracking parameter is folded away
    export(archive, out, "--url", url + "?utm_source=export-test", "--format", "jsonl")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(c["version"], c["kind"]) for c in lines] == [(1, "response"), (2, "response")]
    history = json.loads(arshif(archive["env"], "history", url, "--json").stdout)
    assert [c["timestamp"] for c in lines] == [c["timestamp"] for c in history]
    day1, day2 = (next(a for a in expected_articles("masr-today", d) if a.url == url) for d in (1, 2))
    assert lines[0]["article"]["text"] != lines[1]["article"]["text"]
    assert [p for p in day2.paragraphs if p not in day1.paragraphs][0] in lines[1]["article"]["text"]
    assert lines[0]["article"]["title"] == day1.title and not any(b in out.read_text("utf-8") for b in MOJIBAKE)
    assert all(c["record_id"].startswith("<urn:uuid:") and c["warc"]["file"] for c in lines)
    fixity = json.loads(Path(str(out) + ".fixity.json").read_text(encoding="utf-8"))
    assert fixity["files"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert [s["key"] for s in fixity["sources"]] == [  # the captures objects the lines were read from
        f"captures/2026/11/{day}/masr-today/arshif-masr-today-202611{day}T000000Z.jsonl" for day in ("28", "29")]
    assert all(s["sha256"] and s["manifest"] for s in fixity["sources"])
    sha256sum_check(out)


def test_the_wire_story_cluster_has_both_sites_articles(archive, tmp_path):
    from arshif.urls import canonical_url

    seed, copy = scenario().wire_pair
    cluster = json.loads(arshif(archive["env"], "cluster", seed, "--json").stdout)["cluster"]
    out = tmp_path / "wire.jsonl"
    summary = export(archive, out, "--cluster", cluster, "--format", "jsonl")
    assert summary["sites"] == ["gulf-wire", "masr-today"]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {c["canonical_url"] for c in lines} == {canonical_url(seed), canonical_url(copy)}
    assert {c["site"] for c in lines} == {"masr-today", "gulf-wire"}
    # the same selection as WARC: every record of those captures, and nothing else
    warc = tmp_path / "wire.warc.gz"
    export(archive, warc, "--cluster", cluster, "--format", "warc")
    warcio_check(warc)
    heads = {r["id"] for r in records_of(warc.read_bytes()) if r["type"] in ("response", "revisit")}
    assert heads == {c["record_id"] for c in lines}


def test_a_site_as_wacz_validates_and_its_fixity_holds(archive, tmp_path):
    out = tmp_path / "levant-post.wacz"
    summary = export(archive, out, "--site", "levant-post", "--format", "wacz")
    validate = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(out)], capture_output=True, text=True)
    assert validate.returncode == 0 and "is valid" in validate.stdout, validate.stdout + validate.stderr
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        members = {name: zf.read(name) for name in names}
        (warc_name,) = [n for n in names if n.startswith("archive/")]
        assert zf.getinfo(warc_name).compress_type == zipfile.ZIP_STORED  # replay seeks in it
    assert set(names) == {warc_name, "indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json",
                          "datapackage-digest.json"}
    datapackage = json.loads(members["datapackage.json"])
    assert datapackage["wacz_version"] == "1.1.1"
    for resource in datapackage["resources"]:
        data = members[resource["path"]]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and resource["bytes"] == len(data)
    digest = json.loads(members["datapackage-digest.json"])
    assert digest["hash"] == "sha256:" + hashlib.sha256(members["datapackage.json"]).hexdigest()
    # the fixity manifest beside the package: the package's hash, and every member's
    fixity = json.loads(Path(summary["fixity"]).read_text(encoding="utf-8"))
    assert fixity["files"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert {c["path"]: c["sha256"] for c in fixity["contents"]} == {
        name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    sha256sum_check(out)
    # the index is sorted and each line points at its record in the package's WARC
    warc = members[warc_name]
    warcio_path = tmp_path / "inside.warc.gz"
    warcio_path.write_bytes(warc)
    warcio_check(warcio_path)
    lines = members["indexes/index.cdxj"].decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == summary["captures"]
    for line in lines:
        fields = json.loads(line.split(" ", 2)[2])
        assert fields["filename"] == warc_name.removeprefix("archive/")
        start, length = int(fields["offset"]), int(fields["length"])
        (record,) = records_of(warc[start:start + length])
        assert record["url"] == fields["url"]
        assert record["type"] == ("revisit" if fields["mime"] == "warc/revisit" else "response")
    # pages: Arabic titles as published (windows-1256 on the site), UTF-8 in the file
    raw = members["pages/pages.jsonl"]
    pages = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert pages[0]["format"] == "json-pages-1.0"
    titles = {p["url"]: p.get("title") for p in pages[1:]}
    for article in expected_articles("levant-post", 1)[:8]:
        assert titles[article.url] == article.title
        assert article.title.encode("utf-8") in raw  # written as UTF-8, not \u escapes
    assert not any(bad in raw.decode("utf-8") for bad in MOJIBAKE)
    # each article page carries its extracted text (ReplayWeb.page searches inside it)
    texts = {p["url"]: p.get("text") for p in pages[1:]}
    for article in expected_articles("levant-post", 1)[:8]:
        assert article.paragraphs[0][:40] in texts[article.url]
    assert all(texts.values())


def test_mistakes_are_refused_with_a_message(archive, tmp_path):
    env = archive["env"]
    out = tmp_path / "x.warc.gz"
    cases = [
        (("--site", "no-such-site"), 1, "sites archived: gulf-wire, levant-post, masr-today"),
        (("--url", "http://127.0.0.21:8765/news/does-not-exist/"), 1, "no capture of"),
        (("--cluster", "c-00000000"), 1, "no story cluster"),
        (("--site", "levant-post", "--from", "2026-11-30", "--to", "2026-11-29"), 2, "is after --to"),
        (("--site", "levant-post", "--to", "2020-01-01"), 1, "none captured"),
        (("--site", "levant-post", "--url", scenario().edited), 2, "exactly one of"),
        ((), 2, "exactly one of"),
        (("--site", "levant-post", "--from", "last week"), 2, "cannot read"),
    ]
    for args, code, message in cases:
        result = arshif(env, "export", *args, "-o", str(out), check=False)
        assert result.returncode == code and message in result.stderr, (args, result.returncode, result.stderr)
        assert not out.exists()
    unnamed = arshif(env, "export", "--site", "levant-post", "-o", str(tmp_path / "x.bin"), check=False)
    assert unnamed.returncode == 2 and "--format" in unnamed.stderr
    # an existing output is kept unless --force
    out.write_bytes(b"keep me")
    refused = arshif(env, "export", "--url", scenario().edited, "-o", str(out), check=False)
    assert refused.returncode == 1 and "--force" in refused.stderr and out.read_bytes() == b"keep me"
    arshif(env, "export", "--url", scenario().edited, "-o", str(out), "--force")
    assert out.read_bytes() != b"keep me"
    warcio_check(out)
    # only the three files: no temporary left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.warc.gz", "x.warc.gz.fixity.json", "x.warc.gz.sha256"]
    help_text = arshif(env, "export", "--help").stdout
    assert all(option in help_text for option in ("--site", "--url", "--cluster", "--from", "--to", "--format",
                                                  "--force", "--json"))
