"""Export's parts on a small run part archived into a real SeaweedFS (no demo network): the
selection window, the byte-for-byte WARC with a revisit's payload, and an export that stops,
leaving nothing behind, when a catalog position does not hold the record it names."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from small_parts import archive_part
from warcio.archiveiterator import ArchiveIterator

from arshif.catalog import Catalog
from arshif.export import (
    ExportIntegrityError,
    NothingSelected,
    OutputExists,
    Selection,
    SelectionError,
    export,
)
from arshif.export.select import iso
from arshif.export.wacz import archive_name

RUN = "20261128T000000Z"
SITE = "masr-today"


def test_the_window_is_capture_time_in_utc_with_dates_inclusive():
    whole = Selection(site="s", since="2026-11-28", until="2026-11-29").window()
    assert whole == (datetime(2026, 11, 28, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
    start, end = Selection(site="s", since="2026-11-28T10:00+02:00", until="20261128120000").window()
    assert start == datetime(2026, 11, 28, 8, tzinfo=UTC) and iso(end) == "2026-11-28T12:00:00.000001Z"
    assert Selection(site="s", since="2026-11-29", until="2026-11-29").window()[1] == datetime(2026, 11, 30, tzinfo=UTC)
    with pytest.raises(SelectionError, match="is after --to"):
        Selection(site="s", since="2026-11-30", until="2026-11-29")
    with pytest.raises(SelectionError, match="exactly one of"):
        Selection(site="s", cluster="c-1")
    with pytest.raises(SelectionError, match="cannot read"):
        Selection(url="http://x/", until="tomorrow")


def test_the_warc_inside_a_wacz_is_named_after_the_package():
    assert archive_name("levant-post 2026.wacz") == "levant-post-2026.warc.gz"
    assert archive_name(".wacz") == "export.warc.gz"


@pytest.fixture
def small_archive(store, tmp_path):
    """One run part: a page, then the same bytes again (a revisit whose payload is the first)."""
    store.ensure_bucket()
    catalog = Catalog(tmp_path / "catalog.sqlite")
    fetches = archive_part(store, catalog, tmp_path / "staged", SITE, RUN, path="/news/{i}/", counts={})
    out = tmp_path / "out"
    out.mkdir()
    yield store, catalog, out, fetches
    catalog.close()


def records(data: bytes) -> list[tuple[str, str, bytes]]:
    iterator, out = ArchiveIterator(io.BytesIO(data)), []
    for record in iterator:
        record.content_stream().read()
        start, length = iterator.get_record_offset(), iterator.get_record_length()
        out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header("WARC-Filename"),
                    data[start:start + length]))
    return out


def test_a_revisit_alone_comes_with_its_payload_record(small_archive):
    store, catalog, out, fetches = small_archive
    target = out / "revisit.warc.gz"
    summary = export(store, catalog, Selection(url=fetches[1]["url"]), "warc", target)
    got = records(target.read_bytes())
    assert [(kind, url) for kind, url, _ in got] == [
        ("warcinfo", "revisit.warc.gz"), ("warcinfo", f"arshif-{SITE}-{RUN}-00000.warc.gz"),
        ("response", fetches[0]["url"]),  # the payload, from the other capture
        ("revisit", fetches[1]["url"]), ("request", fetches[1]["url"]), ("metadata", fetches[1]["url"])]
    row = catalog.capture(fetches[1]["response"]["record_id"])
    assert got[3][2] == store.get_range(row["warc_file"], row["warc_offset"], row["warc_length"])
    assert got[2][2] == store.get_range(row["payload_warc_file"], row["payload_warc_offset"],
                                        row["payload_warc_length"])
    assert summary["counts"] == {"captures": 1, "payload_records": 1, "source_warcinfo_records": 1, "records": 6}
    fixity = json.loads(Path(summary["fixity"]).read_text(encoding="utf-8"))
    assert [p["role"] for p in fixity["pieces"]] == ["warcinfo", "payload", "capture"]
    with pytest.raises(OutputExists, match="--force"):
        export(store, catalog, Selection(url=fetches[1]["url"]), "warc", target)


def test_a_position_that_does_not_hold_its_record_stops_the_export(small_archive):
    store, catalog, out, fetches = small_archive
    second = fetches[1]["response"]["record_id"]
    # the catalog drifted: a wrong length for the second capture's record…
    catalog.db.execute("UPDATE captures SET warc_length = warc_length - 1 WHERE record_id = ?", (second,))
    with pytest.raises(ExportIntegrityError, match="not the capture record"):
        export(store, catalog, Selection(site=SITE), "wacz", out / "site.wacz")
    # …or a position inside the first capture's records
    catalog.db.execute("UPDATE captures SET warc_length = warc_length + 1, warc_offset = (SELECT warc_offset "
                       "+ warc_length FROM captures WHERE record_id = ?) WHERE record_id = ?",
                       (fetches[0]["response"]["record_id"], second))
    with pytest.raises(ExportIntegrityError, match="catalog"):
        export(store, catalog, Selection(site=SITE), "warc", out / "site.warc.gz")
    assert list(out.iterdir()) == []  # nothing half-written, no temporary folder left


def test_nothing_in_the_window(small_archive):
    store, catalog, out, _fetches = small_archive
    with pytest.raises(NothingSelected, match="they run from 2026-11-28T08:15:00"):
        export(store, catalog, Selection(site=SITE, since="2026-11-29"), "jsonl", out / "x.jsonl")
    assert list(out.iterdir()) == []
