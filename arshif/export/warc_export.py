"""The WARC of an export: the archived records of the selected captures, byte for byte.

Each capture is its response (or revisit) record, the request record that follows it in the
bucket's WARC, and the records after those that name it (the ``metadata`` record holding the
extracted article); a revisit brings along the record holding its payload when that is not
selected itself, so that the export replays on its own. Each source WARC's own warcinfo record comes
with its records, and the export opens with a warcinfo record of its own saying what it is.
Bytes are copied gzip member by gzip member from the bucket by ranged GET at the catalog's
positions (adjacent ones in one GET), and every copied record is parsed and its digests checked
before it is written: a catalog position that does not hold the record it names stops the export.
"""

from __future__ import annotations

import bisect
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from warcio.exceptions import ArchiveLoadFailed

from arshif.warc.reader import checked_records

# One ranged GET covers adjacent pieces up to this many bytes (memory stays bounded).
MAX_GET = 64 * 1024 * 1024


class ExportIntegrityError(RuntimeError):
    """The bucket does not hold, at a catalog position, the record the catalog names."""


@dataclass
class Piece:
    """A stretch of a source WARC copied into the export: one or more whole gzip members."""

    role: str  # "warcinfo" | "capture" (response or revisit + its request) | "payload"
    source: str
    offset: int
    length: int
    record_id: str | None = None
    row: dict | None = None  # the catalog row (a capture's, or the payload's own when known)
    head_length: int | None = None  # the first record's length (response/revisit) for the index
    export_offset: int = -1
    sha256: str = ""
    records: list[dict] = field(default_factory=list)  # what the copied records are

    def to_dict(self) -> dict:
        return {"role": self.role, "record_id": self.record_id,
                "source": {"file": self.source, "offset": self.offset, "length": self.length},
                "export": {"offset": self.export_offset, "length": self.length},
                "sha256": self.sha256,
                "records": [{"type": r["type"], "id": r["id"]} for r in self.records]}


def plan_pieces(catalog, rows: list[dict], file_size: Callable[[str], int],
                warcinfo_length: Callable[[str], int]) -> list[Piece]:
    """What to copy, in the order it is written: per source WARC (in key order, so by day),
    its warcinfo record, then the selected records in their order in that file.

    A capture's piece reaches to the next capture of its file (or the file's end): what lies
    in between is the capture's own (request, metadata). ``check_piece`` keeps the records that
    name the capture and cuts the piece after them."""
    selected = {r["record_id"] for r in rows}
    pieces: dict[str, list[Piece]] = {}
    for row in rows:
        pieces.setdefault(row["warc_file"], []).append(Piece(
            "capture", row["warc_file"], row["warc_offset"], 0,
            record_id=row["record_id"], row=row, head_length=row["warc_length"]))
    payloads: dict[str, Piece] = {}
    for row in rows:
        payload_id = row.get("payload_record_id")
        if not payload_id or payload_id == row["record_id"] or payload_id in selected or payload_id in payloads:
            continue
        if row.get("payload_warc_file") is None:
            raise ExportIntegrityError(f"the catalog does not say where the payload of {row['record_id']} "
                                       f"({row['url']}) is; run `arshif reindex`")
        payloads[payload_id] = Piece(
            "payload", row["payload_warc_file"], row["payload_warc_offset"], row["payload_warc_length"],
            record_id=payload_id, row=catalog.capture(payload_id), head_length=row["payload_warc_length"])
    for piece in payloads.values():
        pieces.setdefault(piece.source, []).append(piece)
    ordered: list[Piece] = []
    for source in sorted(pieces):
        starts = [r[0] for r in catalog.db.execute(
            "SELECT warc_offset FROM captures WHERE warc_file = ? ORDER BY warc_offset", (source,))]
        size = file_size(source)
        ordered.append(Piece("warcinfo", source, 0, warcinfo_length(source)))
        in_file = sorted(pieces[source], key=lambda p: p.offset)
        for piece in in_file:
            if piece.role == "capture":
                following = bisect.bisect_right(starts, piece.offset)
                piece.length = (starts[following] if following < len(starts) else size) - piece.offset
                least = piece.head_length + (piece.row.get("request_length") or 0)
                if piece.length < least:
                    raise ExportIntegrityError(
                        f"the catalog places {piece.record_id} at {source} {piece.offset}+{least}, "
                        f"beyond the next capture or the file's end ({piece.offset + piece.length}); "
                        "run `arshif verify`")
        for before, after in zip(in_file, in_file[1:], strict=False):
            if after.offset < before.offset + before.length:
                raise ExportIntegrityError(
                    f"catalog positions overlap in {source}: {before.record_id} at {before.offset}+"
                    f"{before.length} and {after.record_id} at {after.offset}; run `arshif verify`")
        ordered.extend(in_file)
    return ordered


def first_member_length(store, key: str, size: int) -> int:
    """The length of the first gzip member of a WARC (its warcinfo record), read by ranged GET."""
    want = min(size, 64 * 1024)
    while True:
        data = store.get_range(key, 0, want)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            inflater.decompress(data)
        except zlib.error as exc:
            raise ExportIntegrityError(f"{store.url(key)} does not start with a gzip member: {exc}") from exc
        if inflater.eof:
            return want - len(inflater.unused_data)
        if want >= size:
            raise ExportIntegrityError(f"{store.url(key)}: its first gzip member never ends")
        want = min(size, want * 4)


def runs_of(pieces: list[Piece]) -> list[list[Piece]]:
    """Adjacent pieces of one source, grouped for one ranged GET each."""
    runs: list[list[Piece]] = []
    for piece in pieces:
        last = runs[-1][-1] if runs else None
        if (last is not None and last.source == piece.source and last.offset + last.length == piece.offset
                and piece.offset + piece.length - runs[-1][0].offset <= MAX_GET):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs


def check_piece(piece: Piece, data: bytes, where: str) -> list[dict]:
    """Parses the piece's records, checks their digests, and that they are what the catalog says."""
    try:
        records = checked_records(data)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error) as exc:
        raise ExportIntegrityError(f"{where} is not intact WARC data: {exc}; run `arshif verify --deep`") from exc
    types = [r["type"] for r in records]
    if piece.role == "warcinfo":
        ok = types == ["warcinfo"]
    elif piece.role == "payload":
        ok = types == ["response"] and records[0]["id"] == piece.record_id
    else:
        ok = (types[:1] in (["response"], ["revisit"]) and records[0]["id"] == piece.record_id
              and records[0]["length"] == piece.head_length)
        if ok:
            # The capture's own records: its request, and what names it (the metadata record).
            own = 1
            while own < len(records) and piece.record_id in (records[own]["concurrent_to"],
                                                             records[own]["refers_to"]):
                own += 1
            records = records[:own]
            request_length = (piece.row or {}).get("request_length") or 0
            ok = (not request_length or (len(records) > 1 and records[1]["type"] == "request"
                                         and records[1]["length"] == request_length))
    if not ok:
        raise ExportIntegrityError(
            f"{where} holds {[(r['type'], r['id']) for r in records]}, not the {piece.role} record "
            f"{piece.record_id or ''} the catalog names; run `arshif verify --deep` and `arshif reindex`")
    return records


def copy_pieces(store, pieces: list[Piece], out, progress: Callable[[str], None]) -> None:
    """Writes the pieces to ``out`` (after whatever it holds), filling in where each went."""
    runs = runs_of(pieces)
    done = 0
    for number, run in enumerate(runs, 1):
        start, end = run[0].offset, run[-1].offset + run[-1].length
        data = store.get_range(run[0].source, start, end - start)
        for piece in run:
            chunk = data[piece.offset - start:piece.offset - start + piece.length]
            where = f"{store.url(piece.source)} at {piece.offset}+{piece.length}"
            piece.records = check_piece(piece, chunk, where)
            # A capture's piece ends after its own last record (see plan_pieces).
            piece.length = piece.records[-1]["offset"] + piece.records[-1]["length"]
            chunk = chunk[:piece.length]
            piece.sha256 = hashlib.sha256(chunk).hexdigest()
            piece.export_offset = out.tell()
            out.write(chunk)
        done += len(run)
        if number == len(runs) or number % 50 == 0:
            progress(f"copied {done}/{len(pieces)} pieces ({number}/{len(runs)} ranged GETs)")
