"""The run ledger (arshif/ledger/) on small run parts archived into a real SeaweedFS: each run
part appends one write-once entry chained to the one before; concurrent writers form one chain;
`verify` finds each kind of tampering (a manifest rewritten, an entry deleted, two entries
swapped, a WARC byte flipped) and names the entry or object; a purge joins the chain and leaves
it verifying; `reindex` rebuilds the catalog's view from the bucket alone."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
from small_parts import RUN, archive_part, retry_part, rewrite

from arshif import layout, ledger
from arshif.catalog import Catalog
from arshif.integrity.verify import verify
from storage.s3 import ObjectStore

SITES = ("masr-today", "levant-post", "gulf-wire")


@pytest.fixture
def parts(store, tmp_path):
    store.ensure_bucket()
    catalog = Catalog(tmp_path / "catalog.sqlite")
    fetches = {site: archive_part(store, catalog, tmp_path / "staged", site, host=21 + i)
               for i, site in enumerate(SITES)}
    yield store, catalog, fetches
    catalog.close()


def problems(store) -> list[tuple[str, str, str]]:
    report = verify(store, None)
    return [(p.kind, p.reason, p.key) for p in report.problems]


def test_each_run_part_appends_one_entry_chained_to_the_one_before(parts):
    store, catalog, _ = parts
    stored = [ledger.read_entry(store, n) for n in (1, 2, 3)]
    assert [e.entry["site"] for e in stored] == list(SITES)
    assert stored[0].entry["previous"] == "0" * 64
    assert [e.entry["previous"] for e in stored[1:]] == [e.sha256 for e in stored[:2]]
    for found in stored:
        manifest = layout.manifest_key(RUN, found.entry["site"])
        assert found.entry["object"] == {"key": manifest, "sha256": hashlib.sha256(store.get(manifest)).hexdigest()}
        assert found.entry["kind"] == "run-part" and found.entry["captures"] == 2 and found.entry["run_key"] == RUN
        assert found.sha256 == hashlib.sha256(store.get(found.key)).hexdigest()
    assert ledger.head(store) == stored[2]
    assert catalog.ledger_head()["sha256"] == stored[2].sha256 and catalog.ledger_contiguous() == 3
    report = verify(store, None)
    assert report.clean, report.problems
    assert report.ledger["head"]["position"] == 3 and report.ledger["head"]["sha256"] == stored[2].sha256
    # Written once: the store refuses other bytes at a taken position.
    with pytest.raises(Exception, match="already exists"):
        store.put_once(ledger.entry_key(2), b"{}\n")


def test_a_retried_archive_step_appends_no_second_entry(parts):
    store, catalog, _ = parts
    retry_part(store, catalog, "levant-post")  # the manifest is there
    assert ledger.positions(store) == [1, 2, 3]
    # The catalog lost its view (a step died after the append): the bucket's entry is found.
    catalog.db.execute("DELETE FROM ledger")
    retry_part(store, catalog, "gulf-wire")
    assert ledger.positions(store) == [1, 2, 3] and catalog.ledger_entry_for(
        layout.manifest_key(RUN, "gulf-wire"))["position"] == 3
    # A step that died between the manifest and its entry: verify says so; the retry appends it.
    store.client.delete_object(Bucket=store.bucket, Key=store.full_key(ledger.entry_key(3)))
    catalog.db.execute("DELETE FROM ledger")
    assert problems(store) == [("missing", "ledger-unrecorded", layout.manifest_key(RUN, "gulf-wire"))]
    retry_part(store, catalog, "gulf-wire")
    assert ledger.positions(store) == [1, 2, 3] and problems(store) == []


def test_concurrent_writers_form_one_chain(store):
    """Eight writers, each its own S3 client, append at once: every entry lands at its own
    position (IfNoneMatch decides who gets N; the others move on), and the chain verifies."""
    store.ensure_bucket()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        own = ObjectStore(store.endpoint_url, store.bucket, prefix=store.prefix)
        try:
            for i in range(5):
                ledger.append(own, {"kind": "run-part", "object": {"key": f"runs/w{n}/{i}/manifest.json",
                                                                    "sha256": "0" * 64}})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    from arshif.ledger.chain import read_chain

    chain = read_chain(store)
    assert sorted(chain.entries) == list(range(1, 41)) and chain.intact and chain.intact_to == 40
    keys = [h.entry["object"]["key"] for h in chain.entries.values()]
    assert len(set(keys)) == 40  # each append exactly once


def test_a_rewritten_manifest_is_reported_naming_its_entry(parts):
    store, _, _ = parts
    key = layout.manifest_key(RUN, "levant-post")
    original = store.get(key)
    manifest = json.loads(original)
    manifest["counts"]["fetched"] = 1  # a figure changed after the fact
    rewrite(store, key, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
    report = verify(store, None)
    assert [(p.kind, p.reason, p.key) for p in report.problems] == [("corrupt", "ledger-manifest-differs", key)]
    problem = report.problems[0]
    assert problem.expected == {"sha256": hashlib.sha256(original).hexdigest(), "entry": ledger.entry_key(2)}
    assert "ledger entry 2" in problem.detail and "rewritten" in problem.detail


def test_a_deleted_entry_is_the_first_break(parts):
    store, _, _ = parts
    store.client.delete_object(Bucket=store.bucket, Key=store.full_key(ledger.entry_key(2)))
    report = verify(store, None)
    assert [(p.kind, p.reason, p.key) for p in report.problems] == [
        ("missing", "ledger-entry-missing", ledger.entry_key(2)),
        # its manifest is no longer recorded by any entry
        ("missing", "ledger-unrecorded", layout.manifest_key(RUN, "levant-post"))]
    assert report.ledger["intact"] is False and report.ledger["intact_to"] == 1


def test_two_swapped_entries_are_reported_as_reordered(parts):
    store, _, _ = parts
    second, third = store.get(ledger.entry_key(2)), store.get(ledger.entry_key(3))
    rewrite(store, ledger.entry_key(2), third)
    rewrite(store, ledger.entry_key(3), second)
    assert problems(store) == [("corrupt", "ledger-entry-reordered", ledger.entry_key(2))]


def test_an_altered_entry_breaks_the_next_link(parts):
    store, _, _ = parts
    entry = json.loads(store.get(ledger.entry_key(1)))
    entry["captures"] = 3
    rewrite(store, ledger.entry_key(1), ledger.encode(entry))
    assert problems(store) == [("corrupt", "ledger-entry-altered", ledger.entry_key(1))]


def test_a_flipped_warc_byte_is_corrupt_and_the_chain_still_holds(parts):
    store, _, _ = parts
    key = layout.warc_key(RUN, "gulf-wire")
    data = bytearray(store.get(key))
    data[len(data) // 2] ^= 1
    rewrite(store, key, bytes(data))
    report = verify(store, None)
    assert [(p.kind, p.reason, p.key) for p in report.problems] == [("corrupt", "sha256", key)]
    assert report.ledger["intact"] is True


def test_a_purge_joins_the_chain_which_still_verifies(parts):
    from arshif.takedown import purge, take_down

    store, catalog, fetches = parts
    result = take_down(store, catalog, fetches["levant-post"][0]["url"], "court order", "tester",
                       "2026-11-30T10:00:00Z")
    record = purge(store, catalog, result, "the editor")
    head = ledger.head(store)
    assert head.position == 4 and head.entry["kind"] == "purge" and head.entry["takedown"] == record["id"]
    purge_key = layout.purge_key(record["id"])
    assert head.entry["object"] == {"key": purge_key, "sha256": hashlib.sha256(store.get(purge_key)).hexdigest()}
    report = verify(store, None)
    assert report.clean, report.problems
    assert report.ledger["entries"] == 4 and report.ledger["intact"]
    # A purge resumed after a crash does not record itself twice.
    purge(store, catalog, result, "the editor")
    assert ledger.positions(store) == [1, 2, 3, 4]


def test_reindex_rebuilds_the_catalogs_view_from_the_bucket(parts, tmp_path):
    from arshif.integrity.rebuild import rebuild_catalog

    store, catalog, _ = parts
    summary = rebuild_catalog(store, tmp_path / "rebuilt.sqlite")
    assert summary.ledger_entries == 3 and summary.ledger_head["sha256"] == ledger.head(store).sha256
    rebuilt = Catalog(tmp_path / "rebuilt.sqlite")
    columns = "position, sha256, previous, kind, object_key, object_sha256, run_key, site, recorded_at"
    assert [tuple(r) for r in rebuilt.db.execute(f"SELECT {columns} FROM ledger ORDER BY position")] == \
        [tuple(r) for r in catalog.db.execute(f"SELECT {columns} FROM ledger ORDER BY position")]
    rebuilt.close()


def test_an_archive_made_before_the_ledger_is_adopted(parts):
    """Run parts committed without entries (an older arshif): verify names each; `ledger adopt`
    records them, oldest run first, once."""
    from arshif.integrity.report_text import format_report

    store, catalog, _ = parts
    for position in (1, 2, 3):
        store.client.delete_object(Bucket=store.bucket, Key=store.full_key(ledger.entry_key(position)))
    catalog.db.execute("DELETE FROM ledger")
    assert problems(store) == [("missing", "ledger-unrecorded", layout.manifest_key(RUN, site))
                               for site in sorted(SITES)]
    added = ledger.adopt(store, catalog)
    assert [h.entry["site"] for h in added] == sorted(SITES) and ledger.adopt(store, catalog) == []
    report = verify(store, None)
    assert report.clean, report.problems
    assert f"ledger: 3 entries, head at position 3, sha256 {added[-1].sha256}" in format_report(report)


def test_the_catalogs_view_in_postgresql(store, tmp_path):
    """The same appends with a PostgreSQL catalog (several workers on several machines)."""
    from scale.scale_pg import pg_database

    store.ensure_bucket()
    with pg_database("arshif_ledger") as url:
        catalog = Catalog(url=url)
        try:
            for i, site in enumerate(SITES):
                archive_part(store, catalog, tmp_path / "staged", site, host=21 + i)
            retry_part(store, catalog, "gulf-wire")
            assert ledger.positions(store) == [1, 2, 3]
            assert catalog.ledger_head()["sha256"] == ledger.head(store).sha256
            catalog.db.execute("DELETE FROM ledger WHERE position = 2")
            assert catalog.ledger_contiguous() == 1 and catalog.ledger_last() == 3
            assert ledger.sync_catalog(store, catalog) == 1 and catalog.ledger_contiguous() == 3
        finally:
            catalog.close()
