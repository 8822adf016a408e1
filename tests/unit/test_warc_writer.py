"""arshif/warc/writer.py digests and compresses a body in one piece, on a thread of its own: the
WARC file must be the very bytes warcio's own chunked writing makes (records, digests and the
gzip members alike), and the positions and facts reported the same."""

from __future__ import annotations

import gzip
import io
import itertools
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from arshif.warc import writer as warc_writer

PARAGRAPH = "<p>أعلنت الحكومة اليوم عن الموازنة الجديدة للعام المقبل، وقالت إنها تركز على التعليم.</p>\n"


def bodies() -> list[bytes]:
    rng = random.Random(5)
    html = ("<html><body>" + PARAGRAPH * 2500 + "</body></html>").encode()
    # Around warcio's 16 KiB pieces, empty, binary, and a real page's size.
    return [b"", b"x", html[:16383], html[:16384], html[:16385], html[:200_000], rng.randbytes(70_000), html]


def write(folder: Path, whole_body: bool, monkeypatch: pytest.MonkeyPatch, threaded: bool = False) -> tuple[bytes, list]:
    ids = itertools.count()
    monkeypatch.setattr(warc_writer, "new_record_id", lambda: f"<urn:uuid:{next(ids)}>")
    if not whole_body:  # warcio as it is: chunked digests and writes
        monkeypatch.setattr(warc_writer, "_WholeBodyWriter", WARCWriter)
        monkeypatch.setattr(warc_writer, "_Body", io.BytesIO)
    writer = warc_writer.WarcFileWriter(folder / "x.warc.gz", {"operator": "test"})
    facts = []
    for n, body in enumerate(bodies()):
        fetch = dict(url=f"http://example.com/news/{n}?a=b", method="POST" if n % 3 == 0 else "GET",
                     request_headers=[("Host", "example.com"), ("Accept", "*/*")],
                     request_body=b"q=1" if n % 3 == 0 else b"", status=200 if body else 204, reason="OK",
                     response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
                     body=body, fetched_at=datetime(2026, 11, 29, 8, n, tzinfo=UTC), ip_address="127.0.0.1")
        done = writer.submit_fetch(**fetch).result() if threaded else writer.write_fetch(**fetch)
        facts.append(done)
    writer.close()
    monkeypatch.undo()
    data, start = (folder / "x.warc.gz").read_bytes(), facts[0].response.offset
    # The warcinfo record holds a random id and the time: compare what follows it.
    relative = [(f.url, f.fetched_at, f.status, f.content_type, f.payload_digest, f.ip_address,
                 f.response.record_id, f.response.offset - start, f.response.length,
                 f.request.record_id, f.request.offset - start, f.request.length) for f in facts]
    return data[start:], relative


def test_the_same_bytes_as_warcio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    reference, reference_facts = write(tmp_path / "a", whole_body=False, monkeypatch=monkeypatch)
    ours, facts = write(tmp_path / "b", whole_body=True, monkeypatch=monkeypatch)
    threaded, threaded_facts = write(tmp_path / "c", whole_body=True, monkeypatch=monkeypatch, threaded=True)
    assert ours == reference and threaded == reference
    assert facts == reference_facts == threaded_facts
    records = list(ArchiveIterator(io.BytesIO(gzip.compress(b"") + reference)))
    digests = [r.rec_headers.get_header("WARC-Payload-Digest") for r in records if r.rec_type == "response"]
    assert len(digests) == len(bodies()) and all(d.startswith("sha1:") for d in digests)
